import { sql, type Kysely, type Transaction } from 'kysely';
import type { Capabilities } from './database';
import type { ReadPool } from './read-pool';
import { indexedText, type SearchQuery } from './search-analyzer';
import type { Database } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The most recent matches a query ranks, per tier. A word in nearly every article would otherwise
 * make the engine rank the whole archive (155 s on SQLite at 50,000 articles); beyond this many,
 * relevance is judged among the newest matches, and the total is reported as "more than".
 */
export const CANDIDATE_CAP = 200;

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
  if (caps.fullText === 'fts5') {
    await sql`delete from article_search where rowid = ${id}`.execute(trx);
    if (stems) await sql`insert into article_search(rowid, title, standfirst, body) values (${id}, ${stems.title}, ${stems.standfirst}, ${stems.body})`.execute(trx);
    return;
  }
  if (!stems) {
    await sql`update articles set search = null, search_lead = null where id = ${id}`.execute(trx);
    return;
  }
  // The headline and standfirst also have a vector of their own: small, so that "the words are in
  // the title" is answered from it without reading the whole text's (see searchCandidates).
  await sql`update articles set search_lead = v.lead, search = v.lead || to_tsvector('simple', ${stems.body})
    from (select setweight(to_tsvector('simple', ${stems.title}), 'A') || setweight(to_tsvector('simple', ${stems.standfirst}), 'B') as lead) v
    where id = ${id}`.execute(trx);
}

export interface Candidate {
  id: number;
  /**
   * Relevance, lower is better: 0 every word in the title, 1 in the title and standfirst,
   * 2 anywhere in the text. Among equals the newer article comes first.
   */
  rank: number;
  published_at: string;
}

/**
 * The visible articles matching every stem (the prefix one as a prefix), at most CANDIDATE_CAP of
 * the newest per tier, each with its relevance tier, and whether the cap cut the list short. Ranking by where the words are (the headline
 * first) rather than by a term-frequency score is a choice for speed and for news: both engines'
 * scores (bm25, ts_rank) read every match of the word to weigh it, so a common word cost 50 ms at
 * 100,000 articles, where these bounded queries cost one. The one place that knows both engines'
 * syntax. On SQLite it runs on the read pool's thread: the synchronous driver would otherwise hold
 * the server's event loop for the whole query.
 */
export async function searchCandidates(db: Kysely<Database>, caps: Capabilities, pool: ReadPool, query: SearchQuery, now: Date): Promise<{ candidates: Candidate[]; capped: boolean }> {
  if (query.stems.length === 0 && query.prefix === null) return { candidates: [], capped: false };
  const at = now.toISOString();
  let rows: TierRow[];
  if (caps.fullText === 'fts5') {
    const words = [...query.stems.map((s) => `"${s}"`), ...(query.prefix ? [`"${query.prefix}"*`] : [])].join(' AND ');
    const tier = (n: number, match: string) =>
      sql`select * from (select rowid as id, ${sql.lit(n)} as tier from article_search where article_search match ${match} order by rowid desc limit ${CANDIDATE_CAP})`;
    // CROSS JOIN keeps SQLite from scanning every visible article to probe the matches.
    const compiled = sql<TierRow>`select m.id as id, m.tier as tier, a.published_at as published_at
      from (${tier(0, `{title} : (${words})`)} union all ${tier(1, `{title standfirst} : (${words})`)} union all ${tier(2, words)}) m
      cross join articles a on a.id = m.id
      where a.status = 'published' and a.published_at <= ${at}`.compile(db);
    rows = await pool.all(compiled.sql, compiled.parameters);
  } else {
    const terms = (weights: string) => [...query.stems.map((s) => `'${s}'${weights ? `:${weights}` : ''}`), ...(query.prefix ? [`'${query.prefix}':*${weights}`] : [])].join(' & ');
    const visible = sql`status = 'published' and published_at <= ${at}`;
    const lead = (n: number, weights: string) =>
      sql`(select id, ${sql.lit(n)} as tier, published_at from articles where search_lead @@ to_tsquery('simple', ${terms(weights)}) and ${visible} order by id desc limit ${CANDIDATE_CAP})`;
    // The planner chooses per word from its statistics: newest rows first with a filter for a
    // common word (the first 200 rows match), the GIN index for a rarer one.
    const anywhere = sql<TierRow>`select id, 2 as tier, published_at from articles
      where search @@ to_tsquery('simple', ${terms('')}) and ${visible} order by id desc limit ${CANDIDATE_CAP}`;
    const [title, body] = await Promise.all([sql<TierRow>`${lead(0, 'A')} union all ${lead(1, '')}`.execute(db), anywhere.execute(db)]);
    rows = [...title.rows, ...body.rows];
  }
  const best = new Map<number, Candidate>();
  for (const r of rows) {
    const known = best.get(r.id);
    if (!known || r.tier < known.rank) best.set(r.id, { id: r.id, rank: Number(r.tier), published_at: r.published_at });
  }
  // Capped: the "anywhere" tier filled up, so more articles match than were ranked.
  return { candidates: [...best.values()], capped: rows.filter((r) => Number(r.tier) === 2).length >= CANDIDATE_CAP };
}

type TierRow = { id: number; tier: number; published_at: string };
