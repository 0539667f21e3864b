import { cosine } from './centrality';
import { FEATURE_NAMES, LEXICAL_BUCKETS, trigramsOf, type Candidate } from './features';
import trained from './weights.json' with { type: 'json' };

/**
 * A logistic sentence scorer (trained by `npm run train:summary`, scripts/train-summary.ts) and
 * how points are chosen from its scores.
 */
export interface Model {
  bias: number;
  weights: Float64Array;
  /** One weight per bucket of the hashed opening word. */
  lexical: Float64Array;
  /** How much a candidate's similarity to a chosen point counts against it (MMR). */
  redundancy: number;
}

export interface ModelJson {
  bias?: number;
  redundancy?: number;
  weights?: Record<string, number>;
  lexical?: number[];
}

export function modelFromJson(json: ModelJson): Model {
  const weights = new Float64Array(FEATURE_NAMES.length);
  FEATURE_NAMES.forEach((name, i) => {
    const w = json.weights?.[name];
    weights[i] = typeof w === 'number' && Number.isFinite(w) ? w : 0;
  });
  const lexical = new Float64Array(LEXICAL_BUCKETS);
  json.lexical?.forEach((w, i) => {
    if (i < LEXICAL_BUCKETS && Number.isFinite(w)) lexical[i] = w;
  });
  return { bias: json.bias ?? 0, weights, lexical, redundancy: typeof json.redundancy === 'number' ? json.redundancy : 0.5 };
}

export const DEFAULT_MODEL: Model = modelFromJson(trained as ModelJson);

/** The scorer's logit for each candidate: how likely it is to be a point of a good summary. */
export function scoreCandidates(candidates: Candidate[], model: Model): Float64Array {
  return Float64Array.from(candidates, (c) => {
    let s = model.bias + (c.bucket >= 0 ? (model.lexical[c.bucket] as number) : 0);
    for (let i = 0; i < c.features.length; i++) s += (c.features[i] as number) * (model.weights[i] as number);
    return s;
  });
}

export interface SelectOptions {
  /** With a standfirst on the page, a point that mostly restates it gives way to the next best. */
  hasStandfirst?: boolean;
}

/** A near-copy of a chosen point would read as a repeat, whatever its score. */
const NEAR_DUPLICATE = 0.8;
/** This share of a sentence's content words already in the standfirst: it only restates it. */
export const RESTATES_STANDFIRST = 0.6;

function sharesTrigram(a: Set<number>, b: Set<number>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const t of small) if (large.has(t)) return true;
  return false;
}

/**
 * Picks k points, best score first (Maximal Marginal Relevance), in article order. A candidate is
 * left out when it shares a content-word trigram with a chosen point or is a near-copy of one,
 * when it restates the standfirst, or when it opens with a word that needs the sentence before
 * it and that sentence is not chosen: then the pair is taken if both fit, else the next best.
 * Ties go to the earlier sentence, which keeps the result deterministic.
 */
export function selectCandidates(candidates: Candidate[], model: Model, k: number, options: SelectOptions = {}): Candidate[] {
  const scores = scoreCandidates(candidates, model);
  const n = candidates.length;
  const bySentence = new Map<number, number>();
  candidates.forEach((c, i) => bySentence.set(c.sentence, i));
  const chosen: number[] = [];
  const used = new Uint8Array(n);
  const blocked = new Uint8Array(n);
  const maxSim = new Float64Array(n);
  if (options.hasStandfirst) {
    // Only while enough other sentences remain: a short article keeps its points.
    const restating = candidates.map((c) => c.standfirstOverlap >= RESTATES_STANDFIRST);
    if (n - restating.filter(Boolean).length >= Math.min(k, n)) restating.forEach((r, i) => r && (blocked[i] = 1));
  }
  // Trigram sets are made only for the few candidates that come up as the best, and kept.
  const trigrams = new Map<number, Set<number>>();
  const trigramsAt = (i: number) => {
    let set = trigrams.get(i);
    if (!set) trigrams.set(i, (set = trigramsOf((candidates[i] as Candidate).terms)));
    return set;
  };
  // Trigram blocking gives way only when nothing else is left to fill the points asked for.
  let blockRepeats = true;
  const repeats = (i: number) => blockRepeats && chosen.some((j) => sharesTrigram(trigramsAt(i), trigramsAt(j)));
  const repeated = new Uint8Array(n);
  const fits = (i: number) => !used[i] && !blocked[i] && (maxSim[i] as number) <= NEAR_DUPLICATE;
  const take = (i: number) => {
    used[i] = 1;
    chosen.push(i);
    const pick = candidates[i] as Candidate;
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      const s = cosine(pick.vector, (candidates[j] as Candidate).vector);
      if (s > (maxSim[j] as number)) maxSim[j] = s;
    }
  };
  while (chosen.length < k) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < n; i++) {
      if (!fits(i)) continue;
      const v = (scores[i] as number) - model.redundancy * (maxSim[i] as number);
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    if (best < 0) {
      if (!blockRepeats || !repeated.some(Boolean)) break;
      blockRepeats = false;
      repeated.forEach((r, i) => r && (blocked[i] = 0));
      continue;
    }
    if (repeats(best)) {
      blocked[best] = 1;
      repeated[best] = 1;
      continue;
    }
    const pick = candidates[best] as Candidate;
    const antecedent = pick.dangling ? bySentence.get(pick.sentence - 1) : undefined;
    if (!pick.dangling || (antecedent !== undefined && used[antecedent])) {
      take(best);
    } else if (antecedent !== undefined && chosen.length + 2 <= k && fits(antecedent) && !repeats(antecedent) && !(candidates[antecedent] as Candidate).dangling) {
      take(antecedent);
      if (fits(best) && !repeats(best)) take(best);
    } else {
      blocked[best] = 1;
    }
  }
  return chosen.map((i) => candidates[i] as Candidate).sort((a, b) => a.sentence - b.sentence);
}
