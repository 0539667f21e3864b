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

  test('a JSON array and a Ghost redirects.json are taken; a loop is a bad item, and a regular expression beside it is listed as skipped', async () => {
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
    assert.match(refused.err, /item 1: skipped: .*regular expression/);
    assert.match(refused.err, /item 2: .*loop/);
    assert.equal((await app.inject('/ok')).statusCode, 404, 'the good item of a bad file was not stored');
  });

  test("Ghost's redirects.yaml: 301 and 302 sections are taken, plain paths stored and patterns skipped with their lines and a count", async () => {
    const yaml = file(
      'redirects.yaml',
      [
        '# Ghost: Settings → Labs → Redirects',
        '301:',
        '  /yaml-old/: /news/yaml-new/',
        '  ^\\/yaml-anchored\\/$: https://elsewhere.example/page',
        '  ^\\/blog\\/(.*)$: /$1',
        '',
        '302:',
        '  /yaml-promo/: /news/promo',
        '  /(.*)/amp/: /$1/',
        '',
      ].join('\n'),
    );
    const taken = await run('import', yaml);
    assert.equal(taken.code, 0, taken.err);
    assert.match(taken.out, /stored 3 redirects from .*redirects\.yaml; skipped 2 regular expressions \(listed above\)/);
    assert.match(taken.err, /redirects\.yaml: line 5: skipped: "\^\\\/blog\\\/\(\.\*\)\$" is a regular expression/);
    assert.match(taken.err, /redirects\.yaml: line 9: skipped: /);
    const moved = await app.inject('/yaml-old/');
    assert.deepEqual([moved.statusCode, moved.headers.location], [301, '/news/yaml-new']);
    assert.equal((await app.inject('/yaml-anchored')).headers.location, 'https://elsewhere.example/page', 'an anchored plain path is a plain path');
    assert.equal((await app.inject('/yaml-promo')).statusCode, 302);

    const ghostJson = file('ghost-redirects.json', JSON.stringify([{ from: '^/(.*)/amp/$', to: '/$1', permanent: true }, { from: '/json-old/', to: '/news/json-new' }]));
    const json = await run('import', ghostJson);
    assert.equal(json.code, 0, json.err);
    assert.match(json.out, /stored 1 redirect from .*; skipped 1 regular expression/);
    assert.match(json.err, /item 1: skipped: /);

    for (const [name, text, message] of [
      ['bad.yaml', '301:\n  /a/: [/b/]\n307:\n  /c/: /d/\n', /bad\.yaml: line 2: expected from: to.*\n.*line 3: "307" is not a section/],
      ['broken.yaml', '301:\n  /a/: /b/\n /c/: /d\n', /broken\.yaml: not valid YAML \(line \d+: /],
    ] as const) {
      const refused = await run('import', file(name, text));
      assert.equal(refused.code, 1, name);
      assert.match(refused.err, message, name);
    }
    assert.equal((await app.inject('/a')).statusCode, 404, 'nothing of a bad file was stored');
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
