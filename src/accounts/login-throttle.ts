import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Failed sign-ins allowed per account (by the email typed, whether or not it exists) in the window. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** Per address: higher, since an office or a newsroom may share one. */
export const MAX_FAILURES_PER_IP = 20;

/**
 * Failed sign-ins are counted in the database so that every app instance sees them and a
 * restart forgets nothing. The email counted is the one typed, so an unknown email is throttled
 * exactly like a known one and the throttle reveals nothing about which accounts exist.
 */
export function loginThrottle(db: Kysely<Database>) {
  const since = (now: Date) => new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  async function count(column: 'email' | 'ip', value: string, now: Date): Promise<number> {
    const { n } = await db
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where(column, '=', value)
      .where('at', '>', since(now))
      .executeTakeFirstOrThrow();
    return Number(n);
  }
  return {
    async isBlocked(email: string, ip: string, now: Date): Promise<boolean> {
      return (await count('email', email, now)) >= MAX_FAILURES_PER_ACCOUNT || (await count('ip', ip, now)) >= MAX_FAILURES_PER_IP;
    },
    async recordFailure(email: string, ip: string, now: Date): Promise<void> {
      await db.insertInto('login_failures').values({ email: email.slice(0, 320), ip, at: now.toISOString() }).execute();
      await db.deleteFrom('login_failures').where('at', '<', new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString()).execute();
    },
    /** A successful sign-in forgives the account's earlier failures (not the address's). */
    async clear(email: string): Promise<void> {
      await db.deleteFrom('login_failures').where('email', '=', email).execute();
    },
  };
}

export type LoginThrottle = ReturnType<typeof loginThrottle>;
