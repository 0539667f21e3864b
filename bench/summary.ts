/**
 * ROUGE benchmark of the summarizer against Lead-k and npm peers on the DEV
 * files in ../shared/data/summaries. `--split validation|train` restricts to
 * one half of the sha1(id) split used to train the weights.
 */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { CASED_VALIDATION, DATA_DIR, datasetName, devFiles, readArticles, readGzipArticles, splitOf, type Article } from './summary/data';
import { evaluate, formatTable, throughput, type Row } from './summary/evaluate';
import { lead, nodeSummarizer, oracle, paddock, textRank } from './summary/systems';

const { values } = parseArgs({ options: { split: { type: 'string' }, only: { type: 'string' }, 'no-peers': { type: 'boolean' } } });
const files = devFiles().filter((f) => !values.only || datasetName(f) === values.only);
if (files.length === 0) {
  console.log(`bench:summary: no *-dev.jsonl files in ${DATA_DIR}; nothing to benchmark.`);
  process.exit(0);
}

const ONE_POINT = new Set(['xsum', 'ria-ru']);
const sets: Array<{ name: string; articles: Article[] }> = files.map((file) => ({ name: `${datasetName(file)}-dev`, articles: readArticles(file) }));
if (!values.only || values.only === 'cnndm-validation') {
  if (existsSync(CASED_VALIDATION)) sets.push({ name: 'cnndm-validation-cased', articles: await readGzipArticles(CASED_VALIDATION) });
  else console.log(`bench:summary: ${CASED_VALIDATION} is not there; the cased validation set is left out.`);
}
for (const set of sets) {
  const name = set.name.replace(/-dev$/, '');
  let { articles } = set;
  if (values.split === 'train' || values.split === 'validation') articles = articles.filter((a) => splitOf(a.id) === values.split);
  const k = ONE_POINT.has(name) ? 1 : 3;
  const rows: Row[] = [];
  const baseline = evaluate(lead, `Lead-${k}`, articles, k);
  rows.push(evaluate(paddock, `Paddock (${k} pt)`, articles, k), baseline);
  // A one-sentence reference is compared at one point; the page shows 3, so that row is here too.
  const atThree = k !== 3 ? [evaluate(paddock, 'Paddock (3 pt)', articles, 3), evaluate(lead, 'Lead-3', articles, 3)] : [];
  rows.push(...atThree);
  rows.push(evaluate(oracle, `Oracle (${k})`, articles, k));
  if (!values['no-peers']) {
    rows.push(evaluate(textRank, `ts-textrank (${k})`, articles, k));
    rows.push(evaluate(nodeSummarizer, `node-summarizer (${k})`, articles, k));
  }
  const split = values.split ? `, ${values.split} split` : '';
  console.log(`\n${set.name} (${articles.length} articles${split}; F1 ×100, dangling = % of points opening with a word that needs a sentence not taken; ratios vs Lead-${k})`);
  console.log(formatTable(rows, baseline));
  const [three, lead3] = atThree;
  if (three && lead3) {
    const r = (a: number, b: number) => (b > 0 ? (a / b).toFixed(3) : '-');
    console.log(`Paddock (3 pt) ÷ Lead-3: R1 ${r(three.rouge1, lead3.rouge1)}, R2 ${r(three.rouge2, lead3.rouge2)}, RLsum ${r(three.rougeLsum, lead3.rougeLsum)}`);
  }
  if (name === 'cnndm') {
    const perSecond = throughput(paddock, articles, 3, 3);
    console.log(`Paddock throughput on cnndm, one thread, 3 points: ${perSecond.toFixed(0)} articles/s (median of 3 rounds of 3 s)`);
  }
}
