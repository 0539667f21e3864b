// Recomputes a published draw record from its own contents and names the first
// thing that does not hold. The checks run in the order docs/draw.md lists, so
// this, the CLI and a third-party verifier report the same first mismatch.
import { createHash } from 'node:crypto';
import {
  codeProblem,
  commitmentOf,
  compareCodes,
  drawKey,
  entriesDigest,
  rankCodes,
  splitRanking,
} from './draw';
import { roundEmittedAt, wellKnownChain } from '../grandprix/drand-chains';
import { DRAW_VERSION, type DrawRecord } from './record';

const randomnessOf = (signatureHex: string): string => createHash('sha256').update(Buffer.from(signatureHex, 'hex')).digest('hex');

export type VerifyResult = { ok: true } | { ok: false; field: string; message: string };

const HEX32 = /^[0-9a-f]{64}$/;
const HEX = /^(?:[0-9a-f]{2})+$/;
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

export function verifyDrawRecord(record: DrawRecord): VerifyResult {
  const fail = (field: string, message: string): VerifyResult => ({ ok: false, field, message });

  if (record.version !== DRAW_VERSION) {
    return fail('version', `version is ${JSON.stringify(record.version)}, expected "${DRAW_VERSION}"`);
  }

  const hexFields: [string, string][] = [
    ['commitment', record.commitment],
    ['seed', record.seed],
    ['entries_digest', record.entries_digest],
  ];
  if (record.beacon) {
    hexFields.push(['beacon.chain', record.beacon.chain], ['beacon.randomness', record.beacon.randomness]);
  }
  for (const [field, value] of hexFields) {
    if (!HEX32.test(value)) return fail(field, `${field} is not 64 lower-case hex characters`);
  }
  if (record.beacon && !(Number.isSafeInteger(record.beacon.round) && record.beacon.round >= 1)) {
    return fail('beacon.round', 'beacon.round is not a positive integer');
  }

  for (const field of ['closes_at', 'drawn_at'] as const) {
    if (isoInstant(record[field]) === null) {
      return fail(field, `${field} is not an ISO 8601 date-time with a time zone`);
    }
  }
  if ((isoInstant(record.drawn_at) as number) < (isoInstant(record.closes_at) as number)) {
    return fail('drawn_at', 'drawn_at is before closes_at');
  }

  const beacon = record.beacon;
  if (beacon) {
    for (const field of ['signature', 'previous_signature'] as const) {
      const value = beacon[field];
      if (value !== undefined && !HEX.test(value)) return fail(`beacon.${field}`, `beacon.${field} is not lower-case hex`);
    }
    if (beacon.signature !== undefined && randomnessOf(beacon.signature) !== beacon.randomness) {
      return fail('beacon.randomness', 'beacon.randomness is not SHA-256 of beacon.signature, as drand defines it');
    }
    const chain = wellKnownChain(beacon.chain);
    if (chain) {
      const emitted = roundEmittedAt(chain, beacon.round);
      if (emitted.getTime() <= (isoInstant(record.closes_at) as number)) {
        return fail('beacon.round', `drand round ${beacon.round} was emitted at ${emitted.toISOString()}, not after closes_at`);
      }
      if ((isoInstant(record.drawn_at) as number) < emitted.getTime()) {
        return fail('drawn_at', `drawn_at is before drand round ${beacon.round} was emitted (${emitted.toISOString()})`);
      }
    }
  }

  if (commitmentOf(record.seed) !== record.commitment) {
    return fail('commitment', 'commitment does not match SHA-256(seed)');
  }

  const { entries } = record;
  for (let i = 0; i < entries.length; i++) {
    const code = entries[i] as string;
    const problem = codeProblem(code);
    if (problem) return fail(`entries[${i}]`, `entries[${i}] ${problem}`);
    if (i === 0) continue;
    const order = compareCodes(entries[i - 1] as string, code);
    if (order === 0) return fail(`entries[${i}]`, `entries[${i}] duplicates entries[${i - 1}]`);
    if (order > 0) {
      return fail('entries', `entries are not sorted by UTF-8 bytes: entries[${i - 1}] comes after entries[${i}]`);
    }
  }
  if (entriesDigest(entries) !== record.entries_digest) {
    return fail('entries_digest', 'entries_digest does not match SHA-256 of the entries joined by "\\n"');
  }

  if (record.prizes.length === 0) return fail('prizes', 'prizes is empty');

  const key = drawKey(record.seed, record.beacon?.randomness ?? null, record.entries_digest);
  const ranking = rankCodes(key, entries);
  const expected = splitRanking(ranking, record.prizes.length, record.alternates.length);

  if (record.winners.length !== expected.winners.length) {
    return fail('winners', `expected ${expected.winners.length} winners, the record lists ${record.winners.length}`);
  }
  for (let i = 0; i < expected.winners.length; i++) {
    const want = expected.winners[i] as { prize: number; code: string };
    const got = record.winners[i] as { prize: number; code: string };
    if (got.prize !== want.prize) return fail(`winners[${i}].prize`, `winners[${i}].prize should be ${want.prize}, the record says ${got.prize}`);
    if (got.code !== want.code) {
      return fail(`winners[${i}]`, `winners[${i}] (prize ${want.prize}) should be ${JSON.stringify(want.code)}, the record says ${JSON.stringify(got.code)}`);
    }
  }

  // The record's own alternate count is the K that was used; it cannot list
  // more than the entries left over after the winners.
  if (record.alternates.length > expected.alternates.length) {
    return fail('alternates', `the record lists ${record.alternates.length} alternates but only ${expected.alternates.length} entries remain after the winners`);
  }
  for (let i = 0; i < record.alternates.length; i++) {
    const want = expected.alternates[i] as string;
    const got = record.alternates[i] as string;
    if (got !== want) {
      return fail(`alternates[${i}]`, `alternates[${i}] should be ${JSON.stringify(want)}, the record says ${JSON.stringify(got)}`);
    }
  }
  return { ok: true };
}

/**
 * Milliseconds since the epoch, or null. Stricter than Date.parse, which takes
 * "02-30" and "24:00": a verifier in another language must agree with us on
 * which dates are valid. Digits past milliseconds are ignored.
 */
export function isoInstant(value: string): number | null {
  const m = ISO_8601.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second, offH, offM] = [1, 2, 3, 4, 5, 6, 9, 10].map((i) => Number(m[i] ?? 0)) as [
    number, number, number, number, number, number, number, number,
  ];
  const millis = Number(`${m[7] ?? ''}000`.slice(0, 3));
  if (year < 1 || hour > 23 || minute > 59 || second > 59 || offH > 23 || offM > 59) return null;
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  date.setUTCHours(hour, minute, second, millis);
  const offsetMinutes = (m[8] === '-' ? -1 : 1) * (offH * 60 + offM);
  return date.getTime() - offsetMinutes * 60_000;
}

export interface SelfCheck {
  inDraw: boolean;
  /** 1-based prize number when the code won. */
  prize?: number;
  /** 1-based place in the alternates queue. */
  alternate?: number;
}

/** The reader's "was my code in the draw?" lookup; the code must match exactly. */
export function selfCheck(record: DrawRecord, code: string): SelfCheck {
  if (!record.entries.includes(code)) return { inDraw: false };
  const win = record.winners.find((w) => w.code === code);
  if (win) return { inDraw: true, prize: win.prize };
  const alt = record.alternates.indexOf(code);
  return alt >= 0 ? { inDraw: true, alternate: alt + 1 } : { inDraw: true };
}

/** Short name used by the brief and the CLI wiring. */
export const verify = verifyDrawRecord;
