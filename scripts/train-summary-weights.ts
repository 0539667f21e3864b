/**
 * Learns src/summary/weights.json by coordinate ascent on mean ROUGE F1
 * ((R1 + R2 + RLsum) / 3, 3 points) over the TRAIN half of the DEV files:
 * an item is in TRAIN when the first hex digit of sha1(id) is 0-7
 * (bench/summary/data.ts splitOf). The other half is never looked at here; run
 * `npm run bench:summary -- --split validation` to evaluate on it.
 *
 *   npx tsx scripts/train-summary-weights.ts [--write]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { datasetName, devFiles, readArticles, splitOf, type Article } from '../bench/summary/data';
import { buildCandidates, FEATURE_NAMES, type Candidate } from '../src/summary/features';
import { modelFromJson, selectCandidates, type Model } from '../src/summary/model';
import { rougeLsum, rougeN, rougeTokenize } from '../src/summary/rouge';
import { segment } from '../src/summary/segment';

// How much each dataset counts. BBC is left out on purpose: its references are
// extractive and long, and training on them moved the weights away from what
// generalises on CNN/DM (validation R2 fell 5% below Lead-3 when BBC was in).
const DATASET_WEIGHT: Record<string, number> = { cnndm: 1, newsroom: 0.5 };
const POINTS = 3;
// Hand-set starting point (position first, small nudges), so a re-run reproduces weights.json.
const START = {"redundancy": 0.5, "weights": {"first": 1.0, "second": 0.3, "third": 0.1, "inversePosition": 2.0, "relativePosition": -0.3, "paragraphStart": 0.1, "lexRank": 0.5, "centroid": 0.5, "title": 1.5, "leadSimilarity": 0.2, "length": 0.2, "short": -1.0, "long": -0.3, "numbers": 0.05, "entities": 0.2, "quote": -0.3, "question": -0.5, "firstPerson": -0.3, "attribution": 0.0}};

interface Item { dataset: string; candidates: Candidate[]; ref: string[]; refSents: string[][]; sentTokens: Map<number, string[]>; cache: Map<string, number> }

function prepare(a: Article, dataset: string): Item {
  const sentences = segment(a.text, a.lang);
  const candidates = buildCandidates(a.text, sentences, a.lang, a.title ?? undefined);
  const sentTokens = new Map<number, string[]>();
  for (const c of candidates) sentTokens.set(c.sentence, rougeTokenize(a.text.slice(c.start, c.end).replace(/\s+/g, ' '), a.lang));
  return {
    dataset,
    candidates,
    ref: rougeTokenize(a.reference, a.lang),
    refSents: a.reference.split('\n').filter((s) => s.length > 0).map((s) => rougeTokenize(s, a.lang)),
    sentTokens,
    cache: new Map(),
  };
}

function itemScore(item: Item, model: Model): number {
  const picked = selectCandidates(item.candidates, model, POINTS);
  const key = picked.map((c) => c.sentence).join(',');
  const hit = item.cache.get(key);
  if (hit !== undefined) return hit;
  const sents = picked.map((c) => item.sentTokens.get(c.sentence) ?? []);
  const pred = sents.flat();
  const s = (rougeN(item.ref, pred, 1).f1 + rougeN(item.ref, pred, 2).f1 + rougeLsum(item.refSents, sents).f1) / 3;
  item.cache.set(key, s);
  return s;
}

function objective(items: Item[], model: Model): number {
  const sums = new Map<string, [number, number]>();
  for (const it of items) {
    const e = sums.get(it.dataset) ?? [0, 0];
    e[0] += itemScore(it, model);
    e[1]++;
    sums.set(it.dataset, e);
  }
  let total = 0;
  for (const [d, [s, n]] of sums) total += (DATASET_WEIGHT[d] ?? 0) * (s / n);
  return total;
}

// Neither training set has headlines, so the title weight cannot be learned
// here; 1.5 is what runs that included the titled BBC set settled near.
const FIXED = new Set<string>(['title']);

const { values } = parseArgs({ options: { write: { type: 'boolean' }, rounds: { type: 'string' }, fold: { type: 'string' } } });
// `--fold validation` trains on the other half instead: a 2-fold check that a change wins on both.
const fold = values.fold === 'validation' ? 'validation' : 'train';
const items: Item[] = [];
const heldOut: Item[] = [];
for (const file of devFiles()) {
  const d = datasetName(file);
  if (!(d in DATASET_WEIGHT)) continue;
  for (const a of readArticles(file)) (splitOf(a.id) === fold ? items : heldOut).push(prepare(a, d));
}
if (items.length === 0) {
  console.log('No DEV data found beside the repository; nothing to train.');
  process.exit(0);
}
console.log(`training on ${items.length} ${fold}-half articles`);

/** Per dataset: the model's mean score minus that of the first three candidates (Lead-3 without furniture). */
function report(label: string, set: Item[], model: Model): void {
  const lead = modelFromJson({ redundancy: 0, weights: { inversePosition: 1 } });
  const parts = Object.keys(DATASET_WEIGHT).map((d) => {
    const sub = set.filter((it) => it.dataset === d);
    const mean = (m: Model) => sub.reduce((s, it) => s + itemScore(it, m), 0) / Math.max(sub.length, 1);
    return `${d} ${(100 * mean(model)).toFixed(3)} (lead ${(100 * mean(lead)).toFixed(3)})`;
  });
  console.log(`${label}: ${parts.join(', ')}`);
}

const model: Model = modelFromJson(START);
let best = objective(items, model);
console.log(`start objective ${best.toFixed(5)}`);
report('start, fitted half', items, model);
report('start, held-out half', heldOut, model);
const STEPS = [-1, -0.5, -0.2, -0.1, -0.05, 0.05, 0.1, 0.2, 0.5, 1];
const rounds = Number(values.rounds ?? 6);
for (let round = 0; round < rounds; round++) {
  let improved = false;
  for (let f = 0; f <= FEATURE_NAMES.length; f++) {
    if (f < FEATURE_NAMES.length && FIXED.has(FEATURE_NAMES[f] as string)) continue;
    const get = (): number => (f < FEATURE_NAMES.length ? (model.weights[f] as number) : model.redundancy);
    const put = (v: number): void => {
      if (f < FEATURE_NAMES.length) model.weights[f] = v;
      else model.redundancy = Math.max(0, v);
    };
    const original = get();
    let bestValue = original;
    for (const step of STEPS) {
      put(original + step);
      const o = objective(items, model);
      // Demand a real gain so the weights do not chase noise in a small sample.
      if (o > best + 1e-4) {
        best = o;
        bestValue = original + step;
      }
    }
    put(bestValue);
    if (bestValue !== original) improved = true;
  }
  console.log(`round ${round + 1}: objective ${best.toFixed(5)}`);
  if (!improved) break;
}

report('trained, fitted half', items, model);
report('trained, held-out half', heldOut, model);

const json = {
  note: `Trained by scripts/train-summary-weights.ts on the ${fold.toUpperCase()} half (sha1(id) first hex digit ${fold === 'train' ? '0-7' : '8-f'}) of the ${Object.keys(DATASET_WEIGHT).join(', ')} DEV files`,
  redundancy: Number(model.redundancy.toFixed(3)),
  weights: Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, Number((model.weights[i] as number).toFixed(3))])),
};
console.log(JSON.stringify(json, null, 2));
if (values.write) {
  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'summary', 'weights.json');
  writeFileSync(out, JSON.stringify(json, null, 2) + '\n');
  console.log(`wrote ${out}`);
}
