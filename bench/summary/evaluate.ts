import { rouge } from '../../src/summary/rouge';
import type { Article } from './data';
import type { System } from './systems';

export interface Row { system: string; rouge1: number; rouge2: number; rougeLsum: number; words: number; perSecond: number; n: number }

/** Runs a system over articles, timing only the summarizer, then scores with ROUGE F1 ×100. */
export function evaluate(system: System, name: string, articles: Article[], k: number): Row {
  const outputs: string[][] = [];
  const t0 = process.hrtime.bigint();
  for (const a of articles) outputs.push(system.run(a, k));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let r1 = 0;
  let r2 = 0;
  let rl = 0;
  let words = 0;
  articles.forEach((a, i) => {
    const lines = (outputs[i] as string[]).map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => s.length > 0);
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
  };
}

/** Articles per second on this one thread, repeating the corpus for at least `minSeconds`. */
export function throughput(system: System, articles: Article[], k: number, minSeconds = 2): number {
  for (const a of articles.slice(0, 20)) system.run(a, k); // warm the JIT
  let count = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minSeconds && articles.length > 0) {
    for (const a of articles) system.run(a, k);
    count += articles.length;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  return elapsed > 0 ? count / elapsed : 0;
}

function ratio(value: number, base: number | undefined): string {
  return base !== undefined && base > 0 ? (value / base).toFixed(3) : '-';
}

export function formatTable(rows: Row[], baseline: Row | undefined): string {
  const header = ['system', 'ROUGE-1', 'ROUGE-2', 'ROUGE-Lsum', 'avg words', 'articles/s', 'R1/Lead', 'R2/Lead', 'RLsum/Lead'];
  const body = rows.map((r) => [
    r.system,
    r.rouge1.toFixed(2),
    r.rouge2.toFixed(2),
    r.rougeLsum.toFixed(2),
    r.words.toFixed(1),
    Number.isFinite(r.perSecond) ? r.perSecond.toFixed(0) : '-',
    ratio(r.rouge1, baseline?.rouge1),
    ratio(r.rouge2, baseline?.rouge2),
    ratio(r.rougeLsum, baseline?.rougeLsum),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] as string).length)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...body.map(line)].join('\n');
}
