import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { buildDrawRecord, entriesDigest, sortCodes } from './draw';
import { DrawRecordShapeError, DrawRecordSyntaxError, parseDrawRecord, serializeDrawRecord, type DrawRecord } from './record';
import { isoInstant, selfCheck, verifyDrawRecord } from './verify';

const CODES = ['GP25-QX7M', 'GP25-2B9K', 'GP25-H4TW', 'GP25-9ZLC', 'GP25-A3RN', 'GP25-M8VD', 'GP25-7PFE', 'GP25-K2JS', 'GP25-XW5U', 'GP25-C6GY'];

function makeRecord(overrides: { beacon?: boolean; entries?: string[] } = {}): DrawRecord {
  return buildDrawRecord({
    campaign: 'grand-prix-2025',
    closesAt: '2025-12-01T21:00:00+03:00',
    seedHex: 'a1'.repeat(32),
    beacon:
      overrides.beacon === false
        ? null
        : { chain: 'af8b6fc95693b058a3a59efe586eb31c2c352fe00cf40c62a427d87c34f7a235', round: 38, randomness: 'b2fc21325a24904a6a9e81a6c63f65f6cec3f0b2400df3f4a56b214770e9ccca' },
    entries: overrides.entries ?? CODES,
    prizes: ['First', 'Second', 'Third'],
    drawnAt: '2025-12-02T10:00:00Z',
  });
}

// Deep copy, change, and report which field verify names first.
function tamper(change: (r: DrawRecord) => void, base = makeRecord()): { field: string; message: string } {
  const copy = structuredClone(base);
  change(copy);
  const result = verifyDrawRecord(copy);
  assert.equal(result.ok, false, 'tampered record must not verify');
  return result as { field: string; message: string };
}

// Keeps the entry list internally consistent so the check under test is the one that fires.
function redigest(r: DrawRecord): void {
  r.entries = sortCodes(r.entries);
  r.entries_digest = entriesDigest(r.entries);
}

describe('verifyDrawRecord', () => {
  it('accepts honest records with and without a beacon, and after a JSON round trip', () => {
    for (const beacon of [true, false]) {
      const record = makeRecord({ beacon });
      assert.deepEqual(verifyDrawRecord(record), { ok: true });
      assert.deepEqual(verifyDrawRecord(parseDrawRecord(serializeDrawRecord(record))), { ok: true });
    }
  });

  it('names the commitment when the seed is changed', () => {
    const m = tamper((r) => {
      r.seed = 'b2'.repeat(32);
    });
    assert.equal(m.field, 'commitment');
    assert.equal(m.message, 'commitment does not match SHA-256(seed)');
  });

  it('catches a seed swapped together with its commitment through the ranking', () => {
    const m = tamper((r) => {
      r.seed = 'b2'.repeat(32);
      r.commitment = createHash('sha256').update(Buffer.from(r.seed, 'hex')).digest('hex');
    });
    assert.match(m.field, /^(winners|alternates)\[\d\]$/);
  });

  it('names entries_digest when one code is changed', () => {
    const m = tamper((r) => {
      r.entries[r.entries.length - 1] = 'GP25-ZZZZ';
    });
    assert.equal(m.field, 'entries_digest');
  });

  it('names the ranking when a code is dropped and the digest recomputed', () => {
    const base = makeRecord();
    const m = tamper((r) => {
      r.entries = r.entries.filter((c) => c !== base.winners[0]?.code);
      redigest(r);
    }, base);
    assert.equal(m.field, 'winners[0]');
  });

  it('names the beacon-dependent ranking when the beacon randomness is changed', () => {
    const m = tamper((r) => {
      if (r.beacon) r.beacon.randomness = 'c3'.repeat(32);
    });
    assert.match(m.field, /^(winners|alternates)\[\d\]$/);
  });

  it('names the winner that was swapped', () => {
    const base = makeRecord();
    const outsider = base.entries.find((c) => !base.winners.some((w) => w.code === c) && !base.alternates.includes(c));
    assert.ok(outsider);
    const m = tamper((r) => {
      (r.winners[1] as { code: string }).code = outsider;
    }, base);
    assert.equal(m.field, 'winners[1]');
    assert.ok(m.message.includes(JSON.stringify(outsider)));
  });

  it('names swapped prize numbers, a missing winner and reordered alternates', () => {
    assert.equal(tamper((r) => ((r.winners[0] as { prize: number }).prize = 2)).field, 'winners[0].prize');
    assert.equal(tamper((r) => r.winners.pop()).field, 'winners');
    assert.equal(tamper((r) => r.alternates.reverse()).field, 'alternates[0]');
    assert.equal(tamper((r) => r.alternates.push(r.winners[0]?.code ?? '')).field, 'alternates[5]');
  });

  it('accepts a shorter alternates list (it is K) but not one longer than the entries allow', () => {
    const r = makeRecord();
    r.alternates = r.alternates.slice(0, 2);
    assert.deepEqual(verifyDrawRecord(r), { ok: true });
    const m = tamper((x) => x.alternates.push('GP25-NEW1', 'GP25-NEW2', 'GP25-NEW3'));
    assert.equal(m.field, 'alternates');
  });

  it('names unsorted, duplicate and malformed entries', () => {
    assert.equal(tamper((r) => r.entries.reverse()).message.startsWith('entries are not sorted'), true);
    assert.equal(tamper((r) => r.entries.reverse()).field, 'entries');
    assert.equal(tamper((r) => { r.entries.splice(1, 0, r.entries[0] as string); }).field, 'entries[1]');
    assert.equal(tamper((r) => { r.entries[0] = ''; }).field, 'entries[0]');
    assert.equal(tamper((r) => { r.entries[0] = 'GP25\n2B9K'; }).field, 'entries[0]');
  });

  it('sorts non-ASCII entries by UTF-8 bytes, not JavaScript order', () => {
    const entries = ['😀-1', '\uFB00-2', 'É-3', 'E-4', 'e-5'];
    const honest = makeRecord({ entries });
    assert.deepEqual(honest.entries, ['E-4', 'e-5', 'É-3', '\uFB00-2', '😀-1']);
    assert.deepEqual(verifyDrawRecord(honest), { ok: true });
    const m = tamper((r) => {
      r.entries = [...r.entries].sort(); // UTF-16 order: the emoji jumps ahead of U+FB00
      r.entries_digest = createHash('sha256').update(r.entries.join('\n')).digest('hex');
    }, honest);
    assert.equal(m.field, 'entries');
  });

  it('names version, hex format and dates', () => {
    assert.equal(tamper((r) => (r.version = 'paddock-draw/2')).field, 'version');
    assert.equal(tamper((r) => (r.commitment = r.commitment.toUpperCase())).field, 'commitment');
    assert.equal(tamper((r) => (r.entries_digest = r.entries_digest.slice(1))).field, 'entries_digest');
    assert.equal(tamper((r) => r.beacon && (r.beacon.chain = 'xyz')).field, 'beacon.chain');
    assert.equal(tamper((r) => r.beacon && (r.beacon.round = 0)).field, 'beacon.round');
    assert.equal(tamper((r) => (r.closes_at = '2025-12-01')).field, 'closes_at');
    assert.equal(tamper((r) => (r.drawn_at = '2025-11-30T10:00:00Z')).field, 'drawn_at');
    assert.equal(tamper((r) => (r.prizes = [])).field, 'prizes');
  });

  it('reports only the first mismatch', () => {
    const m = tamper((r) => {
      r.seed = 'b2'.repeat(32);
      r.entries.reverse();
    });
    assert.equal(m.field, 'commitment');
  });
});

describe('isoInstant', () => {
  it('reads offsets and fractions the way a Python verifier would', () => {
    assert.equal(isoInstant('2025-12-01T21:00:00+03:00'), Date.UTC(2025, 11, 1, 18));
    assert.equal(isoInstant('2025-12-01T18:00Z'), Date.UTC(2025, 11, 1, 18));
    assert.equal(isoInstant('2025-12-01T18:00:00.1239Z'), Date.UTC(2025, 11, 1, 18, 0, 0, 123));
    assert.equal(isoInstant('0050-01-01T00:00:00Z'), new Date('0050-01-01T00:00:00Z').getTime());
  });

  it('refuses dates Date.parse would roll over', () => {
    for (const bad of ['2023-02-30T00:00:00Z', '2023-06-23T24:00:00Z', '2023-06-23T07:55:60Z', '2023-06-23T07:55:00', '2023-06-23', '2023-06-23T07:55:00+24:00']) {
      assert.equal(isoInstant(bad), null, bad);
    }
  });
});

describe('parseDrawRecord', () => {
  it('separates non-JSON from wrongly shaped JSON and names the field', () => {
    assert.throws(() => parseDrawRecord('{not json'), DrawRecordSyntaxError);
    const record = JSON.parse(serializeDrawRecord(makeRecord())) as Record<string, unknown>;
    delete record.seed;
    assert.throws(() => parseDrawRecord(JSON.stringify(record)), (e: unknown) => e instanceof DrawRecordShapeError && e.field === 'seed' && e.message === 'seed is missing');
    // Named like the Python verifier in docs/draw.md does: the record's field, and what it must be.
    const wrong = { ...makeRecord(), winners: [{ prize: 1, code: 7 }] };
    assert.throws(
      () => parseDrawRecord(JSON.stringify(wrong)),
      (e: unknown) => e instanceof DrawRecordShapeError && e.field === 'winners' && /^winners has the wrong type: expected a list of objects with an integer prize and a string code$/.test(e.message),
    );
    // The first field in the published order, whatever order a schema library reports them in.
    const both = { ...makeRecord(), version: 1 } as Record<string, unknown>;
    delete both.drawn_at;
    assert.throws(() => parseDrawRecord(JSON.stringify(both)), (e: unknown) => e instanceof DrawRecordShapeError && e.field === 'version');
    assert.throws(() => parseDrawRecord('[]'), (e: unknown) => e instanceof DrawRecordShapeError && e.field === '(record)');
  });
});

describe('selfCheck', () => {
  const record = makeRecord();

  it('finds winners, alternates and plain entries', () => {
    const winner = record.winners[2] as { prize: number; code: string };
    assert.deepEqual(selfCheck(record, winner.code), { inDraw: true, prize: 3 });
    assert.deepEqual(selfCheck(record, record.alternates[0] as string), { inDraw: true, alternate: 1 });
    const plain = record.entries.find((c) => !record.winners.some((w) => w.code === c) && !record.alternates.includes(c));
    assert.deepEqual(selfCheck(record, plain as string), { inDraw: true });
  });

  it('says when a code was not in the draw, matching exactly', () => {
    assert.deepEqual(selfCheck(record, 'GP25-NOPE'), { inDraw: false });
    assert.deepEqual(selfCheck(record, (record.winners[0] as { code: string }).code.toLowerCase()), { inDraw: false });
  });
});
