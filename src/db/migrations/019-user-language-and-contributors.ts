import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Capabilities } from '../database';

/**
 * Two things about the people who run the site (issue "7 of 8"):
 * - `lang`: the language each person's admin speaks (null: the site's, SITE_LANG);
 * - the `contributor` role: writes and revises their own drafts and submits them for review.
 *
 * The role's check constraint is widened. PostgreSQL alters it; SQLite cannot alter a CHECK, so the
 * table is rebuilt by SQLite's documented procedure (new table, copy, drop, rename) with foreign
 * keys off for the while, or dropping `users` would take every session and token with it. Kysely
 * runs SQLite migrations outside a transaction, which is what lets the pragma take effect.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  const roles = sql`role in ('admin', 'editor', 'contributor')`;
  if (caps.engine === 'postgres') {
    await sql`alter table users drop constraint if exists users_role_check`.execute(db);
    await sql`alter table users add constraint users_role_check check (${roles})`.execute(db);
    await db.schema.alterTable('users').addColumn('lang', 'text').execute();
    return;
  }
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.schema
      .createTable('users_019')
      .addColumn('id', caps.serialType, (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull().check(roles))
      .addColumn('password_hash', 'text')
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('lang', 'text')
      .execute();
    await sql`insert into users_019 (id, email, role, password_hash, disabled, created_at, updated_at)
      select id, email, role, password_hash, disabled, created_at, updated_at from users`.execute(db);
    await sql`drop table users`.execute(db);
    await sql`alter table users_019 rename to users`.execute(db);
    const broken = await sql<{ table: string }>`pragma foreign_key_check`.execute(db);
    if (broken.rows.length > 0) throw new Error(`migration 019: ${broken.rows.length} rows lost their user`);
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
