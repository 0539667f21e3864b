import type { Kysely } from 'kysely';
import type { Capabilities } from '../database';

/**
 * "Read next" (articles/related/): each article's best related articles, computed when it is
 * saved and read back in order on its page, and the term set of each article's headline and
 * standfirst that the scoring compares (kept here rather than stemmed again for every candidate).
 * A related article is never a foreign key: one that is unpublished or deleted later is filtered
 * when the page reads the list, so a change to one article never rewrites the lists of others.
 * Existing articles get their lists from `paddock related --recompute`.
 */
export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('related_articles')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('related_id', 'integer', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('related_articles_pk', ['article_id', 'position'])
    .execute();
  await db.schema
    .createTable('related_terms')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('terms', 'text', (c) => c.notNull())
    .execute();
}
