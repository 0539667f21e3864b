/** Sparse TF-IDF vector, L2-normalised: parallel arrays of term ids (ascending) and weights. */
export interface SparseVector { ids: Int32Array; weights: Float64Array }

export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) {
      dot += (a.weights[i] as number) * (b.weights[j] as number);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return dot;
}

/** Builds normalised TF-IDF vectors, with IDF from the sentences themselves. */
export function tfidfVectors(termLists: string[][]): SparseVector[] {
  const ids = new Map<string, number>();
  const df: number[] = [];
  const tfs: Map<number, number>[] = termLists.map((terms) => {
    const tf = new Map<number, number>();
    for (const t of terms) {
      let id = ids.get(t);
      if (id === undefined) {
        id = ids.size;
        ids.set(t, id);
        df.push(0);
      }
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    for (const id of tf.keys()) df[id] = (df[id] as number) + 1;
    return tf;
  });
  const n = termLists.length;
  return tfs.map((tf) => {
    const sorted = [...tf.keys()].sort((a, b) => a - b);
    const weights = new Float64Array(sorted.length);
    let norm = 0;
    sorted.forEach((id, k) => {
      const w = (1 + Math.log(tf.get(id) as number)) * Math.log(1 + n / (df[id] as number));
      weights[k] = w;
      norm += w * w;
    });
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] as number) / norm;
    return { ids: Int32Array.from(sorted), weights };
  });
}

/**
 * Continuous LexRank (Erkan & Radev 2004): PageRank over the cosine
 * similarity graph. Returns scores scaled so the most central sentence is 1.
 */
export function lexRank(sim: Float64Array[], damping = 0.85, iterations = 30): Float64Array {
  const n = sim.length;
  const scores = new Float64Array(n).fill(n > 0 ? 1 / n : 0);
  if (n === 0) return scores;
  const rowSum = sim.map((row) => row.reduce((s, x) => s + x, 0));
  let next = new Float64Array(n);
  let cur = scores;
  for (let it = 0; it < iterations; it++) {
    next.fill((1 - damping) / n);
    for (let i = 0; i < n; i++) {
      const rs = rowSum[i] as number;
      if (rs <= 0) {
        const share = (damping * (cur[i] as number)) / n;
        for (let j = 0; j < n; j++) next[j] = (next[j] as number) + share;
        continue;
      }
      const row = sim[i] as Float64Array;
      const share = (damping * (cur[i] as number)) / rs;
      for (let j = 0; j < n; j++) next[j] = (next[j] as number) + share * (row[j] as number);
    }
    const tmp = cur;
    cur = next;
    next = tmp;
  }
  let max = 0;
  for (const v of cur) if (v > max) max = v;
  if (max > 0) for (let i = 0; i < n; i++) cur[i] = (cur[i] as number) / max;
  return cur;
}
