import crypto from 'node:crypto';

/** 256 random bits, URL-safe: session ids and set-password tokens. */
export function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/**
 * What the database keeps instead of the token: a leaked table cannot be replayed. A plain hash
 * is enough because the token has 256 bits of entropy (no guessing to slow down).
 */
export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}
