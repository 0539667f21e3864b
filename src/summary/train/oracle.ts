/**
 * Training labels: the greedy ROUGE oracle (Nallapati et al. 2017). Sentences are added one at a
 * time, each time the one that raises (ROUGE-1 F1 + ROUGE-2 F1) / 2 against the reference most,
 * until none raises it or `max` are taken. Pure: token lists in, sentence positions out.
 */
type Counts = Map<string, number>;

function ngrams(tokens: string[], n: number): Counts {
  const out: Counts = new Map();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = n === 1 ? (tokens[i] as string) : `${tokens[i]}\u0000${tokens[i + 1]}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function f1(hits: number, predicted: number, reference: number): number {
  if (hits === 0 || predicted === 0 || reference === 0) return 0;
  const p = hits / predicted;
  const r = hits / reference;
  return (2 * p * r) / (p + r);
}

function overlap(pred: Counts, ref: Counts): number {
  let hits = 0;
  for (const [k, c] of pred) hits += Math.min(c, ref.get(k) ?? 0);
  return hits;
}

function merge(into: Counts, from: Counts): Counts {
  const out = new Map(into);
  for (const [k, c] of from) out.set(k, (out.get(k) ?? 0) + c);
  return out;
}

/** Positions (into `sentences`) of the oracle summary, in the order they were picked. */
export function greedyOracle(sentences: string[][], reference: string[], max = 3): number[] {
  const ref1 = ngrams(reference, 1);
  const ref2 = ngrams(reference, 2);
  const refLen1 = reference.length;
  const refLen2 = Math.max(reference.length - 1, 0);
  const uni = sentences.map((s) => ngrams(s, 1));
  const bi = sentences.map((s) => ngrams(s, 2));
  const chosen: number[] = [];
  let cur1: Counts = new Map();
  let cur2: Counts = new Map();
  let len1 = 0;
  let len2 = 0;
  let best = 0;
  while (chosen.length < max) {
    let pick = -1;
    let pickScore = best;
    for (let i = 0; i < sentences.length; i++) {
      if (chosen.includes(i)) continue;
      const s = sentences[i] as string[];
      const p1 = merge(cur1, uni[i] as Counts);
      const p2 = merge(cur2, bi[i] as Counts);
      const score = (f1(overlap(p1, ref1), len1 + s.length, refLen1) + f1(overlap(p2, ref2), len2 + Math.max(s.length - 1, 0), refLen2)) / 2;
      if (score > pickScore) {
        pickScore = score;
        pick = i;
      }
    }
    if (pick < 0) break;
    chosen.push(pick);
    const s = sentences[pick] as string[];
    cur1 = merge(cur1, uni[pick] as Counts);
    cur2 = merge(cur2, bi[pick] as Counts);
    len1 += s.length;
    len2 += Math.max(s.length - 1, 0);
    best = pickScore;
  }
  return chosen;
}
