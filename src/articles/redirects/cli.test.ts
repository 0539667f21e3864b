import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/support/app';
import { captureIo } from '../../../test/support/capture-io';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines';
import { runRedirectsCommand } from './cli';
import { redirectsRepository } from './repository';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-redirects-cli-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

forEachEngine('paddock redirects', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  before(async () => {
    database = await open();
    app = await buildTestApp(database);
  });
  after(async () => {
    await app.close();
    await database.close();
  });
  const run = async (...args: string[]) => {
    const cap = captureIo();
    const code = await runRedirectsCommand(database.db, args, cap.io);
    return { code, out: cap.stdout(), err: cap.stderr() };
  };

  test('a CSV with a bad row stores nothing and names the row by its line; fixed, it stores every row', async () => {
    const bad = file('bad.csv', 'from,to,status\n/old-one/,/news/one\nnot-a-path,/news/two\n/old-three,/news/three,307\n');
    const refused = await run('import', bad);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /bad\.csv: line 3: “not-a-path” is not an address/);
    assert.match(refused.err, /bad\.csv: line 4: .*301 .*302.*“307”/);
    assert.match(refused.err, /nothing was stored/);
    assert.equal(await redirectsRepository(database.db).count(), 0);

    const good = file('good.csv', 'from,to,status\n/old-one/,/news/one\n"/old,two",/news/two,302\n');
    const stored = await run('import', good);
    assert.equal(stored.code, 0, stored.err);
    assert.match(stored.out, /stored 2 redirects/);
    const res = await app.inject('/old,two');
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/news/two');
  });

  test('a JSON array and a Ghost redirects.json are taken; a regular expression or a loop is a bad item', async () => {
    const json = file('list.json', JSON.stringify([{ from: '/j1', to: '/news/j1' }, { from: '/j2', to: '/news/j2', status: 302 }]));
    assert.equal((await run('import', json)).code, 0);
    assert.equal((await app.inject('/j2')).statusCode, 302);

    const ghost = file('redirects.json', JSON.stringify([{ from: '^/ghost-old/$', to: '/news/ghost-new/', permanent: true }, { from: '/temp/', to: '/news/temp', permanent: false }]));
    const taken = await run('import', ghost);
    assert.equal(taken.code, 0, taken.err);
    const res = await app.inject('/ghost-old/');
    assert.equal(res.statusCode, 301);
    assert.equal(res.headers.location, '/news/ghost-new');
    assert.equal((await app.inject('/temp')).statusCode, 302);

    const broken = file('broken.json', JSON.stringify([{ from: '^/(.*)/amp/$', to: '/$1' }, { from: '/news/j1', to: '/j1' }, { from: '/ok', to: '/news/ok' }]));
    const refused = await run('import', broken);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /item 1: .*regular expression/);
    assert.match(refused.err, /item 2: .*loop/);
    assert.equal((await app.inject('/ok')).statusCode, 404, 'the good item of a bad file was not stored');
  });

  test('a file that is not JSON or cannot be read gets a message and exit 1; list shows what is stored', async () => {
    assert.equal((await run('import', file('x.json', '[{"from": '))).code, 1);
    const missing = await run('import', path.join(dir, 'nope.csv'));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot read .*nope\.csv: ENOENT/);
    const list = await run('list');
    assert.match(list.out, /^\/ghost-old\t\/news\/ghost-new\t301\tcli$/m);
    assert.match(list.out, /^\/old-one\t\/news\/one\t301\tcli$/m);
  });
});
