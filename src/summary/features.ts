import { centroidSimilarities, cosine, lexRank, similarityMatrix, tfidfVectors, type SparseVector } from './centrality';
import { opensDangling } from './dangling';
import { captionGlue, leadingNoise } from './dateline';
import { analyzeSentence, lexiconFor, type SentenceTerms } from './terms';
import type { Sentence } from './types';

/** Only the opening of an article competes: news puts key points early, and this bounds the work on long articles (bench:summary throughput). */
export const MAX_CANDIDATES = 40;
/** LexRank is quadratic; beyond this many sentences centrality is not computed (score 0). */
export const CENTRALITY_CAP = 40;
const DATELINE_ZONE = 6;
const MIN_WORDS = 4;
const TERM_CHARS = 2000;

// Position enters smoothly: one-hot first/second/third learned quirks of how CNN/DailyMail copy
// opens and did not carry over to other sources (bench:summary, ria-ru and newsroom).
export const FEATURE_NAMES = [
  'inversePosition', 'relativePosition', 'paragraphStart',
  'lexRank', 'centroid', 'title', 'leadSimilarity',
  'length', 'short', 'long', 'numbers',
  'quote', 'question', 'firstPerson', 'attribution', 'dangling',
] as const;

/** Buckets of the hashed opening word: a learned weight for how a sentence starts ("but", "police", "the"). */
export const LEXICAL_BUCKETS = 512;
export type FeatureName = (typeof FEATURE_NAMES)[number];
const FEATURE_INDEX = Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, i])) as Record<FeatureName, number>;

export interface Candidate {
  sentence: number;
  start: number;
  end: number;
  words: number;
  vector: SparseVector;
  features: Float64Array;
  /** Opens with a word that needs the sentence before it (dangling.ts); never the article's first sentence. */
  dangling: boolean;
  /** Bucket of the hashed lower-case opening word (LEXICAL_BUCKETS), or -1 for none. */
  bucket: number;
  /** Content terms in order (stemmed, no stop words): trigram blocking reads them. */
  terms: string[];
  /** Share of its content terms that the standfirst already has (0 without a standfirst). */
  standfirstOverlap: number;
}

const QUOTE_OPEN = /^["'“‘«]|["“«].{20,}["”»]/u;

function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  const len = Math.min(text.length, TERM_CHARS);
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

interface Raw { sentence: number; start: number; end: number; text: string; words: number; paragraphStart: boolean }

function rawCandidates(source: string, sentences: Sentence[]): Raw[] {
  const out: Raw[] = [];
  for (const s of sentences) {
    if (out.length >= MAX_CANDIDATES) break;
    // Furniture lines are short; datelines and bylines only open an article.
    const skip = s.index < DATELINE_ZONE || s.text.length < 160 ? leadingNoise(s.text) : 0;
    if (skip < 0) continue;
    let start = s.start + (s.index < DATELINE_ZONE ? skip : 0);
    // A photo caption glued onto the opening sentence is not the story (Daily Mail copy).
    if (out.length === 0) start += captionGlue(source.slice(start, s.end));
    while (start < s.end && /\s/.test(source[start] as string)) start++;
    const text = source.slice(start, s.end);
    let k = s.start - 1;
    while (k >= 0 && (source[k] === ' ' || source[k] === '\t')) k--;
    out.push({ sentence: s.index, start, end: s.end, text, words: countWords(text), paragraphStart: k < 0 || source[k] === '\n' || source[k] === '\r' });
  }
  return out;
}

// FNV-1a, 32 bits: a stable hash that needs no table.
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const OPENING_WORD = /[\p{L}\p{N}]+/u;

/**
 * The bucket of a sentence's first word, lower-cased: features never depend on capitals (most
 * training text is lower-cased). The buckets are learned from English text; other languages get
 * none (-1).
 */
export function openingBucket(text: string, lang: string): number {
  if (lang !== 'en') return -1;
  const m = OPENING_WORD.exec(text.slice(0, 60).toLowerCase());
  return m ? fnv(m[0]) % LEXICAL_BUCKETS : -1;
}

/** Hashes of consecutive content-term trigrams. */
export function trigramsOf(terms: string[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + 2 < terms.length; i++) out.add(fnv(`${terms[i]} ${terms[i + 1]} ${terms[i + 2]}`));
  return out;
}

export function buildCandidates(source: string, sentences: Sentence[], lang: string, title?: string, standfirst?: string): Candidate[] {
  let raws = rawCandidates(source, sentences);
  const long = raws.filter((r) => r.words >= MIN_WORDS);
  if (long.length > 0) raws = long;
  if (raws.length === 0) return [];
  const lexicon = lexiconFor(lang);
  const analyses: SentenceTerms[] = raws.map((r) => analyzeSentence(r.text.slice(0, TERM_CHARS), lexicon));
  const titleTerms = title ? new Set(analyzeSentence(title.slice(0, TERM_CHARS), lexicon).ids) : new Set<number>();
  const standfirstTerms = standfirst ? new Set(analyzeSentence(standfirst.slice(0, TERM_CHARS), lexicon).ids) : null;
  const vectors = tfidfVectors(analyses.map((a) => a.ids), lexicon.size);
  const n = raws.length;
  const m = Math.min(n, CENTRALITY_CAP);
  const sim = similarityMatrix(vectors, m);
  const centrality = lexRank(sim);
  const centroid = centroidSimilarities(vectors);
  const lead = vectors[0] as SparseVector;

  return raws.map((r, rank) => {
    const f = new Float64Array(FEATURE_NAMES.length);
    const an = analyses[rank] as SentenceTerms;
    const { terms, ids } = an;
    let titleHits = 0;
    if (titleTerms.size > 0) for (const t of new Set(ids)) if (titleTerms.has(t)) titleHits++;
    const set = (name: FeatureName, v: number): void => {
      f[FEATURE_INDEX[name]] = v;
    };
    set('inversePosition', 1 / (rank + 1));
    set('relativePosition', n > 1 ? rank / (n - 1) : 0);
    set('paragraphStart', r.paragraphStart ? 1 : 0);
    set('lexRank', rank < m ? (centrality[rank] as number) : 0);
    set('centroid', centroid[rank] as number);
    set('title', titleTerms.size > 0 ? titleHits / titleTerms.size : 0);
    set('leadSimilarity', rank === 0 ? 0 : cosine(lead, vectors[rank] as SparseVector));
    set('length', Math.min(r.words, 60) / 60);
    set('short', r.words < 10 ? 1 : 0);
    set('long', r.words > 45 ? 1 : 0);
    set('numbers', an.numbers ? 1 : 0);
    set('quote', QUOTE_OPEN.test(r.text) ? 1 : 0);
    set('question', /\?["'”»)]*$/.test(r.text) ? 1 : 0);
    set('firstPerson', an.firstPerson ? 1 : 0);
    set('attribution', an.attribution ? 1 : 0);
    // The article's own first sentence has nothing before it to need.
    const dangling = r.sentence > 0 && opensDangling(r.text, lang);
    set('dangling', dangling ? 1 : 0);
    let standfirstOverlap = 0;
    if (standfirstTerms && ids.length > 0) {
      let shared = 0;
      for (const t of ids) if (standfirstTerms.has(t)) shared++;
      standfirstOverlap = shared / ids.length;
    }
    return {
      sentence: r.sentence,
      start: r.start,
      end: r.end,
      words: r.words,
      vector: vectors[rank] as SparseVector,
      features: f,
      dangling,
      bucket: openingBucket(r.text, lang),
      terms,
      standfirstOverlap,
    };
  });
}
