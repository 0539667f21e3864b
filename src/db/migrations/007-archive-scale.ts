import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../database';
import { indexArticle, stemFields } from '../full-text';
import type { Database } from '../schema';

/**
 * What a 100,000-article archive needs:
 * - a stemmed full-text index ("engines" finds "engine"), whose stems the app computes
 *   (db/search-analyzer.ts), so it replaces 005's index that the engines filled themselves;
 * - tag listings ordered by publication from an index: article_tags carries its article's
 *   status and published_at, kept in step by the repository;
 * - rubric listings from an index that covers their whole order;
 * - the bodies in a table of their own (see ArticleBodiesTable), so listings read small rows.
 */
export async function up(untyped: Kysely<unknown>, caps: Capabilities): Promise<void> {
  const db = untyped as unknown as Kysely<Database>;
  await db.schema
    .createTable('article_bodies')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('plain_text', 'text', (c) => c.notNull())
    .addColumn('summary_json', 'text')
    .execute();
  await sql`insert into article_bodies (article_id, body_md, body_html, plain_text, summary_json) select id, body_md, body_html, plain_text, summary_json from articles`.execute(db);
  if (caps.fullText === 'fts5') {
    for (const trigger of ['articles_fts_insert', 'articles_fts_delete', 'articles_fts_update']) await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
    await sql`drop table if exists articles_fts`.execute(db);
    // Contentless: the stems are only ever matched, never shown (snippets come from plain_text).
    // A prefix index of 4 letters: without it "shai*" merged the lists of every word beginning so
    // (50 ms at 100,000 articles); longer prefixes begin few enough words to merge.
    await sql`create virtual table article_search using fts5(title, standfirst, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0', prefix='4')`.execute(db);
  } else {
    await sql`drop index if exists articles_search`.execute(db);
    await sql`alter table articles drop column search`.execute(db);
    await sql`alter table articles add column search tsvector`.execute(db);
    await sql`alter table articles add column search_lead tsvector`.execute(db);
  }
  for (const column of ['body_md', 'body_html', 'plain_text', 'summary_json']) await db.schema.alterTable('articles').dropColumn(column).execute();
  await reindexAll(db, caps);
  if (caps.fullText === 'tsvector') {
    await sql`create index articles_search on articles using gin (search)`.execute(db);
    await sql`create index articles_search_lead on articles using gin (search_lead)`.execute(db);
  }

  await db.schema.alterTable('article_tags').addColumn('status', 'text', (c) => c.notNull().defaultTo('draft')).execute();
  await db.schema.alterTable('article_tags').addColumn('published_at', 'text', (c) => c.notNull().defaultTo('')).execute();
  await sql`update article_tags set status = (select status from articles where articles.id = article_tags.article_id),
    published_at = (select published_at from articles where articles.id = article_tags.article_id)`.execute(db);
  await db.schema.createIndex('article_tags_timeline').on('article_tags').columns(['tag_slug', 'status', 'published_at', 'article_id']).execute();

  await db.schema.dropIndex('articles_rubric').execute();
  await db.schema.createIndex('articles_rubric_timeline').on('articles').columns(['rubric_slug', 'status', 'published_at', 'id']).execute();
}

async function reindexAll(db: Kysely<Database>, caps: Capabilities): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('articles')
      .innerJoin('article_bodies', 'article_id', 'id')
      .select(['id', 'title', 'standfirst', 'plain_text', 'status'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) {
      await indexArticle(db, caps, r.id, r.status === 'published' ? stemFields({ title: r.title, standfirst: r.standfirst, plainText: r.plain_text }) : null);
    }
    after = rows[rows.length - 1]!.id;
  }
}
