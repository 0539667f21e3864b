import type { Kysely } from 'kysely';
import type { Capabilities } from '../database';

/**
 * Articles brought over from another platform remember where they came from: `source` names the
 * site (`wp:https://example.com`, `ghost`), `source_id` the post there, so importing the same
 * export again finds each post however its slug changed. `source_url` is the post's old address,
 * kept for the redirects that will answer it. Null for articles written here; both engines let
 * any number of nulls share a unique index.
 */
export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('source', 'text')
    .execute();
  await db.schema.alterTable('articles').addColumn('source_id', 'text').execute();
  await db.schema.alterTable('articles').addColumn('source_url', 'text').execute();
  await db.schema.createIndex('articles_by_source').on('articles').columns(['source', 'source_id']).unique().execute();
}
