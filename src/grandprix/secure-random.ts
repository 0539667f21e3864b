import crypto from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/**
 * Bytes from the system CSPRNG, taken from a pool refilled 4 KB at a time: each entry needs a
 * token and a code, and one call per value cost more than the rest of the entry's crypto
 * (bench:vote profile). Every byte is handed out once and wiped from the pool as it is.
 */
export function secureRandomBytes(size: number): Buffer {
  if (size > POOL_BYTES / 8) return crypto.randomBytes(size);
  if (used + size > pool.length) {
    pool = crypto.randomBytes(POOL_BYTES);
    used = 0;
  }
  const out = Buffer.from(pool.subarray(used, used + size));
  pool.fill(0, used, used + size);
  used += size;
  return out;
}
