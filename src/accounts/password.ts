import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (password: string | Buffer, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

/**
 * scrypt is memory-hard: N=2^15, r=8 needs 32 MiB per hash, which makes guessing on GPUs costly.
 * The parameters are stored with each hash, so raising them later only affects new passwords.
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1, keylen: 32 } as const;

export const MIN_PASSWORD_LENGTH = 12;
/** Bounds the work a single sign-in can ask of the server. */
export const MAX_PASSWORD_LENGTH = 1024;

const maxmem = (N: number, r: number) => 256 * N * r;

export async function hashPassword(password: string, params: { N: number; r: number; p: number; keylen: number } = SCRYPT_PARAMS): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password.normalize('NFC'), salt, params.keylen, { N: params.N, r: params.r, p: params.p, maxmem: maxmem(params.N, params.r) });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length === 0) return false;
  const actual = await scrypt(password.normalize('NFC'), salt, expected.length, { N, r, p, maxmem: maxmem(N, r) });
  return crypto.timingSafeEqual(actual, expected);
}

/**
 * Compared against when the account does not exist or has no password, so a wrong email costs
 * as much time as a wrong password and the answer's timing does not reveal which accounts exist.
 */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummy;
}

export type PasswordProblem = 'too_short' | 'too_long' | 'is_email' | 'too_simple';

/** Why a new password is refused, or null when it is fine: a code, which the admin words in each person's language. */
export function passwordProblemCode(password: string, email: string): PasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
  if (password.trim().toLowerCase() === email.toLowerCase()) return 'is_email';
  if (new Set(password).size < 4) return 'too_simple';
  return null;
}

const PROBLEM_TEXT: Record<PasswordProblem, string> = {
  too_short: `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
  too_long: `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`,
  is_email: 'The password must not be your email address.',
  too_simple: 'The password repeats too few different characters; choose a less predictable one.',
};

/** Why a new password is refused, in English (the command line's language), or null when it is fine. */
export function passwordProblem(password: string, email: string): string | null {
  const code = passwordProblemCode(password, email);
  return code ? PROBLEM_TEXT[code] : null;
}
