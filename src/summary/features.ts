import { centroidSimilarities, cosine, lexRank, tfidfVectors, type SparseVector } from './centrality';
import { captionGlue, leadingNoise } from './dateline';
import { analyzeSentence, contentTerms, type SentenceTerms } from './terms';
import type { Sentence } from './types';

/** Only the opening of an article competes: news puts key points early, and this bounds the work on huge inputs. */
export const MAX_CANDIDATES = 120;
/** LexRank is quadratic; beyond this many sentences centrality is not computed (score 0). */
export const CENTRALITY_CAP = 60;
const DATELINE_ZONE = 6;
const MIN_WORDS = 4;
const TERM_CHARS = 2000;

export const FEATURE_NAMES = [
  'first', 'second', 'third', 'inversePosition', 'relativePosition', 'paragraphStart',
  'lexRank', 'centroid', 'title', 'leadSimilarity',
  'length', 'short', 'long', 'numbers', 'entities',
  'quote', 'question', 'firstPerson', 'attribution',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

export interface Candidate {
  sentence: number;
  start: number;
  end: number;
  words: number;
  vector: SparseVector;
  features: Float64Array;
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

// Capitalised words after the first word: names, places, organisations.
const ENTITY_EN = /[\s("“][A-Z][a-z]/g;
const ENTITY_RU = /[\s(«"“][А-ЯЁA-Z][а-яёa-z]/g;

function countEntities(text: string, lang: string): number {
  const re = lang === 'ru' ? ENTITY_RU : lang === 'en' ? ENTITY_EN : null;
  if (re === null) return 0;
  const m = text.slice(0, TERM_CHARS).match(re);
  return m ? m.length : 0;
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

export function buildCandidates(source: string, sentences: Sentence[], lang: string, title?: string): Candidate[] {
  let raws = rawCandidates(source, sentences);
  const long = raws.filter((r) => r.words >= MIN_WORDS);
  if (long.length > 0) raws = long;
  if (raws.length === 0) return [];
  const lowerCased = !/[A-ZА-ЯЁ]/.test(source.slice(0, 5000));
  const analyses: SentenceTerms[] = raws.map((r) => analyzeSentence(r.text.slice(0, TERM_CHARS), lang));
  const termLists = analyses.map((a) => a.terms);
  const titleTerms = title ? new Set(contentTerms(title.slice(0, TERM_CHARS), lang)) : new Set<string>();
  const vectors = tfidfVectors(termLists);
  const n = raws.length;
  const m = Math.min(n, CENTRALITY_CAP);
  const sim: Float64Array[] = [];
  for (let i = 0; i < m; i++) sim.push(new Float64Array(m));
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const c = cosine(vectors[i] as SparseVector, vectors[j] as SparseVector);
      (sim[i] as Float64Array)[j] = c;
      (sim[j] as Float64Array)[i] = c;
    }
  }
  const centrality = lexRank(sim);
  const centroid = centroidSimilarities(vectors);
  const lead = vectors[0] as SparseVector;

  return raws.map((r, rank) => {
    const f = new Float64Array(FEATURE_NAMES.length);
    const terms = termLists[rank] as string[];
    const an = analyses[rank] as SentenceTerms;
    let titleHits = 0;
    if (titleTerms.size > 0) for (const t of new Set(terms)) if (titleTerms.has(t)) titleHits++;
    const set = (name: FeatureName, v: number): void => {
      f[FEATURE_NAMES.indexOf(name)] = v;
    };
    set('first', rank === 0 ? 1 : 0);
    set('second', rank === 1 ? 1 : 0);
    set('third', rank === 2 ? 1 : 0);
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
    set('entities', lowerCased ? 0 : Math.min(countEntities(r.text, lang) / Math.max(r.words, 1), 1));
    set('quote', QUOTE_OPEN.test(r.text) ? 1 : 0);
    set('question', /\?["'”»)]*$/.test(r.text) ? 1 : 0);
    set('firstPerson', an.firstPerson ? 1 : 0);
    set('attribution', an.attribution ? 1 : 0);
    return { sentence: r.sentence, start: r.start, end: r.end, words: r.words, vector: vectors[rank] as SparseVector, features: f };
  });
}
