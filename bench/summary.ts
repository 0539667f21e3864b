/**
 * ROUGE benchmark of the summarizer against Lead-k and npm peers on the DEV
 * files in ../shared/data/summaries. `--split validation|train` restricts to
 * one half of the sha1(id) split used to train the weights.
 */
import { parseArgs } from 'node:util';
import { DATA_DIR, datasetName, devFiles, readArticles, splitOf } from './summary/data';
import { evaluate, formatTable, throughput, type Row } from './summary/evaluate';
import { lead, nodeSummarizer, paddock, textRank } from './summary/systems';

const { values } = parseArgs({ options: { split: { type: 'string' }, only: { type: 'string' }, 'no-peers': { type: 'boolean' } } });
const files = devFiles().filter((f) => !values.only || datasetName(f) === values.only);
if (files.length === 0) {
  console.log(`bench:summary: no *-dev.jsonl files in ${DATA_DIR}; nothing to benchmark.`);
  process.exit(0);
}

const ONE_POINT = new Set(['xsum', 'ria-ru']);
for (const file of files) {
  const name = datasetName(file);
  let articles = readArticles(file);
  if (values.split === 'train' || values.split === 'validation') articles = articles.filter((a) => splitOf(a.id) === values.split);
  const k = ONE_POINT.has(name) ? 1 : 3;
  const rows: Row[] = [];
  const baseline = evaluate(lead, `Lead-${k}`, articles, k);
  rows.push(evaluate(paddock, `Paddock (${k} pt)`, articles, k), baseline);
  if (k !== 3) rows.push(evaluate(lead, 'Lead-3', articles, 3));
  if (!values['no-peers']) {
    rows.push(evaluate(textRank, `ts-textrank (${k})`, articles, k));
    rows.push(evaluate(nodeSummarizer, `node-summarizer (${k})`, articles, k));
  }
  const split = values.split ? `, ${values.split} split` : '';
  console.log(`\n${name}-dev (${articles.length} articles${split}; F1 ×100, ratios vs Lead-${k})`);
  console.log(formatTable(rows, baseline));
  if (name === 'cnndm') {
    const perSecond = throughput(paddock, articles, 3);
    console.log(`Paddock throughput on cnndm, one thread, 3 points: ${perSecond.toFixed(0)} articles/s`);
  }
}
