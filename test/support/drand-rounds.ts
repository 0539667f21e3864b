// Real drand rounds for the draw's tests, shared so the CLI and the admin draw with the same
// signed values: a beacon's signature verifies only against its own round and chain key.

/** drand's quicknet chain hash (its public key ships with Paddock: grandprix/drand-chains.ts). */
export const QUICKNET = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';

/**
 * A real quicknet round, recorded from api.drand.sh in ChainSafe/forest's
 * src/beacon/tests/fixtures/drand_quicknet.json; emitted at genesis + (round − 1) × 3 s.
 */
export const ROUND = {
  round: 30662982,
  randomness: 'ae76da5137c6d0a0d3b50d325948b26cc3ff1f804cd7bbca29b9250c2bfe8d67',
  signature: '8b3edd0d42a2fa36ac15641a2dea2e4f4895acec2ef72ef39e5b6138f0346fb6b046dde1b4b3d09ff5fe8a6a7acd674a',
};
export const ROUND_AT = (1692803367 + (ROUND.round - 1) * 3) * 1000;

/** drand's walkthrough test chain (its /info) and its round 38, from drand-client's test/beacon-verification.test.ts. */
export const WALKTHROUGH = {
  public_key:
    '81d320f220ee9c79e60e19dedc838c31e3ab919b15481e9feb52f643628c4f6a13fdc52129493875a818109d767272ca0541cbcdcea9335f2870d781b39b845ba8cbd44fdfe4967781cf72ca5917fc9398bcf97ca0548ed5a709016c4b1ff0f3',
  period: 3,
  genesis_time: 1687506816,
  hash: 'af8b6fc95693b058a3a59efe586eb31c2c352fe00cf40c62a427d87c34f7a235',
  groupHash: '02d678e93908888871b70e3f015b396a8c082bc1493ae5479f8743cb5d972b54',
  schemeID: 'bls-unchained-g1-rfc9380',
  metadata: { beaconID: 'walkthrough' },
};
export const WALK_38 = {
  round: 38,
  randomness: 'b2fc21325a24904a6a9e81a6c63f65f6cec3f0b2400df3f4a56b214770e9ccca',
  signature: '95c93585c513ebbcb4777ff15599b3140e5ec0295faa0e483f3deadd88fa6d43f0d3703e3a4ce106e8fd6c6987f32126',
};
/** When round 38 of the walkthrough chain was emitted (ms). */
export const WALK_38_AT = (WALKTHROUGH.genesis_time + 37 * WALKTHROUGH.period) * 1000;
/** A minute after round 38 of the walkthrough chain was emitted: the earliest a draw on it may run. */
export const WALK_38_DRAWABLE = new Date(WALK_38_AT + 60_000);

/** The walkthrough chain as a campaign's YAML describes it (`draw.beacon`): Paddock does not ship its key. */
export const WALKTHROUGH_BEACON = {
  chain: WALKTHROUGH.hash,
  round: WALK_38.round,
  public_key: WALKTHROUGH.public_key,
  genesis_time: WALKTHROUGH.genesis_time,
  period: WALKTHROUGH.period,
  scheme: WALKTHROUGH.schemeID,
  group_hash: WALKTHROUGH.groupHash,
  beacon_id: WALKTHROUGH.metadata.beaconID,
};

/** A signature with one byte changed: the form of a real one, drand's for nothing. */
export function forged(signature: string): string {
  return `${signature.slice(0, 40)}${signature.slice(40, 42) === '00' ? '11' : '00'}${signature.slice(42)}`;
}
