import { opensDangling } from '../../src/summary/dangling';
import { rouge } from '../../src/summary/rouge';
import type { Article } from './data';
import type { Point, System } from './systems';

export interface Row { system: string; rouge1: number; rouge2: number; rougeLsum: number; words: number; perSecond: number; n: number; dangling: number | null }

/**
 * Points that open with a word needing the sentence before (summary/dangling.ts) while that
 * sentence is not in the summary; null when the system does not say which sentences it took.
 */
function danglingPoints(points: Point[], lang: string): { dangling: number; known: boolean } {
  const chosen = new Set(points.map((p) => p.sentence));
  let dangling = 0;
  for (const p of points) {
    if (p.sentence === undefined) return { dangling: 0, known: false };
    if (p.sentence > 0 && !chosen.has(p.sentence - 1) && opensDangling(p.text, lang)) dangling++;
  }
  return { dangling, known: true };
}

/** Runs a system over articles, timing only the summarizer, then scores with ROUGE F1 ×100. */
export function evaluate(system: System, name: string, articles: Article[], k: number): Row {
  const outputs: Point[][] = [];
  const t0 = process.hrtime.bigint();
  for (const a of articles) outputs.push(system.run(a, k));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let r1 = 0;
  let r2 = 0;
  let rl = 0;
  let words = 0;
  let points = 0;
  let dangling = 0;
  let known = true;
  articles.forEach((a, i) => {
    const out = outputs[i] as Point[];
    const d = danglingPoints(out, a.lang);
    known &&= d.known;
    dangling += d.dangling;
    points += out.length;
    const lines = out.map((p) => p.text.replace(/\s+/g, ' ').trim()).filter((s) => s.length > 0);
    const r = rouge(a.reference, lines.join('\n'), a.lang);
    r1 += r.rouge1.f1;
    r2 += r.rouge2.f1;
    rl += r.rougeLsum.f1;
    words += lines.join(' ').split(/\s+/).filter((w) => w.length > 0).length;
  });
  const n = Math.max(articles.length, 1);
  return {
    system: name,
    rouge1: (100 * r1) / n,
    rouge2: (100 * r2) / n,
    rougeLsum: (100 * rl) / n,
    words: words / n,
    perSecond: seconds > 0 ? articles.length / seconds : Infinity,
    n: articles.length,
    dangling: known ? (100 * dangling) / Math.max(points, 1) : null,
  };
}

/**
 * Articles per second on this one thread: one pass over the corpus to warm the JIT, then three
 * rounds of at least `minSeconds` each; the median round is reported (GC pauses make single
 * rounds vary by ±10% here).
 */
export function throughput(system: System, articles: Article[], k: number, minSeconds = 2): number {
  for (const a of articles) system.run(a, k);
  const rounds: number[] = [];
  for (let r = 0; r < 3 && articles.length > 0; r++) {
    let count = 0;
    const t0 = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < minSeconds) {
      for (const a of articles) system.run(a, k);
      count += articles.length;
      elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    }
    rounds.push(count / elapsed);
  }
  rounds.sort((x, y) => x - y);
  return rounds[1] ?? rounds[0] ?? 0;
}

function ratio(value: number, base: number | undefined): string {
  return base !== undefined && base > 0 ? (value / base).toFixed(3) : '-';
}

export function formatTable(rows: Row[], baseline: Row | undefined): string {
  const header = ['system', 'ROUGE-1', 'ROUGE-2', 'ROUGE-Lsum', 'avg words', 'dangling %', 'articles/s', 'R1/Lead', 'R2/Lead', 'RLsum/Lead'];
  const body = rows.map((r) => [
    r.system,
    r.rouge1.toFixed(2),
    r.rouge2.toFixed(2),
    r.rougeLsum.toFixed(2),
    r.words.toFixed(1),
    r.dangling === null ? '-' : r.dangling.toFixed(1),
    Number.isFinite(r.perSecond) ? r.perSecond.toFixed(0) : '-',
    ratio(r.rouge1, baseline?.rouge1),
    ratio(r.rouge2, baseline?.rouge2),
    ratio(r.rougeLsum, baseline?.rougeLsum),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] as string).length)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...body.map(line)].join('\n');
}
