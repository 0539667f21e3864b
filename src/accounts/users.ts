import type { Kysely, Transaction } from 'kysely';
import { audit } from '../audit/audit';
import type { Database } from '../db/schema';
import { parseEmailAddress, visibleEmailText } from '../mail/email-address';
import { randomToken, tokenHash } from './secrets';
import { databaseSessionStore, type SessionStore } from './sessions';
import { Refusal } from '../errors';
import type { Lang } from '../i18n/messages';

type Db = Kysely<Database> | Transaction<Database>;

/** From least to most trusted: each role may do what the ones before it may (admin/context.ts `allows`). */
export type Role = 'contributor' | 'editor' | 'admin';
export const ROLES: readonly Role[] = ['contributor', 'editor', 'admin'];

/** Whether `role` may do what `needed` may. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export interface User {
  id: number;
  email: string;
  role: Role;
  hasPassword: boolean;
  disabled: boolean;
  createdAt: string;
  /** The language of this person's admin; null: the site's (SITE_LANG). */
  lang: Lang | null;
}

/** What a person may choose: a language, or 'site' for whatever SITE_LANG is (stored as null). */
export const LANGUAGE_CHOICES = ['en', 'ru', 'site'] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

/** A set-password link is good for a day: long enough to reach someone, short enough to expire unused. */
export const SET_PASSWORD_TTL_MS = 24 * 60 * 60 * 1000;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** An address the shared parser accepts unchanged (its ASCII or its Unicode form): see parseEmailAddress. */
export function isPlausibleEmail(email: string): boolean {
  const parsed = parseEmailAddress(email);
  return parsed.ok && (parsed.address === email || parsed.shown === email);
}

type UserRow = { id: number; email: string; role: Role; password_hash: string | null; disabled: number; created_at: string; lang: Lang | null };

function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, role: row.role, hasPassword: row.password_hash !== null, disabled: row.disabled === 1, createdAt: row.created_at, lang: row.lang };
}

function languageOf(choice: string): Lang | null {
  if (!LANGUAGE_CHOICES.includes(choice as LanguageChoice)) throw new Refusal('field_choice', { field: 'lang', choices: LANGUAGE_CHOICES.join(', ') }, 'lang');
  return choice === 'site' ? null : (choice as Lang);
}

/**
 * `sessions` is where the app keeps sessions (the database unless given): disabling an account
 * or changing its password ends them there, inside the same transaction.
 */
export function usersRepository(db: Kysely<Database>, sessions: Pick<SessionStore, 'destroyAllForUser'> = databaseSessionStore(db)) {
  return {
    async findByEmail(email: string, trx: Db = db): Promise<(User & { passwordHash: string | null }) | null> {
      const row = await trx.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
      return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
    },
    async findById(id: number, trx: Db = db): Promise<User | null> {
      const row = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUser(row) : null;
    },
    async list(trx: Db = db): Promise<User[]> {
      return (await trx.selectFrom('users').selectAll().orderBy('email').execute()).map(toUser);
    },

    /**
     * Creates an account without a password and returns the one-time token of its set-password
     * link. Only the token's hash is stored.
     */
    async add(input: { email: string; role: string; actor: string; lang?: string }, now: Date): Promise<{ user: User; token: string; expiresAt: string }> {
      const email = normalizeEmail(input.email);
      if (!isPlausibleEmail(email)) throw new Refusal('invalid_email', { email: visibleEmailText(input.email) }, 'email');
      if (!ROLES.includes(input.role as Role)) throw new Refusal('invalid_role', { roles: ROLES.join(', ') }, 'role');
      const lang = languageOf(input.lang ?? 'site');
      return db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
        if (existing) throw new Refusal('account_exists', { email }, 'email');
        const at = now.toISOString();
        const row = await trx
          .insertInto('users')
          .values({ email, role: input.role as Role, password_hash: null, disabled: 0, created_at: at, updated_at: at, lang })
          .returning('id')
          .executeTakeFirstOrThrow();
        const { token, expiresAt } = await issueToken(trx, row.id, now);
        await audit(trx, { actor: input.actor, action: 'user.add', target: `user:${email}`, details: { role: input.role, ...(lang ? { lang } : {}) } }, now);
        const user = await trx.selectFrom('users').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
        return { user: toUser(user), token, expiresAt };
      });
    },

    /** A new set-password link (a forgotten password, an expired link); earlier unused links stop working. */
    async resetLink(input: { email: string; actor: string }, now: Date): Promise<{ token: string; expiresAt: string }> {
      const email = normalizeEmail(input.email);
      return db.transaction().execute(async (trx) => {
        const user = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
        if (!user) throw new Refusal('no_user', { who: email }, 'email');
        await trx.deleteFrom('password_tokens').where('user_id', '=', user.id).execute();
        const issued = await issueToken(trx, user.id, now);
        await audit(trx, { actor: input.actor, action: 'user.reset_link', target: `user:${email}` }, now);
        return issued;
      });
    },

    /** Disabling also ends every session of the account at once. */
    async setDisabled(input: { email: string; disabled: boolean; actor: string }, now: Date): Promise<User> {
      const email = normalizeEmail(input.email);
      return db.transaction().execute(async (trx) => {
        const user = await trx.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
        if (!user) throw new Refusal('no_user', { who: email }, 'email');
        await trx.updateTable('users').set({ disabled: input.disabled ? 1 : 0, updated_at: now.toISOString() }).where('id', '=', user.id).execute();
        if (input.disabled) {
          await sessions.destroyAllForUser(user.id, trx);
          await trx.deleteFrom('password_tokens').where('user_id', '=', user.id).execute();
        }
        await audit(trx, { actor: input.actor, action: input.disabled ? 'user.disable' : 'user.enable', target: `user:${email}` }, now);
        return toUser({ ...user, disabled: input.disabled ? 1 : 0 });
      });
    },

    /**
     * The language a person's admin speaks: 'en', 'ru', or 'site' (SITE_LANG, stored as null).
     * Sessions read it on every request, so the next page already speaks it.
     */
    async setLanguage(input: { email: string; lang: string; actor: string }, now: Date): Promise<User> {
      const email = normalizeEmail(input.email);
      const lang = languageOf(input.lang);
      return db.transaction().execute(async (trx) => {
        const user = await trx.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
        if (!user) throw new Refusal('no_user', { who: email }, 'email');
        await trx.updateTable('users').set({ lang, updated_at: now.toISOString() }).where('id', '=', user.id).execute();
        await audit(trx, { actor: input.actor, action: 'user.language', target: `user:${email}`, details: { lang: lang ?? 'site', was: user.lang ?? 'site' } }, now);
        return toUser({ ...user, lang });
      });
    },

    /** The user a valid, unused, unexpired token belongs to, or null. Does not use the token up. */
    async peekToken(token: string, now: Date, trx: Db = db): Promise<User | null> {
      const row = await trx
        .selectFrom('password_tokens as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .selectAll('u')
        .where('t.token_hash', '=', tokenHash(token))
        .where('t.used_at', 'is', null)
        .where('t.expires_at', '>', now.toISOString())
        .where('u.disabled', '=', 0)
        .executeTakeFirst();
      return row ? toUser(row) : null;
    },

    /**
     * Sets the password of the token's account and uses the token up, in one transaction; every
     * existing session of the account ends (a password change locks out whoever had the old one).
     */
    async setPasswordWithToken(token: string, passwordHash: string, now: Date): Promise<User | null> {
      return db.transaction().execute(async (trx) => {
        const user = await this.peekToken(token, now, trx);
        if (!user) return null;
        const at = now.toISOString();
        const used = await trx
          .updateTable('password_tokens')
          .set({ used_at: at })
          .where('token_hash', '=', tokenHash(token))
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (Number(used.numUpdatedRows) !== 1) return null;
        await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: at }).where('id', '=', user.id).execute();
        await sessions.destroyAllForUser(user.id, trx);
        await audit(trx, { actor: user.email, action: 'user.password_set', target: `user:${user.email}` }, now);
        return { ...user, hasPassword: true };
      });
    },
  };
}

export type UsersRepository = ReturnType<typeof usersRepository>;

async function issueToken(trx: Db, userId: number, now: Date): Promise<{ token: string; expiresAt: string }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SET_PASSWORD_TTL_MS).toISOString();
  await trx.insertInto('password_tokens').values({ token_hash: tokenHash(token), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt, used_at: null }).execute();
  return { token, expiresAt };
}

export function setPasswordLink(siteUrl: string, token: string): string {
  return new URL(`/admin/set-password?token=${encodeURIComponent(token)}`, siteUrl).href;
}
