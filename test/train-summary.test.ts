import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FEATURE_NAMES } from '../src/summary/features';
import { modelFromJson, type ModelJson } from '../src/summary/model';
import { summarize } from '../src/summary/summarize';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TRAIN_FILE = path.resolve(ROOT, '..', 'shared', 'data', 'summaries', 'train', 'cnndm-train-lower.jsonl.gz');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

async function train(out: string): Promise<string> {
  const { stdout } = await promisify(execFile)(TSX, ['scripts/train-summary.ts', '--limit', '600', '--out', out], { cwd: ROOT, timeout: 120_000 });
  return stdout;
}

test('npm run train:summary writes the same model on every run, and the summarizer can use it', async (t) => {
  if (!existsSync(TRAIN_FILE)) return t.skip(`the training data is not at ${TRAIN_FILE}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'paddock-train-'));
  try {
    const [a, b] = [path.join(dir, 'a.json'), path.join(dir, 'b.json')];
    const log = await train(a);
    await train(b);
    assert.match(log, /600 training articles/);
    const bytes = readFileSync(a, 'utf8');
    assert.equal(readFileSync(b, 'utf8'), bytes, 'two runs give byte-identical weights');
    const json = JSON.parse(bytes) as ModelJson;
    assert.deepEqual(Object.keys(json.weights ?? {}).sort(), [...FEATURE_NAMES].sort());
    // Learned from the oracle: a sentence early in the article is worth more than one late.
    assert.ok((json.weights?.inversePosition ?? 0) > 0 && (json.weights?.relativePosition ?? 0) < 0);
    const text = Array.from({ length: 8 }, (_, i) => `Sentence ${i + 1} of the report names plant number ${i + 1} and its output of cars this year.`).join(' ');
    assert.equal(summarize(text, { lang: 'en', points: 3 }, modelFromJson(json)).points.length, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
