// The drand chains a campaign may name, and what is known about them without a network: the
// chain hash binds a public key, genesis time and period to the 64 hex digits a campaign
// publishes, and a round's time follows from genesis and period. Pure: node:crypto only, so
// the campaign schema (here) and the draw and its verifier (raffle/) share one table.
import { createHash } from 'node:crypto';
import type { ChainInfo } from 'drand-client';

/**
 * drand's chain hash: SHA-256(period u32 BE ‖ genesis_time i64 BE ‖ public key
 * ‖ group hash ‖ beacon ID unless "default"). Recomputing it ties the public
 * key a relay hands us to the chain hash the campaign published, so a relay
 * cannot swap in a key of its own. Checked against the default, quicknet and
 * quicknet-t chain infos that drand-client ships.
 */
export function chainHashOf(info: ChainInfo): string {
  const period = Buffer.alloc(4);
  period.writeUInt32BE(info.period);
  const genesis = Buffer.alloc(8);
  genesis.writeBigInt64BE(BigInt(info.genesis_time));
  const parts = [period, genesis, Buffer.from(info.public_key, 'hex'), Buffer.from(info.groupHash, 'hex')];
  const beaconId = info.metadata?.beaconID ?? '';
  if (beaconId !== '' && beaconId !== 'default') parts.push(Buffer.from(beaconId, 'utf8'));
  return createHash('sha256').update(Buffer.concat(parts)).digest('hex');
}

/**
 * The drand chains Paddock ships the public key of, so a record naming one verifies offline.
 * The values are those drand-client 1.4.2 ships (its defaults.ts) and api.drand.sh serves at
 * /{hash}/info; beacon.test.ts recomputes each chain hash from them, which binds the key to
 * the hash (a wrong key would give another hash), and verifies a recorded round of each.
 */
export const QUICKNET: ChainInfo = {
  public_key:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  period: 3,
  genesis_time: 1692803367,
  hash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  groupHash: 'f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e',
  schemeID: 'bls-unchained-g1-rfc9380',
  metadata: { beaconID: 'quicknet' },
};

/** drand's original League of Entropy chain ("default"): chained, 30 s rounds. */
export const MAINNET_DEFAULT: ChainInfo = {
  public_key: '868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31',
  period: 30,
  genesis_time: 1595431050,
  hash: '8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce',
  groupHash: '176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a',
  schemeID: 'pedersen-bls-chained',
  metadata: { beaconID: 'default' },
};

export const WELL_KNOWN_CHAINS: readonly ChainInfo[] = [QUICKNET, MAINNET_DEFAULT];

/** Signature schemes drand-client can verify; a chain of another scheme cannot be checked. */
export const SCHEMES = ['bls-unchained-g1-rfc9380', 'pedersen-bls-chained', 'pedersen-bls-unchained', 'bls-unchained-on-g1', 'bls-bn254-unchained-on-g1'] as const;

export function wellKnownChain(hash: string): ChainInfo | null {
  return WELL_KNOWN_CHAINS.find((c) => c.hash === hash) ?? null;
}

/** Round r is emitted at genesis + (r − 1) × period (drand's own roundTime). */
export function roundEmittedAt(info: Pick<ChainInfo, 'genesis_time' | 'period'>, round: number): Date {
  return new Date((info.genesis_time + (round - 1) * info.period) * 1000);
}


/** A round as a campaign announces it: the chain, the round, and for a chain Paddock does not ship, its /info. */
export interface AnnouncedBeacon {
  chain: string;
  round: number;
  public_key?: string | undefined;
  genesis_time?: number | undefined;
  period?: number | undefined;
  scheme?: string | undefined;
  group_hash?: string | undefined;
  beacon_id?: string | undefined;
}

export const CHAIN_INFO_FIELDS = ['public_key', 'genesis_time', 'period', 'scheme', 'group_hash'] as const;

/** The chain's info: shipped with Paddock, or as the campaign wrote it; null when neither says. */
export function announcedChain(beacon: AnnouncedBeacon): ChainInfo | null {
  const known = wellKnownChain(beacon.chain);
  if (known) return known;
  const { public_key, genesis_time, period, scheme, group_hash } = beacon;
  if (public_key === undefined || genesis_time === undefined || period === undefined || scheme === undefined || group_hash === undefined) return null;
  return { public_key, genesis_time, period, hash: beacon.chain, groupHash: group_hash, schemeID: scheme, metadata: { beaconID: beacon.beacon_id ?? 'default' } };
}

/** The first round emitted at least `marginSeconds` after `instant` (round 1 if the chain starts later). */
export function firstRoundAfter(info: Pick<ChainInfo, 'genesis_time' | 'period'>, instant: Date, marginSeconds = 0): number {
  const target = instant.getTime() / 1000 + marginSeconds;
  // Strictly after: a round emitted exactly at the close is not after it.
  return Math.max(1, Math.floor((target - info.genesis_time) / info.period) + 2);
}

/** A chained scheme signs each round together with the previous round's signature, which a record must then carry. */
export const isChained = (info: { schemeID: string }) => info.schemeID === 'pedersen-bls-chained';

/** The round as drand's public relay serves it: where a reader can look a beacon up. */
export const relayRoundUrl = (chain: string, round: number) => `https://api.drand.sh/${chain}/public/${round}`;
