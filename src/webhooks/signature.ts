import crypto from 'node:crypto';

/** A new endpoint's signing secret: 256 random bits, shown to the admin once. */
export const newSecret = (): string => `whsec_${crypto.randomBytes(32).toString('base64url')}`;

/**
 * `Paddock-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The time is inside
 * the signed text, so a receiver that refuses old timestamps cannot be sent a replayed request.
 */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * What a receiver does (the README shows the same in a few lines): recompute the HMAC over the
 * raw body, compare in constant time, and refuse a timestamp older than `toleranceS`.
 */
export function verifySignature(secret: string, body: string, header: string, now: Date, toleranceS = 300): boolean {
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceS) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return crypto.timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}
