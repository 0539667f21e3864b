import { buildCandidates, type Candidate } from './features';
import { detectLanguage } from './language';
import { DEFAULT_MODEL, selectCandidates, type Model } from './model';
import { segment } from './segment';
import type { Summary, SummaryPoint } from './types';

export interface SummarizeOptions {
  title?: string;
  /** The standfirst shown above the summary: a point that only restates it gives way to the next best. */
  standfirst?: string;
  lang?: string;
  points?: number;
}

const MAX_POINTS = 10;

/** 3–5 points by length; a short or single-paragraph text gets one. */
export function defaultPointCount(text: string, candidates: Candidate[]): number {
  const words = candidates.reduce((s, c) => s + c.words, 0);
  const paragraphs = text.trim().split(/\n\s*\n|\n/).filter((p) => /[\p{L}\p{N}]/u.test(p)).length;
  let k: number;
  if (words < 120 || (paragraphs <= 1 && words < 250)) k = 1;
  else if (words < 500) k = 3;
  else if (words < 1000) k = 4;
  else k = 5;
  return Math.min(k, candidates.length);
}

export function normalizeLang(lang: string | undefined, text: string): string {
  if (lang === 'en' || lang === 'ru') return lang;
  if (typeof lang === 'string' && /^(en|ru)[-_]/i.test(lang)) return lang.slice(0, 2).toLowerCase();
  return lang === undefined ? detectLanguage(text) : 'und';
}

/** Extractive summary: key points are whole source sentences, in article order. */
export function summarize(text: string, opts: SummarizeOptions = {}, model: Model = DEFAULT_MODEL): Summary {
  const source = typeof text === 'string' ? text : '';
  const lang = normalizeLang(opts.lang, source);
  const sentences = segment(source, lang);
  const standfirst = typeof opts.standfirst === 'string' && opts.standfirst.trim() !== '' ? opts.standfirst : undefined;
  const candidates = buildCandidates(source, sentences, lang, typeof opts.title === 'string' ? opts.title : undefined, standfirst);
  if (candidates.length === 0) return { points: [], lang };
  const requested = opts.points;
  const k =
    typeof requested === 'number' && Number.isFinite(requested)
      ? Math.max(1, Math.min(MAX_POINTS, Math.round(requested)))
      : defaultPointCount(source, candidates);
  const points: SummaryPoint[] = selectCandidates(candidates, model, k, { hasStandfirst: standfirst !== undefined }).map((c) => ({
    text: source.slice(c.start, c.end),
    sentence: c.sentence,
    start: c.start,
    end: c.end,
  }));
  return { points, lang };
}
