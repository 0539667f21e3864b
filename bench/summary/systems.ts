import { createRequire } from 'node:module';
import { AbsoluteSummarizerConfig, DefaultTextParser, NullLogger, SorensenDiceSimilarity, Summarizer } from 'ts-textrank';
import { segment, summarize } from '../../src/summary/index';
import type { Article } from './data';

/** A system returns its summary as sentences; they are scored one a line (for ROUGE-Lsum). */
export interface System { name: string; run(a: Article, k: number): string[] }

const require = createRequire(import.meta.url);

export const paddock: System = {
  name: 'Paddock',
  run: (a, k) => summarize(a.text, { title: a.title ?? undefined, lang: a.lang, points: k }).points.map((p) => p.text),
};

export const lead: System = {
  name: 'Lead',
  run: (a, k) => segment(a.text, a.lang).slice(0, k).map((s) => s.text),
};

/** Peers return plain strings; we split them with our segmenter so Lsum sees sentences. */
function asLines(text: string, lang: string): string[] {
  return segment(text, lang).map((s) => s.text);
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
