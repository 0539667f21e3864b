import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Capabilities } from '../database';

/**
 * Redirects from old addresses (articles/redirects/). `from_path` is unique, so the lookup a 404
 * makes is one read of that index; chains are collapsed when stored, so it is never more than
 * one hop. `created_by` is an email, `cli`, `import` or `slug-change`.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('redirects')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('from_path', 'text', (c) => c.notNull().unique())
    .addColumn('to_path', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull().check(sql`status in (301, 302)`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  // Adding B→C rewrites every A→B: that search needs its own index.
  await db.schema.createIndex('redirects_by_target').on('redirects').column('to_path').execute();
}
