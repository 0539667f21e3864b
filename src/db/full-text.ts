import { sql, type Kysely, type Transaction } from 'kysely';
import type { Capabilities } from './database';
import type { ReadPool } from './read-pool';
import { indexedText, type SearchQuery } from './search-analyzer';
import type { Database } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The most recent matches a query ranks. A word in nearly every article would otherwise make
 * the engine rank the whole archive (155 s on SQLite at 50,000 articles); beyond this many,
 * relevance is judged among the newest matches, and the total is reported as "more than".
 */
export const CANDIDATE_CAP = 1000;

export interface IndexedFields {
  title: string;
  standfirst: string;
  plainText: string;
}

/** The fields as the index stores them: stems separated by spaces. */
export interface IndexedStems {
  title: string;
  standfirst: string;
  body: string;
}

/** Stems are computed in the app (a bulk import does it on its compose threads), so both engines match alike. */
export function stemFields(fields: IndexedFields): IndexedStems {
  return { title: indexedText(fields.title), standfirst: indexedText(fields.standfirst), body: indexedText(fields.plainText) };
}

/** Puts an article into the full-text index (or takes it out: `null`, for drafts). */
export async function indexArticle(trx: Db, caps: Capabilities, id: number, stems: IndexedStems | null): Promise<void> {
  const values = stems && [stems.title, stems.standfirst, stems.body];
  if (caps.fullText === 'fts5') {
    await sql`delete from article_search where rowid = ${id}`.execute(trx);
    if (values) await sql`insert into article_search(rowid, title, standfirst, body) values (${id}, ${values[0]}, ${values[1]}, ${values[2]})`.execute(trx);
    return;
  }
  const vector = values
    ? sql`setweight(to_tsvector('simple', ${values[0]}), 'A') || setweight(to_tsvector('simple', ${values[1]}), 'B') || to_tsvector('simple', ${values[2]})`
    : sql`null`;
  await sql`update articles set search = ${vector} where id = ${id}`.execute(trx);
}

export interface Candidate {
  id: number;
  /** Lower is better. */
  rank: number;
  published_at: string;
}

/**
 * The visible articles matching every stem (the prefix one as a prefix), at most CANDIDATE_CAP of
 * the newest, each with its relevance. The one place that knows both engines' syntax. On SQLite
 * it runs on the read pool's thread: FTS5 is fast, but the synchronous driver would otherwise
 * hold the server's event loop for the whole query.
 */
export async function searchCandidates(db: Kysely<Database>, caps: Capabilities, pool: ReadPool, query: SearchQuery, now: Date): Promise<Candidate[]> {
  if (query.stems.length === 0 && query.prefix === null) return [];
  const at = now.toISOString();
  if (caps.fullText === 'fts5') {
    const expression = [...query.stems.map((s) => `"${s}"`), ...(query.prefix ? [`"${query.prefix}"*`] : [])].join(' AND ');
    const compiled = sql<Candidate>`select m.id as id, m.rank as rank, a.published_at as published_at
      from (select rowid as id, bm25(article_search, 5.0, 2.0, 1.0) as rank from article_search
            where article_search match ${expression} order by rowid desc limit ${CANDIDATE_CAP}) m
      join articles a on a.id = m.id
      where a.status = 'published' and a.published_at <= ${at}`.compile(db);
    return pool.all<Candidate>(compiled.sql, compiled.parameters);
  }
  const lexeme = (s: string) => `'${s}'`;
  const expression = [...query.stems.map(lexeme), ...(query.prefix ? [`${lexeme(query.prefix)}:*`] : [])].join(' & ');
  const { rows } = await sql<Candidate>`select id, -ts_rank(search, q) as rank, published_at
    from articles, to_tsquery('simple', ${expression}) q
    where search @@ q and status = 'published' and published_at <= ${at}
    order by id desc limit ${CANDIDATE_CAP}`.execute(db);
  return rows.map((r) => ({ ...r, rank: Number(r.rank) }));
}
