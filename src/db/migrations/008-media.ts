import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Capabilities } from '../database';

/**
 * The media library (media/). One row per distinct image: `key` (the SHA-256 of the normalised
 * original) is unique, so two uploads of the same picture, even at once, make one item. The
 * files themselves live in the media storage under that key, never in the database.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('source_sha256', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('jpeg', 'png')`))
    .addColumn('source_format', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('credit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('caption', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Re-uploading the same bytes finds the item without decoding them again.
  await db.schema.createIndex('media_by_source').on('media').column('source_sha256').execute();
  // The library lists newest first with keyset pagination on (created_at, id).
  await db.schema.createIndex('media_by_created').on('media').columns(['created_at', 'id']).execute();
}
