import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { randomToken, tokenHash } from './secrets';
import type { Role } from './users';

/** Inactive this long, a session ends; active or not, it ends after the absolute limit. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface SessionUser {
  id: number;
  email: string;
  role: Role;
}

export type SessionLookup = { status: 'valid'; user: SessionUser } | { status: 'expired' } | { status: 'none' };

export function sessionsRepository(db: Kysely<Database>) {
  return {
    /** A fresh session: the id goes to the cookie, only its hash to the database. */
    async create(userId: number, now: Date): Promise<string> {
      const id = randomToken();
      const at = now.toISOString();
      await db
        .insertInto('sessions')
        .values({ id_hash: tokenHash(id), user_id: userId, created_at: at, last_seen_at: at, expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString() })
        .execute();
      // Old sessions are removed here rather than by a timer: sign-ins are rare enough.
      await db.deleteFrom('sessions').where('expires_at', '<=', at).execute();
      await db.deleteFrom('sessions').where('last_seen_at', '<=', new Date(now.getTime() - SESSION_IDLE_MS).toISOString()).execute();
      return id;
    },

    async lookup(id: string | undefined, now: Date): Promise<SessionLookup> {
      if (!id || id.length > 100) return { status: 'none' };
      const hash = tokenHash(id);
      const row = await db
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['s.last_seen_at', 's.expires_at', 'u.id', 'u.email', 'u.role', 'u.disabled'])
        .where('s.id_hash', '=', hash)
        .executeTakeFirst();
      if (!row) return { status: 'none' };
      const at = now.getTime();
      const idle = at - Date.parse(row.last_seen_at) >= SESSION_IDLE_MS;
      if (idle || at >= Date.parse(row.expires_at) || row.disabled === 1) {
        await db.deleteFrom('sessions').where('id_hash', '=', hash).execute();
        return { status: 'expired' };
      }
      if (at - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
        await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', hash).execute();
      }
      return { status: 'valid', user: { id: row.id, email: row.email, role: row.role } };
    },

    async destroy(id: string | undefined): Promise<void> {
      if (!id) return;
      await db.deleteFrom('sessions').where('id_hash', '=', tokenHash(id)).execute();
    },
  };
}

export type SessionsRepository = ReturnType<typeof sessionsRepository>;
