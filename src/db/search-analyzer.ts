import snowball from 'snowball-stemmers';

/**
 * What goes into the full-text index and what a query is matched with: words of letters and
 * digits, lower-cased, stemmed by their script (Latin → English Snowball, Cyrillic → Russian
 * Snowball, anything else as written). Both engines index the output of this one function, so
 * "engines" finds "engine" and «двигателя» finds «двигатель» identically on SQLite and PostgreSQL.
 * Deciding by script rather than by the article's language also stems the Latin model names in
 * a Russian article ("Lada Vesta") as a reader typing them would expect.
 */
const english = snowball.newStemmer('english');
const russian = snowball.newStemmer('russian');

const WORD = /[\p{L}\p{N}]+/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

// Stemming dominates indexing time; news vocabularies repeat (Zipf), so a bounded memo makes it
// nearly free. Cleared wholesale when full, which keeps both memory and each call O(1).
const MEMO_LIMIT = 200_000;
const memo = new Map<string, string>();

export function stemWord(word: string): string {
  const hit = memo.get(word);
  if (hit !== undefined) return hit;
  // A word matched out of a text is a slice that keeps the whole text alive; kept as a memo key
  // it would hold every article ever indexed (64 KB an article in a 10,000-article import).
  const lowerWord = ownCopy(word);
  let out = lowerWord;
  // Words with digits ("v8", "2024", "кама1") are names and numbers: kept whole.
  if (!/\p{N}/u.test(lowerWord)) {
    if (CYRILLIC.test(lowerWord)) out = russian.stem(lowerWord.replace(/ё/g, 'е'));
    else if (LATIN.test(lowerWord)) out = english.stem(lowerWord);
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(lowerWord, out);
  return out;
}

/** A string that shares no memory with the one it was sliced from. */
function ownCopy(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** The words of a text with their offsets, for highlighting. */
export function* words(text: string): Generator<{ word: string; start: number; end: number }> {
  for (const m of text.matchAll(WORD)) yield { word: m[0], start: m.index, end: m.index + m[0].length };
}

/** A text as the index stores it: its stems separated by spaces. */
export function indexedText(text: string): string {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) out.push(stemWord(m[0]));
  return out.join(' ');
}

export interface SearchQuery {
  /** Stems every article must contain (at most MAX_TERMS words). */
  stems: string[];
  /**
   * The last word's stem, when it also matches as a prefix (a word still being typed): only from
   * 4 letters, the shortest prefix the index keeps lists for; a shorter one begins so many words
   * that matching it would read a good part of the index.
   */
  prefix: string | null;
}

export const MAX_TERMS = 8;

/** A reader's query, whatever it holds (FTS syntax, 10 KB of text, punctuation): never a syntax error. */
export function parseSearchQuery(raw: string): SearchQuery {
  const lower = raw.slice(0, 1000).toLowerCase();
  const found = [...new Set(Array.from(lower.matchAll(WORD), (m) => m[0]))].slice(0, MAX_TERMS);
  const last = found[found.length - 1];
  const prefix = last !== undefined && [...last].length >= 4 && !/\p{N}/u.test(last) ? stemWord(last) : null;
  const stems = [...new Set(found.map(stemWord))].filter((s) => s !== prefix);
  return { stems, prefix };
}
