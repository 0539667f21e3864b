/**
 * L2-regularised logistic regression, trained by full-batch Adam from zero weights: no random
 * numbers and a fixed order, so the same data gives the same weights on every run. Each row is a
 * dense feature vector plus one active hashed bucket.
 */
export interface TrainingSet {
  /** rows × dims, row-major. */
  features: Float32Array;
  /** The active hashed bucket of each row, or -1 for none. */
  buckets: Int16Array;
  labels: Uint8Array;
  dims: number;
  bucketCount: number;
}

export interface Fitted {
  bias: number;
  weights: Float64Array;
  lexical: Float64Array;
  loss: number;
}

export function fitLogistic(set: TrainingSet, options: { iterations: number; rate: number; l2: number; lexicalL2: number }): Fitted {
  const rows = set.labels.length;
  const d = set.dims;
  const nb = set.bucketCount;
  // Parameters: [bias, weights..., lexical...]
  const size = 1 + d + nb;
  const theta = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const grad = new Float64Array(size);
  const b1 = 0.9;
  const b2 = 0.999;
  let loss = 0;
  for (let it = 1; it <= options.iterations; it++) {
    grad.fill(0);
    loss = 0;
    for (let r = 0; r < rows; r++) {
      const base = r * d;
      const bucket = set.buckets[r] as number;
      let z = (theta[0] as number) + (bucket >= 0 ? (theta[1 + d + bucket] as number) : 0);
      for (let k = 0; k < d; k++) z += (set.features[base + k] as number) * (theta[1 + k] as number);
      const p = 1 / (1 + Math.exp(-z));
      const y = set.labels[r] as number;
      loss -= y ? Math.log(Math.max(p, 1e-12)) : Math.log(Math.max(1 - p, 1e-12));
      const g = p - y;
      grad[0] = (grad[0] as number) + g;
      for (let k = 0; k < d; k++) grad[1 + k] = (grad[1 + k] as number) + g * (set.features[base + k] as number);
      if (bucket >= 0) grad[1 + d + bucket] = (grad[1 + d + bucket] as number) + g;
    }
    for (let i = 0; i < size; i++) {
      const l2 = i === 0 ? 0 : i <= d ? options.l2 : options.lexicalL2;
      const g = (grad[i] as number) / rows + l2 * (theta[i] as number);
      m[i] = b1 * (m[i] as number) + (1 - b1) * g;
      v[i] = b2 * (v[i] as number) + (1 - b2) * g * g;
      const mh = (m[i] as number) / (1 - b1 ** it);
      const vh = (v[i] as number) / (1 - b2 ** it);
      theta[i] = (theta[i] as number) - (options.rate * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return { bias: theta[0] as number, weights: theta.slice(1, 1 + d), lexical: theta.slice(1 + d), loss: loss / rows };
}
