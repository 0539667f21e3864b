import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createDatabase } from '../src/db/database';
import { articlesRepository } from '../src/articles/repository';
import { webhookService } from '../src/webhooks/service';

const BIN = path.resolve('bin/paddock.js');

function paddock(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent', ...env }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('--help lists the commands; an unknown command or flag prints usage and exits 2', () => {
  const help = paddock(['--help']);
  assert.equal(help.code, 0);
  for (const command of ['serve', 'db migrate', 'import', 'summarize']) assert.match(help.stdout, new RegExp(`\\n  ${command}`));
  const unknown = paddock(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  assert.match(unknown.stderr, /Usage: paddock/);
  const badFlag = paddock(['import', '--bogus', 'x']);
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /Unknown option '--bogus'/);
});

test('import stores good records, names file, line and field of bad ones, exits 1, and is idempotent', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-import-'));
  const dbFile = path.join(dir, 'db.sqlite');
  const content = path.join(dir, 'content');
  fs.mkdirSync(content);
  fs.writeFileSync(path.join(content, 'good.md'), '---\ntitle: Good one\ndate: 2026-01-02T10:00:00Z\nrubric: news\n---\nIt is good. Really good.\n');
  fs.writeFileSync(path.join(content, 'no-title.md'), '---\ndate: 2026-01-02\n---\nText.\n');
  fs.writeFileSync(path.join(content, 'z-dupe.json'), JSON.stringify({ title: 'Good one', date: '2026-01-03T00:00:00Z', body: 'Same slug.' }));
  fs.writeFileSync(path.join(content, 'batch.jsonl'), '{"title":"Batch A","date":"2026-01-04T00:00:00Z","body":"A."}\n{"title":"Batch B","date":"not a date","body":"B."}\n');
  const env = { DATABASE_URL: `sqlite:${dbFile}` };
  try {
    const first = paddock(['import', content], env);
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stderr, /no-title\.md: title: is required/);
    assert.match(first.stderr, /z-dupe\.json: slug: "good-one" is already used by .*good\.md/);
    assert.match(first.stderr, /batch\.jsonl: line 2: date: "not a date" is not an ISO 8601 date/);
    assert.match(first.stdout, /^imported 2 articles from 4 file\(s\) in [\d.]+ s.*: 2 added, 0 updated, 0 unchanged, 3 failed\n$/, 'one summary line, not a line per article');

    const database = await createDatabase(`sqlite:${dbFile}`);
    const repo = articlesRepository(database);
    assert.equal(await repo.count(), 2, 'a JSONL file is taken line by line: batch A is stored, batch B is reported');
    await database.close();

    const again = paddock(['import', '--verbose', path.join(content, 'good.md')], env);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /unchanged\s+.*good\.md: good-one/);
    fs.writeFileSync(path.join(content, 'good.md'), '---\ntitle: Good one, revised\nslug: good-one\ndate: 2026-01-02T10:00:00Z\n---\nIt is better now.\n');
    const updated = paddock(['import', '--json', path.join(content, 'good.md')], env);
    assert.deepEqual({ ...JSON.parse(updated.stdout), seconds: 0 }, { files: 1, added: 0, updated: 1, unchanged: 0, failed: 0, seconds: 0, errors: [], skipped: {}, notes: {}, authors: { created: 0, updated: 0, unchanged: 0 }, redirects: 0, dry_run: false });
    assert.equal(paddock(['import', '--quiet', path.join(content, 'good.md')], env).stdout, '', '--quiet prints nothing when all is well');
    const check = await createDatabase(`sqlite:${dbFile}`);
    const article = await articlesRepository(check).findBySlug('good-one');
    assert.equal(article?.title, 'Good one, revised');
    assert.equal(article?.revision, 2);
    await check.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an import announces its articles to webhook subscribers only when asked to (--webhooks)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-import-hooks-'));
  const env = { DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, WEBHOOK_ALLOW_PRIVATE: '1' };
  const line = (title: string) => JSON.stringify({ title, date: '2026-01-04T00:00:00Z', body: `${title}.` });
  fs.writeFileSync(path.join(dir, 'archive.jsonl'), `${line('Old story one')}\n${line('Old story two')}\n`);
  fs.writeFileSync(path.join(dir, 'fresh.jsonl'), `${line('Fresh story')}\n`);
  try {
    assert.equal(paddock(['db', 'migrate'], env).code, 0);
    const database = await createDatabase(env.DATABASE_URL);
    const deliveries = async () => (await database.db.selectFrom('webhook_deliveries').select('id').execute()).length;
    try {
      await webhookService(database.db, { allowPrivate: true, now: () => new Date() }).register({ url: 'http://127.0.0.1:9/hook', description: '', events: ['article.published'], active: true }, 'boss@example.com');
      assert.equal(paddock(['import', '--quiet', path.join(dir, 'archive.jsonl')], env).code, 0);
      assert.equal(await deliveries(), 0, 'a plain import queues no webhook delivery');
      assert.equal(paddock(['import', '--quiet', '--webhooks', path.join(dir, 'fresh.jsonl')], env).code, 0);
      assert.equal(await deliveries(), 1, 'with --webhooks the imported article is announced');
    } finally {
      await database.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('db migrate reports an up-to-date schema the second time', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-migrate-'));
  const env = { DATABASE_URL: path.join(dir, 'db.sqlite') };
  try {
    assert.match(paddock(['db', 'migrate'], env).stdout, /applied: 001-articles/);
    assert.match(paddock(['db', 'migrate'], env).stdout, /up to date/);
    const bad = paddock(['db', 'migrate'], { DATABASE_URL: path.join(dir, 'x.sqlite'), PORT: 'abc' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /PORT/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
