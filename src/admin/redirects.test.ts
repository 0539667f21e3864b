import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { adminAndEditor, Agent } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { listAudit } from '../audit/audit';

forEachEngine('admin redirects page', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: Agent;
  let editor: Agent;
  before(async () => {
    database = await open();
    app = await buildTestApp(database);
    ({ admin, editor } = await adminAndEditor(database.db, app));
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('an admin adds a redirect that readers then follow, sees it listed, and removes it; both are audited', async () => {
    await admin.get('/admin/redirects');
    const added = await admin.post('/admin/redirects', { from: '/2019/05/old-post/', to: '/news/new-post', status: '302' });
    assert.equal(added.statusCode, 303);
    const page = await admin.get('/admin/redirects?done=added');
    assert.match(page.body, /The redirect is added/);
    assert.match(page.body, /<code>\/2019\/05\/old-post<\/code>/);
    const followed = await app.inject('/2019/05/old-post/');
    assert.equal(followed.statusCode, 302);
    assert.equal(followed.headers.location, '/news/new-post');

    assert.equal((await admin.post('/admin/redirects/remove', { from: '/2019/05/old-post' })).statusCode, 303);
    assert.equal((await app.inject('/2019/05/old-post/')).statusCode, 404);
    const { items } = await listAudit(database.db, { action: 'redirect.', page: 1, pageSize: 10 });
    assert.deepEqual(items.map((i) => [i.action, i.actor]), [['redirect.remove', 'boss@example.com'], ['redirect.add', 'boss@example.com']]);
  });

  test('a bad path, a loop, or a missing redirect is refused with a message, never a 5xx; CSRF and the admin role are required', async () => {
    await admin.get('/admin/redirects');
    const bad = await admin.post('/admin/redirects', { from: 'no-slash', to: '/news/x', status: '301' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /“no-slash” is not an address on this site/);
    assert.match(bad.body, /value="no-slash"/, 'what was typed is kept');
    await admin.post('/admin/redirects', { from: '/p', to: '/q', status: '301' });
    await admin.get('/admin/redirects');
    const loop = await admin.post('/admin/redirects', { from: '/q', to: '/p', status: '301' });
    assert.equal(loop.statusCode, 409);
    assert.match(loop.body, /would make a loop/);
    assert.equal((await admin.post('/admin/redirects/remove', { from: '/nothing-here' })).statusCode, 404);
    assert.equal((await admin.post('/admin/redirects', { from: '/r', to: '/s' }, { csrf: false })).statusCode, 403);
    await editor.get('/admin/articles');
    assert.equal((await editor.get('/admin/redirects')).statusCode, 403);
    assert.equal((await editor.post('/admin/redirects', { from: '/r', to: '/s' })).statusCode, 403);
  });
});
