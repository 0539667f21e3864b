// The prize draw itself: commit-reveal seed + optional drand beacon + frozen
// entry list → a ranking anyone can recompute. Pure: node:crypto only, no I/O,
// so verify.ts and third parties re-run exactly this. docs/draw.md is the spec.
import { createHash, createHmac } from 'node:crypto';
import { codeProblem, commitmentOf, compareCodes, entriesDigest, InvalidDrawInputError, newSeed, SEED_BYTES, sha256Hex, sortCodes } from '../grandprix/draw-commitment';
import { DRAW_VERSION, type DrawBeacon, type DrawRecord } from './record';

// The commitment and the entry list belong to the vote (published at import and at the freeze);
// the draw re-exports them so that verify.ts and third parties find the whole recipe here.
export { codeProblem, commitmentOf, compareCodes, entriesDigest, InvalidDrawInputError, newSeed, SEED_BYTES, sha256Hex, sortCodes };

export const DEFAULT_ALTERNATES = 5;

const HEX32 = /^[0-9a-f]{64}$/;


/** Fewer eligible entries than prizes and the caller did not pass allowFewer. */
export class NotEnoughEntriesError extends Error {
  readonly code = 'RAFFLE_NOT_ENOUGH_ENTRIES';
  constructor(
    readonly entries: number,
    readonly prizes: number,
  ) {
    super(
      `only ${entries} eligible ${entries === 1 ? 'entry' : 'entries'} for ${prizes} ${prizes === 1 ? 'prize' : 'prizes'}; ` +
        'pass allowFewer to award only as many prizes as there are entries',
    );
  }
}

/** R = SHA-256(seed ‖ beacon randomness ‖ entries digest), raw bytes. */
export function drawKey(seedHex: string, beaconRandomnessHex: string | null, entriesDigestHex: string): Buffer {
  const parts = [hex32(seedHex, 'seed')];
  if (beaconRandomnessHex !== null) parts.push(hex32(beaconRandomnessHex, 'beacon randomness'));
  parts.push(hex32(entriesDigestHex, 'entries digest'));
  return createHash('sha256').update(Buffer.concat(parts)).digest();
}

export function scoreOf(key: Uint8Array, code: string): Buffer {
  return createHmac('sha256', key).update(Buffer.from(code, 'utf8')).digest();
}

/** Codes ordered by HMAC score, ties (practically impossible) by code bytes. */
export function rankCodes(key: Uint8Array, codes: readonly string[]): string[] {
  return codes
    .map((code) => ({ code, score: scoreOf(key, code) }))
    .sort((a, b) => Buffer.compare(a.score, b.score) || compareCodes(a.code, b.code))
    .map((s) => s.code);
}

export interface DrawOutcome {
  winners: { prize: number; code: string }[];
  alternates: string[];
}

export function splitRanking(ranking: readonly string[], prizeCount: number, alternateCount: number): DrawOutcome {
  const winners = ranking.slice(0, prizeCount).map((code, i) => ({ prize: i + 1, code }));
  const alternates = ranking.slice(winners.length, winners.length + alternateCount);
  return { winners, alternates };
}

export interface DrawInput {
  campaign: string;
  closesAt: Date | string;
  /** The committed seed, 64 lower-case hex characters. */
  seedHex: string;
  beacon: DrawBeacon | null;
  /** Eligible entry codes in any order; duplicates are refused. */
  entries: readonly string[];
  prizes: readonly string[];
  /** How many runners-up to list after the winners (default 5). */
  alternates?: number;
  /** Award only as many prizes as there are entries instead of refusing. */
  allowFewer?: boolean;
  drawnAt?: Date | string;
}

export function buildDrawRecord(input: DrawInput): DrawRecord {
  const alternateCount = input.alternates ?? DEFAULT_ALTERNATES;
  if (!Number.isInteger(alternateCount) || alternateCount < 0) {
    throw new InvalidDrawInputError(`alternates must be a non-negative integer, got ${alternateCount}`);
  }
  if (input.prizes.length === 0) throw new InvalidDrawInputError('a draw needs at least one prize');
  const seed = hex32(input.seedHex, 'seed').toString('hex');
  const beacon = input.beacon && checkBeacon(input.beacon);

  const entries = sortCodes(input.entries);
  entries.forEach((code, i) => {
    const problem = codeProblem(code);
    if (problem) throw new InvalidDrawInputError(`entry code ${JSON.stringify(code)} ${problem}`);
    if (i > 0 && code === entries[i - 1]) throw new InvalidDrawInputError(`entry code ${JSON.stringify(code)} appears twice`);
  });
  if (entries.length < input.prizes.length && !input.allowFewer) {
    throw new NotEnoughEntriesError(entries.length, input.prizes.length);
  }

  const digest = entriesDigest(entries);
  const key = drawKey(seed, beacon?.randomness ?? null, digest);
  const { winners, alternates } = splitRanking(rankCodes(key, entries), input.prizes.length, alternateCount);
  return {
    version: DRAW_VERSION,
    campaign: input.campaign,
    closes_at: isoString(input.closesAt, 'closesAt'),
    commitment: commitmentOf(seed),
    seed,
    beacon,
    entries,
    entries_digest: digest,
    prizes: [...input.prizes],
    winners,
    alternates,
    drawn_at: isoString(input.drawnAt ?? new Date(), 'drawnAt'),
  };
}

export interface PrizeHolder {
  prize: number;
  /** null when every alternate has been used up. */
  code: string | null;
}

/**
 * Who holds each prize after forfeits, given in the order they happened.
 * A forfeited prize passes to the first alternate (in record order) not yet
 * promoted and not already forfeited; replaying in order keeps earlier
 * hand-overs stable when a later forfeit arrives.
 */
export function resolvePrizes(record: Pick<DrawRecord, 'winners' | 'alternates'>, forfeits: readonly string[]): PrizeHolder[] {
  const holders: PrizeHolder[] = record.winners.map((w) => ({ prize: w.prize, code: w.code }));
  const queue = [...record.alternates];
  const gone = new Set<string>();
  for (const code of forfeits) {
    gone.add(code);
    const holder = holders.find((h) => h.code === code);
    if (!holder) continue;
    let next = queue.shift();
    while (next !== undefined && gone.has(next)) next = queue.shift();
    holder.code = next ?? null;
  }
  return holders;
}

function checkBeacon(beacon: DrawBeacon): DrawBeacon {
  if (!HEX32.test(beacon.chain)) throw new InvalidDrawInputError('beacon chain must be 64 lower-case hex characters');
  if (!Number.isSafeInteger(beacon.round) || beacon.round < 1) {
    throw new InvalidDrawInputError('beacon round must be a positive integer');
  }
  if (!HEX32.test(beacon.randomness)) {
    throw new InvalidDrawInputError('beacon randomness must be 64 lower-case hex characters');
  }
  return {
    chain: beacon.chain,
    round: beacon.round,
    randomness: beacon.randomness,
    ...(beacon.signature !== undefined ? { signature: beacon.signature } : {}),
    ...(beacon.previous_signature !== undefined ? { previous_signature: beacon.previous_signature } : {}),
  };
}

function hex32(value: string, what: string): Buffer {
  if (!HEX32.test(value)) throw new InvalidDrawInputError(`${what} must be 64 lower-case hex characters`);
  return Buffer.from(value, 'hex');
}

function isoString(value: Date | string, what: string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new InvalidDrawInputError(`${what} is not a valid date`);
  return date.toISOString();
}
