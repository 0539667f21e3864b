import { secureRandomBytes } from './secure-random';

// 32 symbols without 0/O and 1/I, so a code read aloud or copied by hand from
// the draw page cannot be mistyped into another valid code; 32 = 2^5 makes
// every symbol exactly 5 random bits with no modulo bias.
export const ENTRY_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

const CODE_PATTERN = /^GP-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

/** A public entry code like "GP-7KQM-3XWD": 8 symbols × 5 bits = 40 bits from the CSPRNG. */
export function newEntryCode(): string {
  const bytes = secureRandomBytes(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let symbols = '';
  for (let i = 7; i >= 0; i--) {
    symbols += ENTRY_CODE_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  }
  return `GP-${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}

/**
 * Reads a code as a reader might type it ("gp 7kqm3xwd", "7KQM-3XWD") and
 * returns the canonical form, or null when it cannot be an entry code.
 */
export function parseEntryCode(raw: string): string | null {
  let s = raw.toUpperCase().replace(/[\s-]/g, '');
  // The prefix is optional; length, not the letters, tells whether it is there
  // (G and P are valid symbols too).
  if (s.length === 10 && s.startsWith('GP')) s = s.slice(2);
  if (s.length !== 8) return null;
  const code = `GP-${s.slice(0, 4)}-${s.slice(4)}`;
  return CODE_PATTERN.test(code) ? code : null;
}
