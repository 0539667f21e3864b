import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../database';

/**
 * Full-text search over articles, each engine with its own index: SQLite's FTS5 kept in step by
 * triggers, PostgreSQL's tsvector as a generated column with a GIN index. The 'simple'
 * configuration and FTS5's unicode61 tokenizer treat English and Russian alike.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  if (caps.fullText === 'fts5') {
    await sql`create virtual table articles_fts using fts5(title, standfirst, plain_text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(db);
    await sql`insert into articles_fts(rowid, title, standfirst, plain_text) select id, title, standfirst, plain_text from articles`.execute(db);
    await sql`create trigger articles_fts_insert after insert on articles begin
      insert into articles_fts(rowid, title, standfirst, plain_text) values (new.id, new.title, new.standfirst, new.plain_text); end`.execute(db);
    await sql`create trigger articles_fts_delete after delete on articles begin
      insert into articles_fts(articles_fts, rowid, title, standfirst, plain_text) values ('delete', old.id, old.title, old.standfirst, old.plain_text); end`.execute(db);
    await sql`create trigger articles_fts_update after update on articles begin
      insert into articles_fts(articles_fts, rowid, title, standfirst, plain_text) values ('delete', old.id, old.title, old.standfirst, old.plain_text);
      insert into articles_fts(rowid, title, standfirst, plain_text) values (new.id, new.title, new.standfirst, new.plain_text); end`.execute(db);
    return;
  }
  await sql`alter table articles add column search tsvector generated always as (
    setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', standfirst), 'B') || to_tsvector('simple', plain_text)
  ) stored`.execute(db);
  await sql`create index articles_search on articles using gin (search)`.execute(db);
}
