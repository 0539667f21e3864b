import { createChallenge, verifySolution } from 'altcha-lib/v1';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** About 25k SHA-256 tries on average: a fraction of a second for a reader, a real cost at bot scale. */
const MAX_NUMBER = 50_000;
const LIFETIME_MS = 10 * 60 * 1000;

export interface ProofOfWork {
  challenge(now: Date): Promise<object>;
  /** Verifies an ALTCHA payload (base64 JSON) and spends it: a solution works for one entry only. */
  verifyAndSpend(payload: unknown, now: Date): Promise<boolean>;
}

export function createProofOfWork(db: Kysely<Database>, hmacKey: string): ProofOfWork {
  return {
    async challenge(now) {
      return createChallenge({ hmacKey, maxNumber: MAX_NUMBER, expires: new Date(now.getTime() + LIFETIME_MS) });
    },
    async verifyAndSpend(payload, now) {
      if (typeof payload !== 'string' || payload.length > 2000) return false;
      let ok = false;
      let signature = '';
      let expires = NaN;
      try {
        // Expiry is checked against our clock (which tests move), not the library's Date.now().
        ok = await verifySolution(payload, hmacKey, false);
        const decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { signature: string; salt: string };
        signature = decoded.signature;
        expires = Number(new URLSearchParams(decoded.salt.split('?')[1] ?? '').get('expires')) * 1000;
      } catch {
        return false;
      }
      if (!ok || !(expires > now.getTime())) return false;
      await db.deleteFrom('pow_spent').where('expires_at', '<', now.toISOString()).execute();
      const spent = await db
        .insertInto('pow_spent')
        .values({ signature, expires_at: new Date(now.getTime() + LIFETIME_MS).toISOString() })
        .onConflict((oc) => oc.column('signature').doNothing())
        .returning('signature')
        .executeTakeFirst();
      return spent !== undefined;
    },
  };
}
