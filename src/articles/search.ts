import type { PaddockDb } from '../db/database';
import { CANDIDATE_CAP, searchCandidates } from '../db/full-text';
import { parseSearchQuery, stemWord, words, type SearchQuery } from '../db/search-analyzer';
import type { ArticleLink } from './model';
import { LINK_COLUMNS, toLink } from './repository';

/** A stretch of text to show, with the words the reader searched for marked. */
export type Snippet = Array<{ text: string; hit: boolean }>;

export interface SearchResult {
  items: Array<ArticleLink & { snippet: Snippet }>;
  /** Matches found; when `capped`, at least this many (only the newest CANDIDATE_CAP are ranked). */
  total: number;
  capped: boolean;
}

/**
 * Visible articles matching every word of the query (stemmed, the last word also as a prefix),
 * best match first, newest first among equals. Relevance is ranked over the newest
 * CANDIDATE_CAP matches, so a word in every article costs what a rare one does.
 */
export async function searchArticles(database: PaddockDb, raw: string, options: { page: number; pageSize: number; now: Date }): Promise<SearchResult> {
  const query = parseSearchQuery(raw);
  const candidates = await searchCandidates(database.db, database.caps, database.reads, query, options.now);
  candidates.sort((a, b) => a.rank - b.rank || (a.published_at < b.published_at ? 1 : a.published_at > b.published_at ? -1 : b.id - a.id));
  const capped = candidates.filter((c) => c.rank === 2).length >= CANDIDATE_CAP;
  const start = (options.page - 1) * options.pageSize;
  const ids = candidates.slice(start, start + options.pageSize).map((c) => c.id);
  const total = candidates.length;
  if (ids.length === 0) return { items: [], total, capped };
  const rows = await database.db
    .selectFrom('articles as a')
    .leftJoin('rubrics as r', 'r.slug', 'a.rubric_slug')
    .innerJoin('article_bodies as b', 'b.article_id', 'a.id')
    .select([...LINK_COLUMNS, 'b.plain_text'])
    .where('a.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ ...toLink(row), snippet: snippetOf(row.plain_text, query) }] : [];
  });
  return { items, total, capped };
}

const CONTEXT_WORDS = 12;
const SNIPPET_WORDS = 32;

/**
 * The passage around the first word that matched, about SNIPPET_WORDS long, with every matching
 * word marked. Computed from the article's plain text with the index's own analyzer, so the
 * marks are exactly the words that made it match, on both engines. It reads the text only up to
 * the end of the passage, and stems only words that begin as a searched stem does (stemming
 * changes endings, never the first letter).
 */
export function snippetOf(text: string, query: SearchQuery): Snippet {
  const wanted = new Set(query.stems);
  const initials = new Set([...query.stems, ...(query.prefix ? [query.prefix] : [])].map((s) => s[0]));
  const matches = (w: string) => {
    const lower = w.toLowerCase();
    if (!initials.has(lower[0])) return false;
    const stem = stemWord(lower);
    return wanted.has(stem) || (query.prefix !== null && stem.startsWith(query.prefix));
  };
  let window: Array<{ word: string; start: number; end: number }> = [];
  let found = false;
  let skipped = false;
  let more = false;
  for (const w of words(text)) {
    window.push(w);
    if (found) {
      if (window.length > SNIPPET_WORDS) {
        window.pop();
        more = true;
        break;
      }
    } else if (matches(w.word)) {
      found = true;
    } else if (window.length > CONTEXT_WORDS) {
      // Still looking: keep only the words that could come before a match.
      window.shift();
      skipped = true;
    }
  }
  if (!found) {
    // Matched on the title or standfirst only: the text's opening.
    window = [];
    for (const w of words(text)) {
      if (window.length === SNIPPET_WORDS) {
        more = true;
        break;
      }
      window.push(w);
    }
    skipped = false;
  }
  if (window.length === 0) return [];
  const out: Snippet = [];
  if (skipped) out.push({ text: '… ', hit: false });
  let cursor = window[0]!.start;
  for (const w of window) {
    if (!found || !matches(w.word)) continue;
    if (w.start > cursor) out.push({ text: text.slice(cursor, w.start), hit: false });
    out.push({ text: w.word, hit: true });
    cursor = w.end;
  }
  const end = more ? window[window.length - 1]!.end : text.trimEnd().length;
  if (end > cursor) out.push({ text: text.slice(cursor, end), hit: false });
  if (more) out.push({ text: ' …', hit: false });
  return out;
}
