import { cosine } from './centrality';
import { FEATURE_NAMES, type Candidate } from './features';
import trained from './weights.json' with { type: 'json' };

/** A linear sentence scorer plus the MMR redundancy penalty. */
export interface Model { weights: Float64Array; redundancy: number }

export function modelFromJson(json: { redundancy?: number; weights?: Record<string, number> }): Model {
  const weights = new Float64Array(FEATURE_NAMES.length);
  FEATURE_NAMES.forEach((name, i) => {
    const w = json.weights?.[name];
    weights[i] = typeof w === 'number' && Number.isFinite(w) ? w : 0;
  });
  return { weights, redundancy: typeof json.redundancy === 'number' ? json.redundancy : 0.5 };
}

export const DEFAULT_MODEL: Model = modelFromJson(trained);

export function scoreCandidates(candidates: Candidate[], model: Model): Float64Array {
  return Float64Array.from(candidates, (c) => {
    let s = 0;
    for (let i = 0; i < c.features.length; i++) s += (c.features[i] as number) * (model.weights[i] as number);
    return s;
  });
}

/**
 * Maximal Marginal Relevance: repeatedly take the best-scoring candidate,
 * penalised by its similarity to what is already chosen, so two sentences
 * saying the same thing do not both become key points. Ties go to the
 * earlier sentence, which keeps the result deterministic.
 */
const NEAR_DUPLICATE = 0.8;

export function selectCandidates(candidates: Candidate[], model: Model, k: number): Candidate[] {
  const scores = scoreCandidates(candidates, model);
  const chosen: Candidate[] = [];
  const used = new Uint8Array(candidates.length);
  const maxSim = new Float64Array(candidates.length);
  while (chosen.length < k && chosen.length < candidates.length) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < candidates.length; i++) {
      // A near-copy of a chosen point would read as a repeat, whatever its score.
      if (used[i] || (maxSim[i] as number) > NEAR_DUPLICATE) continue;
      const v = (scores[i] as number) - model.redundancy * (maxSim[i] as number);
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    if (best < 0) break;
    used[best] = 1;
    const pick = candidates[best] as Candidate;
    chosen.push(pick);
    for (let i = 0; i < candidates.length; i++) {
      if (used[i]) continue;
      const s = cosine(pick.vector, (candidates[i] as Candidate).vector);
      if (s > (maxSim[i] as number)) maxSim[i] = s;
    }
  }
  return chosen.sort((a, b) => a.sentence - b.sentence);
}
