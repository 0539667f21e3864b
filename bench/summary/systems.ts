import { createRequire } from 'node:module';
import { AbsoluteSummarizerConfig, DefaultTextParser, NullLogger, SorensenDiceSimilarity, Summarizer } from 'ts-textrank';
import { buildCandidates } from '../../src/summary/features';
import { rougeTokenize } from '../../src/summary/rouge';
import { segment, summarize } from '../../src/summary/index';
import { greedyOracle } from '../../src/summary/train/oracle';
import type { Article } from './data';

/** A point of a system's summary; `sentence` (the source sentence's index) when the system knows it. */
export interface Point { text: string; sentence?: number }

/** A system returns its summary as sentences; they are scored one a line (for ROUGE-Lsum). */
export interface System { name: string; run(a: Article, k: number): Point[] }

const require = createRequire(import.meta.url);

export const paddock: System = {
  name: 'Paddock',
  run: (a, k) => summarize(a.text, { title: a.title ?? undefined, lang: a.lang, points: k }).points.map((p) => ({ text: p.text, sentence: p.sentence })),
};

export const lead: System = {
  name: 'Lead',
  run: (a, k) => segment(a.text, a.lang).slice(0, k).map((s) => ({ text: s.text, sentence: s.index })),
};

/** The greedy ROUGE oracle over the summarizer's own candidates: what a perfect scorer could reach. */
export const oracle: System = {
  name: 'Oracle',
  run: (a, k) => {
    const candidates = buildCandidates(a.text, segment(a.text, a.lang), a.lang, a.title ?? undefined);
    const picked = greedyOracle(candidates.map((c) => rougeTokenize(a.text.slice(c.start, c.end), a.lang)), rougeTokenize(a.reference, a.lang), k);
    return picked.map((i) => candidates[i]!).sort((x, y) => x.sentence - y.sentence).map((c) => ({ text: a.text.slice(c.start, c.end), sentence: c.sentence }));
  },
};

/** Peers return plain strings; we split them with our segmenter so Lsum sees sentences. */
function asLines(text: string, lang: string): Point[] {
  return segment(text, lang).map((s) => ({ text: s.text }));
}

export const textRank: System = {
  name: 'ts-textrank',
  run: (a, k) => {
    const config = new AbsoluteSummarizerConfig(k, new SorensenDiceSimilarity(), new DefaultTextParser(), 0.85, Summarizer.SORT_OCCURENCE);
    const s = new Summarizer(config, new NullLogger());
    try {
      return s.summarize(a.text.replace(/\n/g, ' '), a.lang).flatMap((x) => asLines(x, a.lang));
    } catch {
      return [];
    }
  },
};

interface NodeSummarizerManager { getSummaryByFrequency(): { summary: unknown } }
type NodeSummarizerCtor = new (text: string, n: number) => NodeSummarizerManager;

export const nodeSummarizer: System = {
  name: 'node-summarizer',
  run: (a, k) => {
    const { SummarizerManager } = require('node-summarizer') as { SummarizerManager: NodeSummarizerCtor };
    try {
      const out = new SummarizerManager(a.text, k).getSummaryByFrequency().summary;
      return typeof out === 'string' ? asLines(out, a.lang) : [];
    } catch {
      return [];
    }
  },
};
