import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines';
import { articlesRepository } from '../repository';
import { inlineComposer, type Composer } from './compose-pool';
import { importPaths } from './import-run';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-import-run-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeJsonl(name: string, count: number, bad: Set<number> = new Set(), prefix = 'story'): string {
  const file = path.join(dir, name);
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) {
    lines.push(
      bad.has(i)
        ? JSON.stringify({ title: `Story ${i}`, date: 'yesterday', body: 'x' })
        : JSON.stringify({ title: `Story ${i}`, slug: `${prefix}-${i}`, date: new Date(Date.UTC(2020, 0, 1) + i * 3600_000).toISOString(), tags: [`tag ${i % 7}`], body: `Sentence one of story ${i}. Sentence two.` }),
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

forEachEngine('streaming import', (open) => {
  let database: TestDatabase;
  before(async () => {
    database = await open();
  });
  after(() => database.close());

  test('a large JSONL file is read and stored a batch at a time: the importer never holds more than two batches', async () => {
    const file = writeJsonl('large.jsonl', 1200, new Set([777]));
    let held = 0;
    let maxHeld = 0;
    // The real composer, counted: what it has composed and the store has not yet reported.
    const counting: Composer = {
      async compose(items) {
        held += items.length;
        maxHeld = Math.max(maxHeld, held);
        return inlineComposer.compose(items);
      },
      close: async () => {},
    };
    let lastBytes = 0;
    const report = await importPaths([file], {
      repo: articlesRepository(database),
      timeZone: 'UTC',
      composer: counting,
      batchSize: 50,
      listener: {
        article: () => held--,
        progress: ({ bytes }) => (lastBytes = bytes),
      },
    });
    assert.equal(report.added, 1199);
    assert.equal(report.failed, 1);
    assert.deepEqual(report.issues, [{ file, line: 777, field: 'date', message: '"yesterday" is not an ISO 8601 date (for example 2026-11-20 or 2026-11-20T09:30:00+03:00)' }]);
    assert.ok(maxHeld <= 100, `held at most two batches of 50, held ${maxHeld}`);
    assert.equal(lastBytes, fs.statSync(file).size, 'progress reaches the whole file');
    assert.equal(await articlesRepository(database).count(), 1199);
  });

  test('a re-run after an interrupted import finishes the job without duplicates', async () => {
    const full = writeJsonl('full.jsonl', 300, new Set(), 'rerun');
    const head = path.join(dir, 'head.jsonl');
    fs.writeFileSync(head, fs.readFileSync(full, 'utf8').split('\n').slice(0, 120).join('\n'));
    const repo = articlesRepository(database);
    const before = await repo.count();
    const first = await importPaths([head], { repo, timeZone: 'UTC', batchSize: 40 });
    assert.equal(first.added, 120);
    const second = await importPaths([full], { repo, timeZone: 'UTC', batchSize: 40 });
    assert.deepEqual([second.added, second.unchanged, second.failed], [180, 120, 0]);
    assert.equal(await repo.count(), before + 300, 'nothing is duplicated');
  });

  test('a slug used twice in one run is reported with where it was first used; the folder is walked in order', async () => {
    const folder = path.join(dir, 'folder');
    fs.mkdirSync(path.join(folder, 'b'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'a.md'), '---\ntitle: Twin\nslug: twin\ndate: 2026-01-01\n---\nFirst.');
    fs.writeFileSync(path.join(folder, 'b', 'c.jsonl'), `${JSON.stringify({ title: 'Twin again', slug: 'twin', date: '2026-01-02', body: 'Second.' })}\n`);
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not an article');
    const report = await importPaths([folder], { repo: articlesRepository(database), timeZone: 'UTC' });
    assert.equal(report.files, 2, 'only importable files are taken');
    assert.equal(report.added, 1);
    assert.deepEqual(report.issues, [{ file: path.join(folder, 'b', 'c.jsonl'), line: 1, field: 'slug', message: `"twin" is already used by ${path.join(folder, 'a.md')} in this import` }]);
  });
});
