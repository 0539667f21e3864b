import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { captureIo } from '../../test/support/capture-io';
import { QUICKNET, ROUND, WALK_38, WALK_38_AT, WALKTHROUGH } from '../../test/support/drand-rounds';
import { buildDrawRecord } from './draw';
import { serializeDrawRecord, type DrawRecord } from './record';
import { runRaffleVerify } from './verify-command';

function record(overrides: { closesAt?: string; randomness?: string } = {}): DrawRecord {
  return buildDrawRecord({
    campaign: 'grand-prix-2023',
    closesAt: overrides.closesAt ?? new Date(WALK_38_AT - 60_000).toISOString(),
    seedHex: '5e'.repeat(32),
    beacon: { chain: WALKTHROUGH.hash, round: 38, randomness: overrides.randomness ?? WALK_38.randomness },
    entries: ['GP-01', 'GP-02', 'GP-03', 'GP-04', 'GP-05', 'GP-06', 'GP-07'],
    prizes: ['One', 'Two', 'Three'],
    drawnAt: new Date(WALK_38_AT + 60_000),
  });
}

describe('runRaffleVerify', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const served = new Map<string, string>();

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'paddock-raffle-'));
    // One loopback server plays both the site publishing the record and a drand relay.
    server = createServer((req, res) => {
      const body = served.get(req.url ?? '');
      if (body === undefined) res.writeHead(404).end('no such thing');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    served.set(`/${WALKTHROUGH.hash}/info`, JSON.stringify(WALKTHROUGH));
    served.set(`/${WALKTHROUGH.hash}/public/38`, JSON.stringify(WALK_38));
  });
  after(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, text: string): Promise<string> {
    const p = path.join(dir, name);
    await writeFile(p, text);
    return p;
  }

  it('prints OK and returns 0 for an honest record file', async () => {
    const c = captureIo();
    assert.equal(await runRaffleVerify(await file('good.json', serializeDrawRecord(record())), c.io), 0);
    assert.equal(c.stdout(), 'OK\n');
    assert.match(c.stderr(), /set DRAND_URL/);
  });

  it('prints the first mismatch and returns 1 for a tampered file', async () => {
    const bad = record();
    bad.winners = bad.winners.map((w, i) => (i === 0 ? { ...w, code: bad.alternates[0] as string } : w));
    const c = captureIo();
    assert.equal(await runRaffleVerify(await file('bad.json', serializeDrawRecord(bad)), c.io), 1);
    assert.match(c.stdout(), /^MISMATCH winners\[0\]: /);
  });

  it('returns 1 naming the field for JSON that is not a draw record', async () => {
    const c = captureIo();
    const { seed: _seed, ...noSeed } = record();
    assert.equal(await runRaffleVerify(await file('shape.json', JSON.stringify(noSeed)), c.io), 1);
    assert.equal(c.stdout(), 'MISMATCH seed: seed is missing\n');
  });

  it('returns 2 for a missing file, a non-JSON file and an unreachable URL', async () => {
    for (const arg of [path.join(dir, 'absent.json'), await file('junk.json', 'winners: everyone'), `${base}/draws/absent.json`]) {
      const c = captureIo();
      assert.equal(await runRaffleVerify(arg, c.io), 2, arg);
      assert.equal(c.stdout(), '');
      assert.match(c.stderr(), /^cannot read /);
    }
  });

  it('fetches a record from a URL', async () => {
    served.set('/draws/grand-prix-2023.json', serializeDrawRecord(record()));
    const c = captureIo();
    assert.equal(await runRaffleVerify(`${base}/draws/grand-prix-2023.json`, c.io), 0);
    assert.equal(c.stdout(), 'OK\n');
  });

  it('checks the beacon against drand when DRAND_URL is given', async () => {
    const honest = await file('beacon-ok.json', serializeDrawRecord(record()));
    let c = captureIo();
    assert.equal(await runRaffleVerify(honest, c.io, { drandUrl: base }), 0);
    assert.equal(c.stderr(), '');

    // Internally consistent record, but with randomness drand never published.
    c = captureIo();
    const forged = await file('beacon-forged.json', serializeDrawRecord(record({ randomness: 'd4'.repeat(32) })));
    assert.equal(await runRaffleVerify(forged, c.io), 0, 'offline the forgery is undetectable');
    c = captureIo();
    assert.equal(await runRaffleVerify(forged, c.io, { drandUrl: base }), 1);
    assert.match(c.stdout(), /^MISMATCH beacon\.randomness: /);

    // A round chosen after the fact: emitted before entries closed.
    c = captureIo();
    const late = await file('beacon-late.json', serializeDrawRecord(record({ closesAt: new Date(WALK_38_AT).toISOString() })));
    assert.equal(await runRaffleVerify(late, c.io, { drandUrl: base }), 1);
    assert.match(c.stdout(), /^MISMATCH beacon\.round: /);

    c = captureIo();
    assert.equal(await runRaffleVerify(honest, c.io, { drandUrl: `${base}/nowhere` }), 2);
    assert.match(c.stderr(), /cannot check the drand beacon/);
  });
});

describe('runRaffleVerify with a signed round (offline)', () => {
  // A real quicknet round (test/support/drand-rounds.ts); Paddock ships quicknet's public key.
  const EMITTED = '2026-07-23T07:38:30.000Z';
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'paddock-signed-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const signed = (beacon: Partial<typeof ROUND> & { chain?: string } = {}, closesAt = '2026-07-01T00:00:00Z') =>
    buildDrawRecord({
      campaign: 'signed-prix',
      closesAt,
      seedHex: '7a'.repeat(32),
      beacon: { chain: QUICKNET, ...ROUND, ...beacon },
      entries: ['GP-01', 'GP-02', 'GP-03', 'GP-04'],
      prizes: ['One', 'Two'],
      drawnAt: '2026-07-23T08:00:00Z',
    });
  const run = async (r: DrawRecord, name: string) => {
    const p = path.join(dir, name);
    await writeFile(p, serializeDrawRecord(r));
    const c = captureIo();
    const status = await runRaffleVerify(p, c.io);
    return { status, stdout: c.stdout(), stderr: c.stderr() };
  };
  const flip = (hex: string, at: number) => hex.slice(0, at * 2) + (parseInt(hex.slice(at * 2, at * 2 + 2), 16) ^ 0x80).toString(16).padStart(2, '0') + hex.slice(at * 2 + 2);

  it('checks the signature against the shipped public key with no network and no DRAND_URL', async () => {
    const ok = await run(signed(), 'ok.json');
    assert.deepEqual(ok, { status: 0, stdout: 'OK\n', stderr: '' });
  });

  it('names the forgery: a flipped signature byte, a randomness that is not its hash, a round before the close', async () => {
    const sig = flip(ROUND.signature, 30);
    const forged = await run(signed({ signature: sig, randomness: createHash('sha256').update(Buffer.from(sig, 'hex')).digest('hex') }), 'forged.json');
    assert.equal(forged.status, 1);
    assert.equal(forged.stdout, "MISMATCH beacon.signature: beacon.signature is not drand's signature of round 30662982: it does not verify against the public key of chain 52db9ba70e0c…\n");

    const made = await run(signed({ randomness: 'd4'.repeat(32) }), 'made.json');
    assert.equal(made.stdout, 'MISMATCH beacon.randomness: beacon.randomness is not SHA-256 of beacon.signature, as drand defines it\n');

    const late = await run(signed({}, EMITTED), 'late.json');
    assert.equal(late.stdout, `MISMATCH beacon.round: drand round 30662982 was emitted at ${EMITTED}, not after closes_at\n`);
  });

  it('a signed round of a chain Paddock does not ship needs its info or DRAND_URL', async () => {
    const other = 'cd'.repeat(32);
    const p = path.join(dir, 'other.json');
    await writeFile(p, serializeDrawRecord(signed({ chain: other })));
    const c = captureIo();
    assert.equal(await runRaffleVerify(p, c.io), 2);
    assert.match(c.stderr(), /does not ship the public key of chain cdcd.*--chain-info FILE or set DRAND_URL/);
  });

  it("checks a walkthrough-chain round offline against the chain's /info given with --chain-info", async () => {
    const walk = buildDrawRecord({
      campaign: 'walk-prix',
      closesAt: new Date(WALK_38_AT - 60_000).toISOString(),
      seedHex: '5e'.repeat(32),
      beacon: { chain: WALKTHROUGH.hash, ...WALK_38 },
      entries: ['GP-01', 'GP-02', 'GP-03'],
      prizes: ['One'],
      drawnAt: new Date(WALK_38_AT + 60_000),
    });
    const recordFile = path.join(dir, 'walk.json');
    await writeFile(recordFile, serializeDrawRecord(walk));
    const infoFile = path.join(dir, 'walk-info.json');
    await writeFile(infoFile, JSON.stringify(WALKTHROUGH));
    let c = captureIo();
    assert.equal(await runRaffleVerify(recordFile, c.io, { chainInfoFiles: [infoFile] }), 0, c.stderr());
    assert.equal(c.stdout(), 'OK\n');

    // A key that does not hash to the record's chain is not that chain's key.
    const swapped = path.join(dir, 'swapped-info.json');
    await writeFile(swapped, JSON.stringify({ ...WALKTHROUGH, public_key: '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a' }));
    c = captureIo();
    assert.equal(await runRaffleVerify(recordFile, c.io, { chainInfoFiles: [swapped] }), 2);
    assert.match(c.stderr(), /does not hash to af8b6fc9/);

    const junk = path.join(dir, 'junk-info.json');
    await writeFile(junk, '{"hash": 1}');
    c = captureIo();
    assert.equal(await runRaffleVerify(recordFile, c.io, { chainInfoFiles: [junk] }), 2);
    assert.match(c.stderr(), /not a drand chain's \/info/);
  });
});
