// What the vote publishes before the draw: the commitment to the draw's secret seed (at import,
// before voting opens) and the digest of the frozen entry list (at the freeze). Pure: node:crypto
// only. The draw (raffle/draw.ts) builds on these; docs/draw.md is the spec.
import { createHash, randomBytes } from 'node:crypto';

export const SEED_BYTES = 32;

// Lone UTF-16 surrogates would all encode to U+FFFD, so two different codes
// could share bytes; the u flag makes this match only unpaired halves.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export class InvalidDrawInputError extends Error {
  readonly code = 'RAFFLE_INVALID_INPUT';
}

export function newSeed(): Buffer {
  return randomBytes(SEED_BYTES);
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function commitmentOf(seedHex: string): string {
  if (!/^[0-9a-f]{64}$/.test(seedHex)) throw new InvalidDrawInputError('seed must be 64 lower-case hex characters');
  return sha256Hex(Buffer.from(seedHex, 'hex'));
}

/** Bytewise UTF-8 order; JS `<` compares UTF-16 units and misplaces astral characters. */
export function compareCodes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function sortCodes(codes: readonly string[]): string[] {
  return [...codes].sort(compareCodes);
}

/** Why a code cannot take part, or null when it can. */
export function codeProblem(code: string): string | null {
  if (code.length === 0) return 'is empty';
  if (code.includes('\n')) return 'contains a newline (codes are joined by "\\n")';
  if (LONE_SURROGATE.test(code)) return 'is not well-formed Unicode';
  return null;
}

export function entriesDigest(sortedCodes: readonly string[]): string {
  return sha256Hex(Buffer.from(sortedCodes.join('\n'), 'utf8'));
}
