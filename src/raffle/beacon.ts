// The public randomness a draw mixes in: one drand round named before the
// campaign closed. Offline, the operator passes the round's signature (the
// randomness is its SHA-256) and we check it against the chain's public key;
// online, we fetch it from DRAND_URL and check it the same way, so neither the
// operator nor the relay we ask has to be trusted.
import { HttpCachingChain, HttpChainClient, fetchBeacon, roundTime, type ChainClient, type ChainInfo, type RandomnessBeacon } from 'drand-client';
import { createHash } from 'node:crypto';
import { chainHashOf, isChained, SCHEMES } from '../grandprix/drand-chains';
import type { DrawBeacon } from './record';

const HEX32 = /^[0-9a-f]{64}$/;

export class BeaconError extends Error {
  readonly code = 'RAFFLE_BEACON';
}

export type { ChainInfo };
export { chainHashOf, MAINNET_DEFAULT, QUICKNET, roundEmittedAt, SCHEMES, WELL_KNOWN_CHAINS, wellKnownChain } from '../grandprix/drand-chains';

export interface VerifiedBeacon extends DrawBeacon {
  signature: string;
  /** When the round was emitted, from the chain's genesis time and period. */
  emittedAt: Date;
}

/** A round as drand publishes it: what the record carries to be checked offline. */
export interface SignedRound {
  round: number;
  randomness: string;
  signature: string;
  /** Chained schemes sign the previous round's signature too. */
  previous_signature?: string | undefined;
}

export type RoundCheck = { ok: true } | { ok: false; field: string; message: string };

const HEX = /^(?:[0-9a-f]{2})+$/;

export const randomnessOf = (signatureHex: string): string => createHash('sha256').update(Buffer.from(signatureHex, 'hex')).digest('hex');

/**
 * Checks a round against a chain's public key with no network: randomness = SHA-256(signature),
 * and the BLS signature over the round (and, when chained, the previous signature) verifies.
 * drand-client's own verification runs on a client that answers from memory.
 */
export async function checkSignedRound(info: ChainInfo, beacon: SignedRound): Promise<RoundCheck> {
  const fail = (field: string, message: string): RoundCheck => ({ ok: false, field, message });
  if (!HEX.test(beacon.signature)) return fail('beacon.signature', 'beacon.signature is not lower-case hex');
  if (beacon.previous_signature !== undefined && !HEX.test(beacon.previous_signature)) {
    return fail('beacon.previous_signature', 'beacon.previous_signature is not lower-case hex');
  }
  if (randomnessOf(beacon.signature) !== beacon.randomness) {
    return fail('beacon.randomness', 'beacon.randomness is not SHA-256 of beacon.signature, as drand defines it');
  }
  const chained = isChained(info);
  if (chained && !beacon.previous_signature) {
    return fail('beacon.previous_signature', `chain ${info.hash.slice(0, 12)}… is chained: the record needs the previous round's signature to check round ${beacon.round}`);
  }
  if (!(SCHEMES as readonly string[]).includes(info.schemeID)) {
    return fail('beacon.signature', `chain ${info.hash.slice(0, 12)}… uses the scheme ${info.schemeID}, which Paddock cannot verify`);
  }
  const round: RandomnessBeacon = {
    round: beacon.round,
    randomness: beacon.randomness,
    signature: beacon.signature,
    ...(chained ? { previous_signature: beacon.previous_signature as string } : {}),
  };
  const options = { disableBeaconVerification: false, noCache: true };
  const memory: ChainClient = {
    options,
    latest: async () => round,
    get: async () => round,
    chain: () => ({ baseUrl: 'memory:', info: async () => info }),
  };
  const valid = await fetchBeacon(memory, beacon.round).then(
    () => true,
    // A signature that is not even a curve point makes the library throw rather than say no.
    () => false,
  );
  if (!valid) {
    return fail('beacon.signature', `beacon.signature is not drand's signature of round ${beacon.round}: it does not verify against the public key of chain ${info.hash.slice(0, 12)}…`);
  }
  return { ok: true };
}

/**
 * The offline path: the operator copied the round's signature from a drand relay (and, for
 * the chained mainnet, the previous round's). The randomness follows from the signature; one
 * given alongside must be that hash. Nothing is accepted that does not verify.
 */
export async function offlineBeacon(
  info: ChainInfo,
  round: number,
  given: { signature: string; randomness?: string | undefined; previousSignature?: string | undefined },
): Promise<DrawBeacon> {
  const signature = given.signature.trim().toLowerCase();
  if (!HEX.test(signature)) throw new BeaconError('the beacon signature must be hex, as drand publishes it');
  const randomness = randomnessOf(signature);
  const claimed = given.randomness?.trim().toLowerCase();
  if (claimed !== undefined && claimed !== '' && claimed !== randomness) {
    throw new BeaconError(`the randomness given is not SHA-256 of the signature given (that would be ${randomness}); copy both from the same round`);
  }
  const previous = given.previousSignature?.trim().toLowerCase() || undefined;
  const beacon: SignedRound = { round, randomness, signature, ...(previous ? { previous_signature: previous } : {}) };
  const check = await checkSignedRound(info, beacon);
  if (!check.ok) throw new BeaconError(check.message);
  return { chain: info.hash, ...beacon };
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
    const previous = 'previous_signature' in beacon ? beacon.previous_signature.toLowerCase() : undefined;
    return {
      chain: chainHash,
      round: beacon.round,
      randomness: beacon.randomness.toLowerCase(),
      signature: beacon.signature.toLowerCase(),
      ...(previous ? { previous_signature: previous } : {}),
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
