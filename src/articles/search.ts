import type { PaddockDb } from '../db/database';
import { searchCandidates } from '../db/full-text';
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
  const { candidates, capped } = await searchCandidates(database.db, database.caps, database.reads, query, options.now);
  candidates.sort((a, b) => a.rank - b.rank || (a.published_at < b.published_at ? 1 : a.published_at > b.published_at ? -1 : b.id - a.id));
  const start = (options.page - 1) * options.pageSize;
  const ids = candidates.slice(start, start + options.pageSize).map((c) => c.id);
  const total = candidates.length;
  if (ids.length === 0) return { items: [], total, capped };
  const rows = await database.db
    .selectFrom('articles as a')
    .leftJoin('rubrics as r', 'r.slug', 'a.rubric_slug')
    .leftJoin('media as m', 'm.id', 'a.hero_media_id')
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
 * marks are exactly the words that made it match, on both engines. The first match is found with
 * indexOf (native, fast), and only its neighbourhood is split into words: walking every word of a
 * long text cost 1.5 ms for a page of results. Only words that begin as a searched stem does are
 * stemmed (Snowball changes endings, never the first two letters, but for ё, indexed as е).
 */
export function snippetOf(full: string, query: SearchQuery): Snippet {
  const first = firstMatchAt(full, query);
  // Matched on the title or standfirst only: the text's opening, nothing marked.
  const from = first === null ? 0 : Math.max(0, first - 400);
  const text = full.slice(from, first === null ? 1200 : first + 800);
  const all = [...words(text)];
  if (all.length === 0) return [];
  const start = first === null ? 0 : Math.max(0, all.findIndex((w) => w.start >= first - from) - CONTEXT_WORDS);
  const window = all.slice(start, start + SNIPPET_WORDS);
  const more = start + window.length < all.length || from + text.length < full.trimEnd().length;
  const matches = wordMatcher(query);
  const out: Snippet = [];
  if (from > 0 || start > 0) out.push({ text: '… ', hit: false });
  let cursor = window[0]!.start;
  for (const w of first === null ? [] : window) {
    if (!matches(w.word)) continue;
    if (w.start > cursor) out.push({ text: text.slice(cursor, w.start), hit: false });
    out.push({ text: w.word, hit: true });
    cursor = w.end;
  }
  const end = more ? window[window.length - 1]!.end : text.trimEnd().length;
  if (end > cursor) out.push({ text: text.slice(cursor, end), hit: false });
  if (more) out.push({ text: ' …', hit: false });
  return out;
}

const WORD_AT = /[\p{L}\p{N}]+/uy;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Where the first word matching the query begins, or null. */
function firstMatchAt(text: string, query: SearchQuery): number | null {
  const lower = text.toLowerCase();
  // Lower-casing changes the length of a few letters (İ); then offsets would not line up.
  if (lower.length !== text.length) return null;
  const matches = wordMatcher(query);
  let best: number | null = null;
  for (const opening of openingsOf(query)) {
    for (let at = lower.indexOf(opening); at !== -1 && (best === null || at < best); at = lower.indexOf(opening, at + 1)) {
      if (at > 0 && WORD_CHAR.test(lower[at - 1]!)) continue;
      WORD_AT.lastIndex = at;
      const word = WORD_AT.exec(lower)?.[0];
      if (word && matches(word)) {
        best = at;
        break;
      }
    }
  }
  return best;
}

/** The first two letters of each searched stem, as a text may spell them (ё is indexed as е). */
function openingsOf(query: SearchQuery): Set<string> {
  const out = new Set<string>();
  for (const stem of [...query.stems, ...(query.prefix ? [query.prefix] : [])]) {
    const opening = stem.slice(0, 2);
    out.add(opening);
    if (opening.includes('е')) for (const variant of [opening.replace('е', 'ё'), opening.replace(/е/g, 'ё')]) out.add(variant);
  }
  return out;
}

function wordMatcher(query: SearchQuery): (word: string) => boolean {
  const wanted = new Set(query.stems);
  return (w) => {
    const stem = stemWord(w.toLowerCase());
    return wanted.has(stem) || (query.prefix !== null && stem.startsWith(query.prefix));
  };
}
