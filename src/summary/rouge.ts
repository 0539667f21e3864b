import { stemEnglishNltk, stemRussian } from './stemming';

/**
 * ROUGE as computed by Google's `rouge_score` package (the scorer behind most
 * published CNN/DM numbers), so our benchmark is comparable to the literature.
 * Russian uses the same formulas over Unicode word tokens because rouge_score's
 * own tokenizer drops Cyrillic entirely.
 */
export interface RougeScore { precision: number; recall: number; f1: number }
export interface RougeResult { rouge1: RougeScore; rouge2: RougeScore; rougeL: RougeScore; rougeLsum: RougeScore }

export function rougeTokenize(text: string, lang = 'en'): string[] {
  const lower = text.toLowerCase();
  if (lang === 'ru') {
    const words = lower.match(/[\p{L}\p{N}_]+/gu) ?? [];
    return words.map((w) => (w.length > 3 ? stemRussian(w) : w));
  }
  const words = lower.replace(/[^a-z0-9]+/g, ' ').split(' ').filter((w) => w.length > 0);
  return words.map((w) => (w.length > 3 ? stemEnglishNltk(w) : w));
}

function score(hits: number, predTotal: number, refTotal: number): RougeScore {
  const precision = hits / Math.max(predTotal, 1);
  const recall = hits / Math.max(refTotal, 1);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = n === 1 ? (tokens[i] as string) : tokens.slice(i, i + n).join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function rougeN(ref: string[], pred: string[], n: number): RougeScore {
  const r = ngramCounts(ref, n);
  const p = ngramCounts(pred, n);
  let hits = 0;
  for (const [k, c] of p) hits += Math.min(c, r.get(k) ?? 0);
  return score(hits, Math.max(pred.length - n + 1, 0), Math.max(ref.length - n + 1, 0));
}

function lcsTable(a: string[], b: string[]): Int32Array[] {
  const t: Int32Array[] = [];
  for (let i = 0; i <= a.length; i++) t.push(new Int32Array(b.length + 1));
  for (let i = 1; i <= a.length; i++) {
    const row = t[i] as Int32Array;
    const prev = t[i - 1] as Int32Array;
    for (let j = 1; j <= b.length; j++) {
      row[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, row[j - 1] as number);
    }
  }
  return t;
}

export function rougeL(ref: string[], pred: string[]): RougeScore {
  if (ref.length === 0 || pred.length === 0) return { precision: 0, recall: 0, f1: 0 };
  const t = lcsTable(ref, pred);
  const lcs = (t[ref.length] as Int32Array)[pred.length] as number;
  return score(lcs, pred.length, ref.length);
}

/** Indices into `ref` of one LCS, with rouge_score's tie-breaking on backtrack. */
function lcsIndices(ref: string[], can: string[]): number[] {
  const t = lcsTable(ref, can);
  const out: number[] = [];
  let i = ref.length;
  let j = can.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if (((t[i] as Int32Array)[j - 1] as number) > ((t[i - 1] as Int32Array)[j] as number)) {
      j--;
    } else {
      i--;
    }
  }
  return out.reverse();
}

/** Summary-level LCS: union LCS per reference sentence, each token counted at most as often as it occurs. */
export function rougeLsum(refSents: string[][], predSents: string[][]): RougeScore {
  const m = refSents.reduce((s, x) => s + x.length, 0);
  const n = predSents.reduce((s, x) => s + x.length, 0);
  if (m === 0 || n === 0) return { precision: 0, recall: 0, f1: 0 };
  const countR = new Map<string, number>();
  const countC = new Map<string, number>();
  for (const s of refSents) for (const w of s) countR.set(w, (countR.get(w) ?? 0) + 1);
  for (const s of predSents) for (const w of s) countC.set(w, (countC.get(w) ?? 0) + 1);
  let hits = 0;
  for (const r of refSents) {
    const union = new Set<number>();
    for (const c of predSents) for (const i of lcsIndices(r, c)) union.add(i);
    for (const i of [...union].sort((a, b) => a - b)) {
      const w = r[i] as string;
      const cc = countC.get(w) ?? 0;
      const cr = countR.get(w) ?? 0;
      if (cc > 0 && cr > 0) {
        hits++;
        countC.set(w, cc - 1);
        countR.set(w, cr - 1);
      }
    }
  }
  return score(hits, n, m);
}

function lines(text: string): string[] {
  return text.split('\n').filter((s) => s.length > 0);
}

export function rouge(reference: string, prediction: string, lang = 'en'): RougeResult {
  const ref = rougeTokenize(reference, lang);
  const pred = rougeTokenize(prediction, lang);
  return {
    rouge1: rougeN(ref, pred, 1),
    rouge2: rougeN(ref, pred, 2),
    rougeL: rougeL(ref, pred),
    rougeLsum: rougeLsum(
      lines(reference).map((s) => rougeTokenize(s, lang)),
      lines(prediction).map((s) => rougeTokenize(s, lang)),
    ),
  };
}
