import { sql, type RawBuilder } from 'kysely';
import type { Capabilities } from './database';

/** Words of a reader's query (letters and digits only): whatever they type cannot break the query syntax. */
export function queryTerms(query: string): string[] {
  return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
}

/**
 * Article ids matching every term (prefix match on the last one, as readers type), best first.
 * The engine's own index does the work; this is the one place that knows both syntaxes. A
 * subquery (hence the parentheses), so callers join it like a table.
 */
export function matchingArticleIds(caps: Capabilities, terms: string[], typed: string): RawBuilder<{ id: number; rank: number }> {
  if (caps.fullText === 'fts5') {
    const expression = terms.map((t, i) => `"${t}"${i === terms.length - 1 ? '*' : ''}`).join(' ');
    return sql<{ id: number; rank: number }>`(select rowid as id, bm25(articles_fts, 5.0, 2.0, 1.0) as rank from articles_fts where articles_fts match ${expression})`;
  }
  const expression = terms.map((t, i) => `${t}${i === terms.length - 1 ? ':*' : ''}`).join(' & ');
  // PostgreSQL's parser splits "Кама-1" into 'кама' and '-1'; plainto_tsquery parses what was
  // typed the same way (and ignores operators), the prefix form covers a word still being typed.
  const query = sql`(to_tsquery('simple', ${expression}) || plainto_tsquery('simple', ${typed.slice(0, 200)}))`;
  return sql<{ id: number; rank: number }>`(select id, -ts_rank(search, ${query}) as rank from articles where search @@ ${query})`;
}
