import type { Kysely } from 'kysely';
import type { Capabilities } from '../database';

/**
 * Keys of the read-only Content API (api/). Only the SHA-256 of a key is kept (`key_hash`,
 * unique: a request's key is found by one read of that index); `prefix` is its first characters,
 * shown so that people can tell their keys apart. `origins_json` lists the browser origins that
 * may read answers (CORS). A revoked key stays, with when, so the admin list and the audit log
 * keep making sense.
 *
 * `articles_by_update` serves `updated_since`: the API's sync order is (updated_at, id), and
 * without it that listing would sort every published article.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('api_keys')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('origins_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('rate_per_minute', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('articles_by_update').on('articles').columns(['status', 'updated_at', 'id']).execute();
}
