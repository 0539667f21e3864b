import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BeaconError, chainHashOf, fetchVerifiedBeacon, offlineBeacon } from './beacon';

// Chain infos exactly as drand-client 1.4.2 ships them (lib/defaults.ts).
const DEFAULT_CHAIN = {
  public_key: '868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31',
  period: 30,
  genesis_time: 1595431050,
  hash: '8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce',
  groupHash: '176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a',
  schemeID: 'pedersen-bls-chained',
  metadata: { beaconID: 'default' },
};
const QUICKNET = {
  public_key:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  period: 3,
  genesis_time: 1692803367,
  hash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  groupHash: 'f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e',
  schemeID: 'bls-unchained-g1-rfc9380',
  metadata: { beaconID: 'quicknet' },
};
// drand's "walkthrough" test chain and its round 38, both taken from
// drand-client's test/beacon-verification.test.ts ("signatures on G1 with DST"),
// where the signature verifies against this public key.
const WALKTHROUGH = {
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

/** A loopback drand relay whose answers each test can replace. */
async function startFakeDrand(): Promise<{ url: string; server: Server; routes: Map<string, unknown> }> {
  const routes = new Map<string, unknown>([
    [`/${WALKTHROUGH.hash}/info`, WALKTHROUGH],
    [`/${WALKTHROUGH.hash}/public/38`, ROUND_38],
  ]);
  const server = createServer((req, res) => {
    const body = routes.get(req.url ?? '');
    if (body === 'hang') return; // never answers
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, routes };
}

describe('chainHashOf', () => {
  it("reproduces the published hashes of drand's chains", () => {
    for (const info of [DEFAULT_CHAIN, QUICKNET, WALKTHROUGH]) assert.equal(chainHashOf(info), info.hash);
  });

  it('changes when the public key is swapped', () => {
    assert.notEqual(chainHashOf({ ...QUICKNET, public_key: WALKTHROUGH.public_key }), QUICKNET.hash);
  });
});

describe('offlineBeacon', () => {
  it('normalises hex to lower case and checks sizes', () => {
    const b = offlineBeacon(QUICKNET.hash.toUpperCase(), 1000, ` ${ROUND_38.randomness.toUpperCase()} `);
    assert.deepEqual(b, { chain: QUICKNET.hash, round: 1000, randomness: ROUND_38.randomness });
    assert.throws(() => offlineBeacon(QUICKNET.hash, 1000, ROUND_38.signature), BeaconError);
    assert.throws(() => offlineBeacon('52db', 1000, ROUND_38.randomness), BeaconError);
    assert.throws(() => offlineBeacon(QUICKNET.hash, 0, ROUND_38.randomness), BeaconError);
    assert.throws(() => offlineBeacon(QUICKNET.hash, 1.5, ROUND_38.randomness), BeaconError);
  });
});

describe('fetchVerifiedBeacon', () => {
  let relay: Awaited<ReturnType<typeof startFakeDrand>>;
  const reset = () => {
    relay.routes.set(`/${WALKTHROUGH.hash}/info`, WALKTHROUGH);
    relay.routes.set(`/${WALKTHROUGH.hash}/public/38`, ROUND_38);
  };
  before(async () => {
    relay = await startFakeDrand();
  });
  after(() => {
    relay.server.closeAllConnections();
    relay.server.close();
  });

  it('returns a round whose BLS signature verifies', async () => {
    reset();
    const beacon = await fetchVerifiedBeacon({ drandUrl: `${relay.url}/`, chain: WALKTHROUGH.hash, round: 38 });
    assert.equal(beacon.randomness, ROUND_38.randomness);
    assert.equal(beacon.signature, ROUND_38.signature);
    assert.equal(beacon.round, 38);
    assert.equal(beacon.emittedAt.getTime(), (WALKTHROUGH.genesis_time + 37 * WALKTHROUGH.period) * 1000);
  });

  it('rejects a relay serving the wrong round, forged randomness, or a bad signature', async () => {
    reset();
    relay.routes.set(`/${WALKTHROUGH.hash}/public/39`, ROUND_38);
    await assert.rejects(fetchVerifiedBeacon({ drandUrl: relay.url, chain: WALKTHROUGH.hash, round: 39 }), BeaconError);
    relay.routes.set(`/${WALKTHROUGH.hash}/public/38`, { ...ROUND_38, randomness: 'c3'.repeat(32) });
    await assert.rejects(fetchVerifiedBeacon({ drandUrl: relay.url, chain: WALKTHROUGH.hash, round: 38 }), BeaconError);
    // Flipping a bit makes the point invalid or the pairing fail; randomness is recomputed so only the BLS check stands.
    const sig = `${ROUND_38.signature.slice(0, -1)}7`;
    const { createHash } = await import('node:crypto');
    relay.routes.set(`/${WALKTHROUGH.hash}/public/38`, {
      round: 38,
      signature: sig,
      randomness: createHash('sha256').update(Buffer.from(sig, 'hex')).digest('hex'),
    });
    await assert.rejects(fetchVerifiedBeacon({ drandUrl: relay.url, chain: WALKTHROUGH.hash, round: 38 }), BeaconError);
  });

  it('rejects chain info whose key does not hash to the requested chain', async () => {
    reset();
    relay.routes.set(`/${WALKTHROUGH.hash}/info`, { ...WALKTHROUGH, public_key: QUICKNET.public_key });
    await assert.rejects(
      fetchVerifiedBeacon({ drandUrl: relay.url, chain: WALKTHROUGH.hash, round: 38 }),
      /does not describe chain/,
    );
  });

  it('refuses a round emitted before the campaign closed', async () => {
    reset();
    const emitted = new Date((WALKTHROUGH.genesis_time + 37 * WALKTHROUGH.period) * 1000);
    await assert.rejects(
      fetchVerifiedBeacon({ drandUrl: relay.url, chain: WALKTHROUGH.hash, round: 38, emittedAfter: emitted }),
      /not after/,
    );
    const ok = await fetchVerifiedBeacon({
      drandUrl: relay.url,
      chain: WALKTHROUGH.hash,
      round: 38,
      emittedAfter: new Date(emitted.getTime() - 1),
    });
    assert.equal(ok.round, 38);
  });

  it('gives up on a silent relay and reports an unreachable one', async () => {
    reset();
    relay.routes.set(`/${WALKTHROUGH.hash}/info`, 'hang');
    await assert.rejects(
      fetchVerifiedBeacon({ drandUrl: relay.url, chain: WALKTHROUGH.hash, round: 38, timeoutMs: 200 }),
      /within 200 ms/,
    );
    await assert.rejects(fetchVerifiedBeacon({ drandUrl: relay.url, chain: QUICKNET.hash, round: 38 }), /chain info/);
  });
});
