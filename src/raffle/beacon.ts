// The public randomness a draw mixes in: one drand round named before the
// campaign closed. Offline, the operator passes the round's randomness as hex;
// online, we fetch it from DRAND_URL and let drand-client check its BLS
// signature, so the server we ask never has to be trusted.
import { HttpCachingChain, HttpChainClient, fetchBeacon, roundTime, type ChainInfo } from 'drand-client';
import { createHash } from 'node:crypto';
import type { DrawBeacon } from './record';

const HEX32 = /^[0-9a-f]{64}$/;

export class BeaconError extends Error {
  readonly code = 'RAFFLE_BEACON';
}

export interface VerifiedBeacon extends DrawBeacon {
  signature: string;
  /** When the round was emitted, from the chain's genesis time and period. */
  emittedAt: Date;
}

/** The offline path: the operator copied the round's randomness from a drand relay. */
export function offlineBeacon(chain: string, round: number, randomnessHex: string): DrawBeacon {
  const c = chain.trim().toLowerCase();
  const r = randomnessHex.trim().toLowerCase();
  if (!HEX32.test(c)) throw new BeaconError('the drand chain hash must be 64 hex characters');
  if (!Number.isSafeInteger(round) || round < 1) throw new BeaconError('the drand round must be a positive integer');
  if (!HEX32.test(r)) throw new BeaconError('the beacon randomness must be 64 hex characters (32 bytes)');
  return { chain: c, round, randomness: r };
}

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

export interface FetchBeaconOptions {
  /** Base URL of a drand HTTP relay, e.g. https://api.drand.sh (DRAND_URL). */
  drandUrl: string;
  chain: string;
  round: number;
  /** Refuse a round emitted at or before this instant (the campaign's closes_at). */
  emittedAfter?: Date;
  timeoutMs?: number;
}

/** Fetches `{drandUrl}/{chain}/info` and `/public/{round}` and verifies the signature. */
export async function fetchVerifiedBeacon(options: FetchBeaconOptions): Promise<VerifiedBeacon> {
  const chainHash = options.chain.trim().toLowerCase();
  if (!HEX32.test(chainHash)) throw new BeaconError('the drand chain hash must be 64 hex characters');
  if (!Number.isSafeInteger(options.round) || options.round < 1) {
    throw new BeaconError('the drand round must be a positive integer');
  }
  const baseUrl = `${options.drandUrl.replace(/\/+$/, '')}/${chainHash}`;
  const chainOptions = { disableBeaconVerification: false, noCache: false };
  const chain = new HttpCachingChain(baseUrl, chainOptions);

  return withTimeout(options.timeoutMs ?? 15_000, baseUrl, async () => {
    const info = await chain.info().catch((err: unknown) => {
      throw new BeaconError(`could not read chain info from ${baseUrl}/info: ${(err as Error).message}`);
    });
    if (info.hash !== chainHash || chainHashOf(info) !== chainHash) {
      throw new BeaconError(`${baseUrl}/info does not describe chain ${chainHash}`);
    }
    const emittedAt = new Date(roundTime(info, options.round));
    if (options.emittedAfter && emittedAt.getTime() <= options.emittedAfter.getTime()) {
      throw new BeaconError(
        `round ${options.round} was emitted at ${emittedAt.toISOString()}, not after ${options.emittedAfter.toISOString()}`,
      );
    }
    const client = new HttpChainClient(chain, {
      ...chainOptions,
      chainVerificationParams: { chainHash, publicKey: info.public_key },
    });
    // fetchBeacon checks the BLS signature against the chain's public key and
    // that randomness = SHA-256(signature); it throws when either fails.
    const beacon = await fetchBeacon(client, options.round).catch((err: unknown) => {
      throw new BeaconError(`round ${options.round} from ${baseUrl}: ${(err as Error).message}`);
    });
    return {
      chain: chainHash,
      round: beacon.round,
      randomness: beacon.randomness.toLowerCase(),
      signature: beacon.signature.toLowerCase(),
      emittedAt,
    };
  });
}

// drand-client's fetch has no timeout of its own; a silent relay must not hang the CLI.
async function withTimeout<T>(ms: number, what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BeaconError(`no answer from ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
