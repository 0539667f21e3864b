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

// Maps a lexicon id to its id within one document (+1; 0 = not seen yet). Kept between calls and
// reset entry by entry, so a document costs what its own words cost, not the lexicon's size.
let local = new Int32Array(1024);

/**
 * Builds normalised TF-IDF vectors, with IDF from the sentences themselves. Term ids are
 * renumbered in order of first appearance, so a vector never depends on what was read before.
 */
export function tfidfVectors(termIds: Int32Array[], vocabulary: number): SparseVector[] {
  if (local.length < vocabulary) local = new Int32Array(Math.max(vocabulary, local.length * 2));
  const seen: number[] = [];
  const idLists: Int32Array[] = termIds.map((terms) => {
    const out = new Int32Array(terms.length);
    for (let k = 0; k < terms.length; k++) {
      const global = terms[k] as number;
      let id = (local[global] as number) - 1;
      if (id < 0) {
        id = seen.length;
        seen.push(global);
        local[global] = id + 1;
      }
      out[k] = id;
    }
    return out.sort();
  });
  for (const global of seen) local[global] = 0;
  const df = new Int32Array(seen.length);
  for (const list of idLists) for (let k = 0; k < list.length; k++) if (k === 0 || list[k] !== list[k - 1]) {
      const id = list[k] as number;
      df[id] = (df[id] as number) + 1;
    }
  const n = termIds.length;
  return idLists.map((list) => {
    let unique = 0;
    for (let k = 0; k < list.length; k++) if (k === 0 || list[k] !== list[k - 1]) unique++;
    const vid = new Int32Array(unique);
    const weights = new Float64Array(unique);
    let u = -1;
    for (let k = 0; k < list.length; k++) {
      if (k === 0 || list[k] !== list[k - 1]) {
        u++;
        vid[u] = list[k] as number;
        weights[u] = 1;
      } else weights[u] = (weights[u] as number) + 1;
    }
    let norm = 0;
    for (let k = 0; k < unique; k++) {
      const w = (1 + Math.log(weights[k] as number)) * Math.log(1 + n / (df[vid[k] as number] as number));
      weights[k] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < unique; k++) weights[k] = (weights[k] as number) / norm;
    return { ids: vid, weights };
  });
}

/**
 * Cosines between the first `m` vectors, as a symmetric matrix (zero diagonal). Walks each term's
 * postings instead of merging every pair of vectors: only sentences that share a term cost
 * anything, which is most of LexRank's time saved (bench:summary throughput).
 */
export function similarityMatrix(vectors: SparseVector[], m: number): Float64Array[] {
  const sim: Float64Array[] = [];
  for (let i = 0; i < m; i++) sim.push(new Float64Array(m));
  // Ids are a document's own, numbered from 0 (tfidfVectors), so an array indexes them.
  const postings: number[][] = [];
  for (let i = 0; i < m; i++) {
    const v = vectors[i] as SparseVector;
    for (let k = 0; k < v.ids.length; k++) {
      const id = v.ids[k] as number;
      (postings[id] ??= []).push(i, v.weights[k] as number);
    }
  }
  for (const list of postings) {
    if (list === undefined) continue;
    for (let a = 0; a < list.length; a += 2) {
      const i = list[a] as number;
      const wi = list[a + 1] as number;
      const row = sim[i] as Float64Array;
      for (let b = a + 2; b < list.length; b += 2) {
        const j = list[b] as number;
        const w = wi * (list[b + 1] as number);
        row[j] = (row[j] as number) + w;
        (sim[j] as Float64Array)[i] = ((sim[j] as Float64Array)[i] as number) + w;
      }
    }
  }
  return sim;
}

/** Cosine of each vector with the sum of all of them (the document centroid). */
export function centroidSimilarities(vectors: SparseVector[]): Float64Array {
  let size = 0;
  for (const v of vectors) if (v.ids.length > 0) size = Math.max(size, (v.ids[v.ids.length - 1] as number) + 1);
  const sum = new Float64Array(size);
  for (const v of vectors) {
    for (let k = 0; k < v.ids.length; k++) {
      const id = v.ids[k] as number;
      sum[id] = (sum[id] as number) + (v.weights[k] as number);
    }
  }
  let norm = 0;
  for (let i = 0; i < size; i++) norm += (sum[i] as number) ** 2;
  norm = Math.sqrt(norm) || 1;
  return Float64Array.from(vectors, (v) => {
    let dot = 0;
    for (let k = 0; k < v.ids.length; k++) dot += (v.weights[k] as number) * (sum[v.ids[k] as number] as number);
    return dot / norm;
  });
}

/**
 * Continuous LexRank (Erkan & Radev 2004): PageRank over the cosine
 * similarity graph. Returns scores scaled so the most central sentence is 1.
 */
export function lexRank(sim: Float64Array[], damping = 0.85, iterations = 12): Float64Array {
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
