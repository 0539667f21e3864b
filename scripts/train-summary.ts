/**
 * `npm run train:summary`: learns src/summary/weights.json from the CNN/DailyMail training data
 * in ../shared/data/summaries/train (read as a stream, never copied).
 *
 * - Labels: the greedy ROUGE oracle's sentences (src/summary/train/oracle.ts), up to 3 per article.
 * - Model: logistic regression over the summarizer's own candidate features plus the hashed
 *   opening word (src/summary/train/logistic.ts), full-batch Adam from zero: deterministic.
 * - The `cnndm-validation` items of the training file are kept out of training and reported on;
 *   the redundancy penalty is chosen on a slice of the training items.
 * - The training articles have no titles, so the title feature cannot be learned from them: its
 *   weight is chosen on the train half (sha1(id) 0-7) of the BBC dev file, the one dev file with
 *   titles; its validation half and every other dev file stay unseen.
 *
 *   npm run train:summary [-- --limit N] [--dry-run] [--out FILE (default src/summary/weights.json)]
 */
import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import { readArticles, splitOf } from '../bench/summary/data';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { buildCandidates, FEATURE_NAMES, LEXICAL_BUCKETS, type Candidate } from '../src/summary/features';
import { modelFromJson, selectCandidates, type Model, type ModelJson } from '../src/summary/model';
import { rouge, rougeTokenize } from '../src/summary/rouge';
import { segment } from '../src/summary/segment';
import { fitLogistic } from '../src/summary/train/logistic';
import { greedyOracle } from '../src/summary/train/oracle';

const here = path.dirname(fileURLToPath(import.meta.url));
const TRAIN_FILE = path.resolve(here, '..', '..', 'shared', 'data', 'summaries', 'train', 'cnndm-train-lower.jsonl.gz');
const TITLED_DEV_FILE = path.resolve(here, '..', '..', 'shared', 'data', 'summaries', 'bbc-dev.jsonl');
const TITLE_GRID = [0, 1, 2, 3, 4, 6];
const MODEL_FILE = path.resolve(here, '..', 'src', 'summary', 'weights.json');
const POINTS = 3;
const TUNE_ITEMS = 2000;
const REDUNDANCY_GRID = [0, 0.25, 0.5, 1];
const FIT = { iterations: 300, rate: 0.05, l2: 1e-4, lexicalL2: 1e-3 };

const { values } = parseArgs({ options: { limit: { type: 'string' }, 'dry-run': { type: 'boolean' }, out: { type: 'string' } } });
const limit = values.limit ? Number(values.limit) : Infinity;

interface Item { text: string; reference: string; candidates: Candidate[]; labels: Set<number> }

if (!existsSync(TRAIN_FILE)) {
  console.log(`train:summary: ${TRAIN_FILE} is not there; nothing to train on.`);
  process.exit(0);
}

const started = Date.now();
const lines = readline.createInterface({ input: createReadStream(TRAIN_FILE).pipe(createGunzip()), crlfDelay: Infinity });
const train: Item[] = [];
const validation: Item[] = [];
let rows = 0;
for await (const line of lines) {
  if (!line.trim()) continue;
  if (train.length + validation.length >= limit) break;
  const raw = JSON.parse(line) as { id: string; source: string; text: string; reference: string };
  const candidates = buildCandidates(raw.text, segment(raw.text, 'en'), 'en');
  if (candidates.length === 0) continue;
  const tokens = candidates.map((c) => rougeTokenize(raw.text.slice(c.start, c.end), 'en'));
  const labels = new Set(greedyOracle(tokens, rougeTokenize(raw.reference, 'en'), POINTS));
  const item: Item = { text: raw.text, reference: raw.reference, candidates, labels };
  if (raw.source === 'cnndm-validation') validation.push(item);
  else {
    train.push(item);
    rows += candidates.length;
  }
}
const readSeconds = (Date.now() - started) / 1000;

// The training matrix: one row per candidate sentence of a training article.
const dims = FEATURE_NAMES.length;
const features = new Float32Array(rows * dims);
const buckets = new Int16Array(rows);
const labels = new Uint8Array(rows);
let r = 0;
for (const item of train) {
  item.candidates.forEach((c, i) => {
    features.set(c.features, r * dims);
    buckets[r] = c.bucket;
    labels[r] = item.labels.has(i) ? 1 : 0;
    r++;
  });
}
const fitStarted = Date.now();
const fitted = fitLogistic({ features, buckets, labels, dims, bucketCount: LEXICAL_BUCKETS }, FIT);
const fitSeconds = (Date.now() - fitStarted) / 1000;

const round = (x: number) => Math.round(x * 1e6) / 1e6;
function modelJson(redundancy: number): ModelJson {
  return {
    bias: round(fitted.bias),
    redundancy,
    weights: Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, round(fitted.weights[i] as number)])),
    lexical: Array.from(fitted.lexical, round),
  };
}

/** Mean ROUGE F1 ×100 of a selection rule over items. */
function score(items: Item[], pick: (item: Item) => Candidate[]) {
  let r1 = 0;
  let r2 = 0;
  let rl = 0;
  for (const item of items) {
    const out = pick(item).map((c) => item.text.slice(c.start, c.end)).join('\n');
    const s = rouge(item.reference, out, 'en');
    r1 += s.rouge1.f1;
    r2 += s.rouge2.f1;
    rl += s.rougeLsum.f1;
  }
  const n = Math.max(items.length, 1);
  return { r1: (100 * r1) / n, r2: (100 * r2) / n, rl: (100 * rl) / n };
}
const lead3 = (item: Item) => item.candidates.slice(0, POINTS);
const oracle = (item: Item) => item.candidates.filter((_c, i) => item.labels.has(i));
const paddock = (model: Model) => (item: Item) => selectCandidates(item.candidates, model, POINTS);

const tuning = train.slice(0, TUNE_ITEMS);
const tuningLead = score(tuning, lead3);
console.log(`Lead-3 on the train slice: R1 ${tuningLead.r1.toFixed(2)} R2 ${tuningLead.r2.toFixed(2)} RLsum ${tuningLead.rl.toFixed(2)}`);
let bestRedundancy = REDUNDANCY_GRID[0] as number;
let bestMean = -Infinity;
for (const redundancy of REDUNDANCY_GRID) {
  const s = score(tuning, paddock(modelFromJson(modelJson(redundancy))));
  const mean = (s.r1 + s.r2 + s.rl) / 3;
  console.log(`redundancy ${redundancy}: train slice R1 ${s.r1.toFixed(2)} R2 ${s.r2.toFixed(2)} RLsum ${s.rl.toFixed(2)}`);
  if (mean > bestMean) {
    bestMean = mean;
    bestRedundancy = redundancy;
  }
}
const json = modelJson(bestRedundancy);
if (existsSync(TITLED_DEV_FILE)) {
  const titled = readArticles(TITLED_DEV_FILE)
    .filter((a) => splitOf(a.id) === 'train' && a.title)
    .map((a): Item => ({ text: a.text, reference: a.reference, candidates: buildCandidates(a.text, segment(a.text, a.lang), a.lang, a.title ?? undefined), labels: new Set() }));
  let bestTitle = 0;
  let bestTitleMean = -Infinity;
  for (const weight of TITLE_GRID) {
    const trial = modelFromJson({ ...json, weights: { ...json.weights, title: weight } });
    const s = score(titled, paddock(trial));
    const mean = (s.r1 + s.r2 + s.rl) / 3;
    console.log(`title ${weight}: bbc-dev train half R1 ${s.r1.toFixed(2)} R2 ${s.r2.toFixed(2)} RLsum ${s.rl.toFixed(2)}`);
    if (mean > bestTitleMean) {
      bestTitleMean = mean;
      bestTitle = weight;
    }
  }
  json.weights = { ...json.weights, title: bestTitle };
}
const model = modelFromJson(json);

const table = [
  ['Paddock (trained)', score(validation, paddock(model))],
  ['Lead-3', score(validation, lead3)],
  ['Oracle (greedy)', score(validation, oracle)],
] as const;
console.log(`\ncnndm validation split of the training file (${validation.length} articles, never trained on; ROUGE F1 ×100)`);
console.log('| system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum |\n|---|---:|---:|---:|');
for (const [name, s] of table) console.log(`| ${name} | ${s.r1.toFixed(2)} | ${s.r2.toFixed(2)} | ${s.rl.toFixed(2)} |`);
console.log(`\n${train.length} training articles, ${rows} sentences; read and labelled in ${readSeconds.toFixed(0)} s, fitted in ${fitSeconds.toFixed(0)} s (loss ${fitted.loss.toFixed(4)}); redundancy ${bestRedundancy}`);

if (!values['dry-run']) {
  const note = `Trained by scripts/train-summary.ts (npm run train:summary) on ${train.length} cnndm-train articles of ../shared/data/summaries/train; greedy ROUGE oracle labels, logistic regression (${FIT.iterations} Adam steps, L2 ${FIT.l2}).`;
  const out = values.out ?? MODEL_FILE;
  writeFileSync(out, `${JSON.stringify({ note, ...json }, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}
