import type { Kysely } from 'kysely';
import type { Capabilities } from '../database';

/**
 * Preview links (articles/previews/): a draft or scheduled article shown to whoever holds the
 * link. Only the SHA-256 of a link's secret is kept, so the table cannot be read back into
 * working links; a revoked or expired link stays, with when and by whom, so the editor's list
 * and the audit log keep making sense. A link is found by its id (part of the URL), then its
 * secret is compared with the stored hash.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('preview_links')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .execute();
  await db.schema.createIndex('preview_links_by_article').on('preview_links').columns(['article_id', 'id']).execute();
}
