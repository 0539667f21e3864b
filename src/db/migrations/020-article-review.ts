import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Capabilities } from '../database';

/**
 * The newsroom's review step (articles/review/):
 * - `owner_id`: who wrote the article here (a contributor sees only their own); null for articles
 *   imported or written before this migration, and when the account is deleted;
 * - `review_state`: null (a plain draft, or public), `in_review` (submitted), `changes_requested`
 *   (sent back with `review_note`); `submitted_at` orders the editors' queue, oldest first;
 * - `article_review_events`: every step with who, when, the note and the time chosen, for the
 *   history shown beside the draft (the audit log keeps the same steps for the whole site).
 * SQLite adds a column with a check and a reference in place when its default is null.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await db.schema.alterTable('articles').addColumn('owner_id', 'integer', (c) => c.references('users.id').onDelete('set null')).execute();
  await db.schema
    .alterTable('articles')
    .addColumn('review_state', 'text', (c) => c.check(sql`review_state in ('in_review', 'changes_requested')`))
    .execute();
  await db.schema.alterTable('articles').addColumn('review_note', 'text').execute();
  await db.schema.alterTable('articles').addColumn('submitted_at', 'text').execute();
  // The queue reads only submitted articles, oldest first; a contributor's list reads only theirs.
  await db.schema.createIndex('articles_review_queue').on('articles').columns(['review_state', 'submitted_at', 'id']).execute();
  await db.schema.createIndex('articles_by_owner').on('articles').columns(['owner_id', 'updated_at']).execute();
  await db.schema
    .createTable('article_review_events')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('submit', 'request_changes', 'approve_publish', 'approve_schedule')`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_review_events_by_article').on('article_review_events').columns(['article_id', 'id']).execute();
}
