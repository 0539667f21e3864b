import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { captureIo } from '../../test/support/capture-io';
import { buildDrawRecord } from './draw';
import { serializeDrawRecord, type DrawRecord } from './record';
import { runRaffleVerify } from './verify-command';

// drand's walkthrough test chain and its signed round 38 (from drand-client's
// own tests; beacon.test.ts checks the signature).
const CHAIN_INFO = {
  public_key:
    '81d320f220ee9c79e60e19dedc838c31e3ab919b15481e9feb52f643628c4f6a13fdc52129493875a818109d767272ca0541cbcdcea9335f2870d781b39b845ba8cbd44fdfe4967781cf72ca5917fc9398bcf97ca0548ed5a709016c4b1ff0f3',
  period: 3,
  genesis_time: 1687506816,
  hash: 'af8b6fc95693b058a3a59efe586eb31c2c352fe00cf40c62a427d87c34f7a235',
  groupHash: '02d678e93908888871b70e3f015b396a8c082bc1493ae5479f8743cb5d972b54',
  schemeID: 'bls-unchained-g1-rfc9380',
  metadata: { beaconID: 'walkthrough' },
};
const ROUND_38 = {
  round: 38,
  randomness: 'b2fc21325a24904a6a9e81a6c63f65f6cec3f0b2400df3f4a56b214770e9ccca',
  signature: '95c93585c513ebbcb4777ff15599b3140e5ec0295faa0e483f3deadd88fa6d43f0d3703e3a4ce106e8fd6c6987f32126',
};
const ROUND_38_AT = (CHAIN_INFO.genesis_time + 37 * CHAIN_INFO.period) * 1000;

function record(overrides: { closesAt?: string; randomness?: string } = {}): DrawRecord {
  return buildDrawRecord({
    campaign: 'grand-prix-2023',
    closesAt: overrides.closesAt ?? new Date(ROUND_38_AT - 60_000).toISOString(),
    seedHex: '5e'.repeat(32),
    beacon: { chain: CHAIN_INFO.hash, round: 38, randomness: overrides.randomness ?? ROUND_38.randomness },
    entries: ['GP-01', 'GP-02', 'GP-03', 'GP-04', 'GP-05', 'GP-06', 'GP-07'],
    prizes: ['One', 'Two', 'Three'],
    drawnAt: new Date(ROUND_38_AT + 60_000),
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
    served.set(`/${CHAIN_INFO.hash}/info`, JSON.stringify(CHAIN_INFO));
    served.set(`/${CHAIN_INFO.hash}/public/38`, JSON.stringify(ROUND_38));
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
    const late = await file('beacon-late.json', serializeDrawRecord(record({ closesAt: new Date(ROUND_38_AT).toISOString() })));
    assert.equal(await runRaffleVerify(late, c.io, { drandUrl: base }), 1);
    assert.match(c.stdout(), /^MISMATCH beacon\.round: /);

    c = captureIo();
    assert.equal(await runRaffleVerify(honest, c.io, { drandUrl: `${base}/nowhere` }), 2);
    assert.match(c.stderr(), /cannot check the drand beacon/);
  });
});
