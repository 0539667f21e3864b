import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { randomToken, tokenHash } from './secrets';
import type { Lang } from '../i18n/messages';
import type { Role } from './users';
import { Refusal } from '../errors';

/** Inactive this long, a session ends; active or not, it ends after the absolute limit. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** The last-seen time is written at most this often, so reading pages does not write on every request. */
export const TOUCH_EVERY_MS = 60 * 1000;

export interface SessionUser {
  id: number;
  email: string;
  role: Role;
  /** The language this person's admin speaks; null: the site's (SITE_LANG). */
  lang: Lang | null;
}

export type SessionLookup = { status: 'valid'; user: SessionUser } | { status: 'expired' } | { status: 'none' };

/**
 * Where admin sessions live: the database (default) or Redis (when REDIS_URL is set). Either way
 * the cookie carries a random id and the store keeps only its SHA-256.
 */
export interface SessionStore {
  /** A fresh session; returns the id for the cookie. */
  create(userId: number, now: Date): Promise<string>;
  /** The session's user if it is still valid (idle and absolute limits, account enabled); a valid session is touched. */
  load(id: string | undefined, now: Date): Promise<SessionLookup>;
  /** Sign-in: ends the session the browser had (if any) and starts a new one, so a planted id is worth nothing. */
  rotate(oldId: string | undefined, userId: number, now: Date): Promise<string>;
  destroy(id: string | undefined): Promise<void>;
  /**
   * Ends every session of an account (disabled, password changed). `trx` is the caller's
   * database transaction: the database store deletes within it; Redis, if it fails, makes the
   * caller's transaction roll back, so the change never lands with the old sessions alive.
   */
  destroyAllForUser(userId: number, trx?: Kysely<Database>): Promise<void>;
  close(): Promise<void>;
}

/** The session store cannot be reached (Redis down): sign-in and admin pages answer 503, never 500 or a hang. */
export class SessionStoreUnavailable extends Refusal {
  constructor(override readonly cause: unknown) {
    super('sessions_unavailable');
  }
}

/** A session's verdict from its times and its account; shared by both stores. */
export function sessionExpired(at: number, lastSeenAt: number, createdAt: number, disabled: boolean): boolean {
  return disabled || at - lastSeenAt >= SESSION_IDLE_MS || at >= createdAt + SESSION_ABSOLUTE_MS;
}

export function databaseSessionStore(db: Kysely<Database>): SessionStore {
  const store: SessionStore = {
    async create(userId, now) {
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

    async load(id, now) {
      if (!id || id.length > 100) return { status: 'none' };
      const hash = tokenHash(id);
      const row = await db
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['s.created_at', 's.last_seen_at', 's.expires_at', 'u.id', 'u.email', 'u.role', 'u.lang', 'u.disabled'])
        .where('s.id_hash', '=', hash)
        .executeTakeFirst();
      if (!row) return { status: 'none' };
      const at = now.getTime();
      if (sessionExpired(at, Date.parse(row.last_seen_at), Date.parse(row.created_at), row.disabled === 1) || at >= Date.parse(row.expires_at)) {
        await db.deleteFrom('sessions').where('id_hash', '=', hash).execute();
        return { status: 'expired' };
      }
      if (at - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
        await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', hash).execute();
      }
      return { status: 'valid', user: { id: row.id, email: row.email, role: row.role, lang: row.lang } };
    },

    async rotate(oldId, userId, now) {
      await store.destroy(oldId);
      return store.create(userId, now);
    },

    async destroy(id) {
      if (!id) return;
      await db.deleteFrom('sessions').where('id_hash', '=', tokenHash(id)).execute();
    },

    async destroyAllForUser(userId, trx = db) {
      await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },

    async close() {},
  };
  return store;
}
