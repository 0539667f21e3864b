// The ballot secret: given to the entrant once (receipt page and mail), never stored. The entry keeps
// only its SHA-256, the ballot-check id, which is what the public ballot list shows. Whoever holds the
// secret can find their row; nobody else can tie a row to a person or to the draw's entry code.
// Pure: node:crypto only. docs/recount.md is the spec.
import { createHash } from 'node:crypto';
import { ENTRY_CODE_ALPHABET } from './entry-code';
import { secureRandomBytes } from './secure-random';

const GROUPS = 5;
const GROUP_LENGTH = 5;
const SYMBOLS = GROUPS * GROUP_LENGTH;
const SYMBOL = /^[2-9A-HJ-NP-Z]+$/;

/**
 * "7KQM3-XWDAB-…": 25 symbols of the entry-code alphabet (no 0/O, no 1/I) × 5 bits = 125 bits from
 * the CSPRNG. The ballot-check id is public, so the secret must be far out of reach of guessing.
 */
export function newBallotSecret(): string {
  const bytes = secureRandomBytes(16);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let symbols = '';
  for (let i = SYMBOLS - 1; i >= 0; i--) symbols += ENTRY_CODE_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return group(symbols);
}

function group(symbols: string): string {
  const parts: string[] = [];
  for (let i = 0; i < SYMBOLS; i += GROUP_LENGTH) parts.push(symbols.slice(i, i + GROUP_LENGTH));
  return parts.join('-');
}

/** A secret as a person pastes or types it (lower case, spaces, no hyphens) → its canonical form, or null. */
export function parseBallotSecret(raw: string): string | null {
  const s = raw.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== SYMBOLS || !SYMBOL.test(s)) return null;
  return group(s);
}

/** hex(SHA-256(the canonical secret's ASCII bytes, hyphens included)). */
export function ballotCheckIdOf(canonicalSecret: string): string {
  return createHash('sha256').update(canonicalSecret, 'utf8').digest('hex');
}
