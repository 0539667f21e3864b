import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Failed sign-ins allowed per (typed email, address) pair in the window: the limit a guesser meets first. */
export const MAX_FAILURES_PER_EMAIL_AND_IP = 5;
/** Per address, whatever emails are typed: higher, since an office or a newsroom may share one. */
export const MAX_FAILURES_PER_IP = 20;
/**
 * Per account across all addresses, against guessing spread over many addresses. Loose on
 * purpose: reaching it takes at least three addresses' worth of failures, and only then does
 * one person's typing lock the account for others.
 */
export const MAX_FAILURES_PER_ACCOUNT = 50;

export type ThrottleLimit = 'email_ip' | 'ip' | 'account';

/**
 * Failed sign-ins are counted in the database so that every app instance sees them and a
 * restart forgets nothing. The email counted is the one typed, so an unknown email is throttled
 * exactly like a known one and the throttle reveals nothing about which accounts exist. The
 * tight limit is per (email, address), so failures from one address cannot lock the account
 * for everyone else.
 */
export function loginThrottle(db: Kysely<Database>) {
  const since = (now: Date) => new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  async function count(where: { email?: string; ip?: string }, now: Date): Promise<number> {
    let query = db
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('at', '>', since(now));
    if (where.email !== undefined) query = query.where('email', '=', where.email);
    if (where.ip !== undefined) query = query.where('ip', '=', where.ip);
    return Number((await query.executeTakeFirstOrThrow()).n);
  }
  return {
    /**
     * The limit this attempt is over, or null when it may go ahead. Call it after `recordAttempt`:
     * counting the attempt first means parallel guesses cannot all pass the check before any of
     * them is counted.
     */
    async blockedBy(email: string, ip: string, now: Date): Promise<ThrottleLimit | null> {
      if ((await count({ email, ip }, now)) > MAX_FAILURES_PER_EMAIL_AND_IP) return 'email_ip';
      if ((await count({ ip }, now)) > MAX_FAILURES_PER_IP) return 'ip';
      if ((await count({ email }, now)) > MAX_FAILURES_PER_ACCOUNT) return 'account';
      return null;
    },
    /** Counts an attempt as a failure until it succeeds (a success then clears it with `clear`). */
    async recordAttempt(email: string, ip: string, now: Date): Promise<void> {
      await db.insertInto('login_failures').values({ email: email.slice(0, 320), ip, at: now.toISOString() }).execute();
      await db.deleteFrom('login_failures').where('at', '<', new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString()).execute();
    },
    /**
     * A successful sign-in forgives that person's own typos: the failures of this email from this
     * address. Failures from other addresses still count toward the account's limit.
     */
    async clear(email: string, ip: string): Promise<void> {
      await db.deleteFrom('login_failures').where('email', '=', email).where('ip', '=', ip).execute();
    },
  };
}

export type LoginThrottle = ReturnType<typeof loginThrottle>;
