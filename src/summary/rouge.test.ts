import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { porterNltk } from './porter-nltk';
import { rouge } from './rouge';

const VECTORS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data', 'summaries', 'rouge-vectors.jsonl');
const MEASURES = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'] as const;

interface Vector { lang: string; reference: string; prediction: string; rouge1: number; rouge2: number; rougeL: number; rougeLsum: number }

test('matches rouge_score on every shared test vector (0.01 per pair, 0.001 on the mean)', (t) => {
  if (!existsSync(VECTORS)) {
    t.skip(`ROUGE vectors not found at ${VECTORS}`);
    return;
  }
  const vectors = readFileSync(VECTORS, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Vector);
  assert.ok(vectors.length > 0);
  const diff: Record<string, number> = {};
  vectors.forEach((v, i) => {
    const got = rouge(v.reference, v.prediction, v.lang);
    for (const m of MEASURES) {
      const d = got[m].f1 - v[m];
      assert.ok(Math.abs(d) <= 0.01, `pair ${i} (${v.lang}) ${m}: expected ${v[m]}, got ${got[m].f1}`);
      diff[m] = (diff[m] ?? 0) + d;
    }
  });
  for (const m of MEASURES) assert.ok(Math.abs((diff[m] ?? 0) / vectors.length) <= 0.001, `mean ${m} off by ${(diff[m] ?? 0) / vectors.length}`);
});

test('Porter stems follow NLTK, not the original 1980 rules', () => {
  const expected: Record<string, string> = {
    caresses: 'caress', ponies: 'poni', ties: 'tie', running: 'run', days: 'day', says: 'say', today: 'today',
    dying: 'die', died: 'die', cried: 'cri', relational: 'relat', news: 'news',
  };
  for (const [word, stem] of Object.entries(expected)) assert.equal(porterNltk(word), stem, word);
});

test('identical texts score 1, disjoint texts 0, and Cyrillic is not dropped', () => {
  const same = rouge('The car won.\nIt was fast.', 'The car won.\nIt was fast.');
  for (const m of MEASURES) assert.equal(same[m].f1, 1);
  assert.equal(rouge('alpha beta', 'gamma delta').rouge1.f1, 0);
  assert.equal(rouge('', 'gamma').rougeLsum.f1, 0);
  assert.ok(rouge('Завод выпустил автомобили', 'заводы выпустили автомобили', 'ru').rouge1.f1 > 0.9);
});
