import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { adminAndEditor, Agent } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { listAudit } from '../audit/audit';

forEachEngine('admin API keys page', (open) => {
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

  test('an admin makes a key (shown once, working at once), sees it listed by prefix, and revokes it; both audited', async () => {
    const page = await admin.get('/admin/api-keys');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<a href="\/admin\/api-keys" aria-current="page">/);
    const made = await admin.post('/admin/api-keys', { name: 'Partner site', origins: 'https://partner.example\nhttps://www.partner.example/', rate: '50' });
    assert.equal(made.statusCode, 200);
    assert.equal(made.headers['cache-control'], 'no-store');
    const token = /value="(pdk_[A-Za-z0-9_-]{43})"/.exec(made.body)?.[1];
    assert.ok(token, 'the key is shown once');
    const api = await app.inject({ url: '/api/v1/rubrics', headers: { authorization: `Bearer ${token}`, origin: 'https://www.partner.example' } });
    assert.equal(api.statusCode, 200);
    assert.equal(api.headers['access-control-allow-origin'], 'https://www.partner.example');

    const listed = await admin.get('/admin/api-keys');
    assert.ok(!listed.body.includes(token!), 'never shown again');
    assert.match(listed.body, new RegExp(`<code>${token!.slice(0, 12)}…</code>`));
    assert.match(listed.body, /50\/min/);
    const id = /action="\/admin\/api-keys\/(\d+)\/revoke"/.exec(listed.body)?.[1];
    const revoked = await admin.post(`/admin/api-keys/${id}/revoke`);
    assert.equal(revoked.statusCode, 303);
    assert.match((await admin.get('/admin/api-keys?done=revoked')).body, /The key is revoked/);
    assert.equal((await app.inject({ url: '/api/v1/rubrics', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);

    const { items } = await listAudit(database.db, { action: 'apikey.', page: 1, pageSize: 10 });
    assert.deepEqual(items.map((i) => [i.action, i.actor]), [['apikey.revoke', 'boss@example.com'], ['apikey.add', 'boss@example.com']]);
    assert.ok(!JSON.stringify(items).includes(token!));
  });

  test('a bad origin or name is refused beside the form with what was typed kept; CSRF and the admin role are required', async () => {
    await admin.get('/admin/api-keys');
    const bad = await admin.post('/admin/api-keys', { name: 'App', origins: 'https://ok.example\nhttps://bad.example/path', rate: '60' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /“https:\/\/bad\.example\/path” is not an origin/);
    assert.match(bad.body, /value="App"/);
    assert.ok(!/value="pdk_/.test(bad.body));
    await admin.get('/admin/api-keys');
    assert.equal((await admin.post('/admin/api-keys', { name: '', rate: '60' })).statusCode, 400);
    await admin.get('/admin/api-keys');
    assert.equal((await admin.post('/admin/api-keys', { name: 'X', rate: 'many' })).statusCode, 400);
    assert.equal((await admin.post('/admin/api-keys/999/revoke')).statusCode, 404);
    assert.equal((await admin.post('/admin/api-keys', { name: 'No token' }, { csrf: false })).statusCode, 403);
    await editor.get('/admin/articles');
    assert.equal((await editor.get('/admin/api-keys')).statusCode, 403);
    assert.equal((await editor.post('/admin/api-keys', { name: 'Sneaky' })).statusCode, 403);
    assert.equal((await database.db.selectFrom('api_keys').select('id').execute()).length, 1, 'only the first test’s key exists');
  });
});
