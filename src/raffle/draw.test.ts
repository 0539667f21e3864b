import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  DEFAULT_ALTERNATES,
  InvalidDrawInputError,
  NotEnoughEntriesError,
  buildDrawRecord,
  commitmentOf,
  drawKey,
  entriesDigest,
  newSeed,
  rankCodes,
  resolvePrizes,
  sortCodes,
} from './draw';

const SEED = '3f1c9a7e52b0d4e86a21f0c7b93d5e48a6f2c1b0e9d87a65f4c3b2a190e8d7c6';
// drand "walkthrough" test chain, round 38 (see beacon.test.ts for its signature check).
const BEACON = {
  chain: 'af8b6fc95693b058a3a59efe586eb31c2c352fe00cf40c62a427d87c34f7a235',
  round: 38,
  randomness: 'b2fc21325a24904a6a9e81a6c63f65f6cec3f0b2400df3f4a56b214770e9ccca',
};
const CODES = [
  'GP25-QX7M', 'GP25-2B9K', 'GP25-H4TW', 'GP25-9ZLC', 'GP25-A3RN', 'GP25-M8VD',
  'GP25-7PFE', 'GP25-K2JS', 'GP25-XW5U', 'GP25-C6GY', 'GP25-R1HB', 'GP25-5NQA',
];
const PRIZES = ['Weekend with a test car', 'Track day for two', 'Paddock club gift box'];

// A deliberately naive second implementation of the spec in docs/draw.md,
// written from the text rather than from draw.ts.
function referenceDraw(seedHex: string, randomnessHex: string | null, codes: string[], prizes: number, alternates: number) {
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  const sorted = [...codes].sort((a, b) => Buffer.compare(utf8(a), utf8(b)));
  const digest = createHash('sha256').update(sorted.join('\n')).digest();
  const r = createHash('sha256')
    .update(Buffer.from(seedHex, 'hex'))
    .update(randomnessHex ? Buffer.from(randomnessHex, 'hex') : Buffer.alloc(0))
    .update(digest)
    .digest();
  const scored = sorted.map((c) => [createHmac('sha256', r).update(utf8(c)).digest().toString('hex'), c] as const);
  // Equal-length lower-case hex compares like the bytes it encodes.
  scored.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : Buffer.compare(utf8(a[1]), utf8(b[1]))));
  const ranking = scored.map((s) => s[1]);
  return {
    digest: digest.toString('hex'),
    r: r.toString('hex'),
    winners: ranking.slice(0, prizes),
    alternates: ranking.slice(prizes, prizes + alternates),
  };
}

describe('commitment', () => {
  it('hashes the 32 seed bytes, not the hex text', () => {
    // python3 -c "import hashlib;print(hashlib.sha256(bytes.fromhex('3f1c9a7e52b0d4e86a21f0c7b93d5e48a6f2c1b0e9d87a65f4c3b2a190e8d7c6')).hexdigest())"
    assert.equal(commitmentOf(SEED), '57c28662f9e1129a705eddf0e556b2d3bd5bf759c90a3a93aa05b3266d7ef3a4');
    assert.notEqual(commitmentOf(SEED), createHash('sha256').update(SEED).digest('hex'));
  });

  it('draws fresh 32-byte seeds', () => {
    const a = newSeed();
    const b = newSeed();
    assert.equal(a.length, 32);
    assert.notDeepEqual(a, b);
  });

  it('refuses a seed that is not 64 lower-case hex characters', () => {
    assert.throws(() => commitmentOf(SEED.toUpperCase()), InvalidDrawInputError);
    assert.throws(() => commitmentOf(SEED.slice(2)), InvalidDrawInputError);
  });
});

describe('sortCodes', () => {
  it('orders by UTF-8 bytes where JavaScript string order differs', () => {
    const codes = ['b', 'é', '\uFB00', '😀', 'Z', 'a'];
    // U+FB00 is ef ac 80 in UTF-8 and U+1F600 is f0 9f 98 80, so ﬀ first;
    // in UTF-16 the emoji's high surrogate D83D is below FB00.
    assert.deepEqual(sortCodes(codes), ['Z', 'a', 'b', 'é', '\uFB00', '😀']);
    assert.deepEqual([...codes].sort().slice(-2), ['😀', '\uFB00']);
  });

  it('puts a prefix before its extensions and leaves the input alone', () => {
    const input = ['AB', 'A', 'ABC', 'A\u0000'];
    assert.deepEqual(sortCodes(input), ['A', 'A\u0000', 'AB', 'ABC']);
    assert.deepEqual(input, ['AB', 'A', 'ABC', 'A\u0000']);
  });

  it('digests codes joined by newlines without a trailing one', () => {
    // python3 -c "import hashlib;print(hashlib.sha256('\n'.join(['Z','a','b','é','ﬀ','😀']).encode()).hexdigest())"
    assert.equal(entriesDigest(sortCodes(['b', 'é', '\uFB00', '😀', 'Z', 'a'])), '6cdedefdbd610a8be5eb38a3f1a6fb025e75f734b2e2c7911c0f7c69b55fee00');
    assert.equal(entriesDigest(['x']), createHash('sha256').update('x').digest('hex'));
    assert.notEqual(entriesDigest(['x']), createHash('sha256').update('x\n').digest('hex'));
  });
});

describe('buildDrawRecord', () => {
  const base = {
    campaign: 'grand-prix-2023',
    closesAt: '2023-06-23T07:55:00Z',
    seedHex: SEED,
    entries: CODES,
    prizes: PRIZES,
    drawnAt: new Date('2023-06-23T08:00:00Z'),
  };

  it('matches values computed with python3 hashlib', () => {
    const record = buildDrawRecord({ ...base, beacon: BEACON });
    // python3: d = sha256('\n'.join(sorted(codes, key=str.encode)).encode()); R = sha256(seed + randomness + d)
    //          ranking = sorted(codes, key=lambda c: hmac.new(R, c.encode(), 'sha256').digest())
    assert.equal(record.entries_digest, '36bf584eadb49231f4e8f3d30f18df571f922056f94e0cfad4afc352722c49d6');
    assert.equal(
      drawKey(SEED, BEACON.randomness, record.entries_digest).toString('hex'),
      '025387749e44c6404c59495cc29fbf4c92772ed16e7007baa55b5d2489b8237f',
    );
    assert.deepEqual(record.winners, [
      { prize: 1, code: 'GP25-QX7M' },
      { prize: 2, code: 'GP25-5NQA' },
      { prize: 3, code: 'GP25-H4TW' },
    ]);
    assert.deepEqual(record.alternates, ['GP25-R1HB', 'GP25-9ZLC', 'GP25-M8VD', 'GP25-7PFE', 'GP25-K2JS']);
    assert.equal(record.version, 'paddock-draw/1');
    assert.equal(record.closes_at, '2023-06-23T07:55:00.000Z');
    assert.equal(record.drawn_at, '2023-06-23T08:00:00.000Z');
    assert.deepEqual(record.beacon, BEACON);
  });

  it('agrees with the reference implementation on random draws, with and without a beacon', () => {
    for (let trial = 0; trial < 25; trial++) {
      const seed = newSeed().toString('hex');
      const randomness = trial % 2 ? newSeed().toString('hex') : null;
      const codes = Array.from({ length: 1 + trial * 3 }, (_, i) => `C${i}-${newSeed().toString('base64url').slice(0, 6)}`);
      const prizes = ['a', 'b', 'c'].slice(0, 1 + (trial % 3));
      const record = buildDrawRecord({
        ...base,
        seedHex: seed,
        entries: codes,
        prizes,
        alternates: trial % 7,
        allowFewer: true,
        beacon: randomness ? { ...BEACON, randomness } : null,
      });
      const want = referenceDraw(seed, randomness, codes, prizes.length, trial % 7);
      assert.equal(record.entries_digest, want.digest);
      assert.deepEqual(record.winners.map((w) => w.code), want.winners);
      assert.deepEqual(record.alternates, want.alternates);
      assert.equal(record.beacon === null, randomness === null);
    }
  });

  it('lets the beacon change the outcome and leaves it out of R when absent', () => {
    const withBeacon = buildDrawRecord({ ...base, beacon: BEACON });
    const without = buildDrawRecord({ ...base, beacon: null });
    assert.equal(without.beacon, null);
    assert.equal(
      drawKey(SEED, null, without.entries_digest).toString('hex'),
      createHash('sha256').update(Buffer.from(SEED + without.entries_digest, 'hex')).digest('hex'),
    );
    // python3 -c "import hashlib;print(hashlib.sha256(bytes.fromhex(SEED + DIGEST)).hexdigest())"
    assert.equal(drawKey(SEED, null, without.entries_digest).toString('hex'), '4f2bef433600ef9bdcc811fee9f3ad7c4c8ec7714061464640fd0853c1ce1d03');
    const rankA = [...withBeacon.winners.map((w) => w.code), ...withBeacon.alternates];
    const rankB = [...without.winners.map((w) => w.code), ...without.alternates];
    assert.notDeepEqual(rankA, rankB);
  });

  it('uses five alternates by default and fewer when entries run out', () => {
    assert.equal(DEFAULT_ALTERNATES, 5);
    assert.equal(buildDrawRecord({ ...base, beacon: null }).alternates.length, 5);
    const small = buildDrawRecord({ ...base, beacon: null, entries: CODES.slice(0, 5) });
    assert.equal(small.winners.length, 3);
    assert.equal(small.alternates.length, 2);
    const everyone = [...small.winners.map((w) => w.code), ...small.alternates].sort();
    assert.deepEqual(everyone, [...CODES.slice(0, 5)].sort());
  });

  it('refuses fewer entries than prizes unless allowed, saying how many', () => {
    const input = { ...base, beacon: null, entries: ['ONLY-ONE', 'AND-TWO'] };
    assert.throws(
      () => buildDrawRecord(input),
      (err: unknown) =>
        err instanceof NotEnoughEntriesError &&
        err.entries === 2 &&
        err.prizes === 3 &&
        /2 eligible entries for 3 prizes/.test(err.message),
    );
    const record = buildDrawRecord({ ...input, allowFewer: true });
    assert.deepEqual(record.winners.map((w) => w.prize), [1, 2]);
    assert.deepEqual(record.alternates, []);
    assert.deepEqual(buildDrawRecord({ ...input, entries: [], allowFewer: true }).winners, []);
  });

  it('refuses duplicate, empty, multi-line and ill-formed codes', () => {
    for (const bad of [['A', 'A'], [''], ['A\nB'], ['\uD800x']]) {
      assert.throws(() => buildDrawRecord({ ...base, beacon: null, entries: [...CODES, ...bad] }), InvalidDrawInputError);
    }
  });

  it('refuses malformed beacons and dates', () => {
    assert.throws(() => buildDrawRecord({ ...base, beacon: { ...BEACON, randomness: 'abcd' } }), InvalidDrawInputError);
    assert.throws(() => buildDrawRecord({ ...base, beacon: { ...BEACON, round: 0 } }), InvalidDrawInputError);
    assert.throws(() => buildDrawRecord({ ...base, beacon: null, closesAt: 'soon' }), InvalidDrawInputError);
  });

  it('ranks independently of input order', () => {
    const key = drawKey(SEED, null, entriesDigest(sortCodes(CODES)));
    assert.deepEqual(rankCodes(key, CODES), rankCodes(key, [...CODES].reverse()));
  });
});

describe('resolvePrizes', () => {
  const record = {
    winners: [
      { prize: 1, code: 'W1' },
      { prize: 2, code: 'W2' },
    ],
    alternates: ['A1', 'A2', 'A3'],
  };

  it('hands a forfeited prize to the next alternate in order', () => {
    assert.deepEqual(resolvePrizes(record, ['W2']), [
      { prize: 1, code: 'W1' },
      { prize: 2, code: 'A1' },
    ]);
  });

  it('keeps earlier hand-overs when later forfeits arrive', () => {
    assert.deepEqual(resolvePrizes(record, ['W2', 'W1']), [
      { prize: 1, code: 'A2' },
      { prize: 2, code: 'A1' },
    ]);
  });

  it('skips alternates who forfeited and runs out to null', () => {
    // A1 is skipped; prize 1 goes W1 → A2 → A3 → nobody, and prize 2 finds the queue empty.
    assert.deepEqual(resolvePrizes(record, ['A1', 'W1', 'A2', 'A3', 'W2']), [
      { prize: 1, code: null },
      { prize: 2, code: null },
    ]);
    // A2 forfeited after taking prize 1, so prize 1 moves on to A3.
    assert.deepEqual(resolvePrizes(record, ['A1', 'W1', 'A2']), [
      { prize: 1, code: 'A3' },
      { prize: 2, code: 'W2' },
    ]);
  });
});
