import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, createUser, TEST_PASSWORD } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { audit } from '../audit/audit';

forEachEngine('admin users and audit log', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: Agent;
  before(async () => {
    database = await open();
    await createUser(database.db, 'boss@example.com', 'admin');
    app = await buildTestApp(database);
    admin = new Agent(app);
    await admin.login('boss@example.com', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('an admin adds an editor and gets a one-time link that is shown once and logged nowhere', async () => {
    await admin.get('/admin/users');
    const res = await admin.post('/admin/users', { email: 'New.Editor@Example.com', role: 'editor' });
    assert.equal(res.statusCode, 201);
    const link = /value="(http:\/\/paddock\.test\/admin\/set-password\?token=[^"]+)"/.exec(res.body)?.[1];
    assert.ok(link, 'the link is on the page');
    assert.match(res.body, /new\.editor@example\.com/);
    const token = new URL(link.replace(/&amp;/g, '&')).searchParams.get('token')!;
    const auditText = JSON.stringify(await database.db.selectFrom('audit_log').selectAll().execute());
    assert.ok(!auditText.includes(token));

    const newcomer = new Agent(app);
    await newcomer.get(`/admin/set-password?token=${token}`);
    assert.equal((await newcomer.post('/admin/set-password', { token, password: 'my own long password', confirm: 'my own long password' })).statusCode, 303);
    assert.equal((await newcomer.login('new.editor@example.com', 'my own long password')).statusCode, 303);

    await admin.get('/admin/users');
    const dup = await admin.post('/admin/users', { email: 'new.editor@example.com', role: 'admin' });
    assert.equal(dup.statusCode, 409);
    assert.match(dup.body, /already an account/);
    const badRole = await admin.post('/admin/users', { email: 'x@example.com', role: 'root' });
    assert.equal(badRole.statusCode, 400);
    assert.match(badRole.body, /role must be one of: contributor, editor, admin/);
    const badEmail = await admin.post('/admin/users', { email: '<script>@x', role: 'editor' });
    assert.equal(badEmail.statusCode, 400);
    assert.doesNotMatch(badEmail.body, /<script>@x/);

    const row = await database.db.selectFrom('users').select('id').where('email', '=', 'new.editor@example.com').executeTakeFirstOrThrow();
    const disabled = await admin.post(`/admin/users/${row.id}/disable`);
    assert.equal(disabled.statusCode, 303);
    assert.equal((await newcomer.get('/admin/api/me')).statusCode, 401, 'their session ended');
    await admin.get('/admin/users');
    assert.equal((await admin.post(`/admin/users/${row.id}/enable`)).statusCode, 303);
    await admin.get('/admin/users');
    const own = await database.db.selectFrom('users').select('id').where('email', '=', 'boss@example.com').executeTakeFirstOrThrow();
    const self = await admin.post(`/admin/users/${own.id}/disable`);
    assert.equal(self.statusCode, 400);
    assert.match(self.body, /cannot disable or enable your own account/);
    assert.equal((await admin.post('/admin/users/999/disable')).statusCode, 404);
    const unknownOp = await admin.post(`/admin/users/${row.id}/explode`);
    assert.equal(unknownOp.statusCode, 400);
    assert.match(unknownOp.body, /“op” must be one of: disable, enable, link, mail\./);
  });

  test('the audit log lists who did what, newest first, filterable by person, action and date; JSON too', async () => {
    await audit(database.db, { actor: 'lead@example.com', action: 'campaign.disqualify', target: 'campaign:gp-2026', details: { code: 'AB12', reason: 'duplicate', token: 'should-not-appear', nested: { password: 'nope' } } });
    const page = await admin.get('/admin/audit');
    assert.equal(page.statusCode, 200);
    for (const action of ['login', 'user.add', 'user.password_set', 'user.disable', 'user.enable', 'campaign.disqualify']) assert.match(page.body, new RegExp(`<td>${action.replace('.', '\\.')}</td>`), action);
    assert.doesNotMatch(page.body, /should-not-appear|nope/);
    assert.match(page.body, /\[redacted\]/);

    const byAction = await admin.get('/admin/audit?action=user.disable');
    assert.match(byAction.body, /1 event/);
    const byActor = (await admin.get('/admin/api/audit?actor=LEAD@example.com')).json();
    assert.equal(byActor.total, 1);
    assert.equal(byActor.items[0].details.reason, 'duplicate');
    const today = new Date().toISOString().slice(0, 10);
    assert.ok((await admin.get(`/admin/api/audit?from=${today}`)).json().total >= 5);
    assert.equal((await admin.get('/admin/api/audit?to=2000-01-01')).json().total, 0);
    const bad = await admin.get('/admin/audit?from=yesterday');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /must be a date such as 2026-11-20/);
    assert.equal((await admin.get('/admin/api/audit?page=0')).statusCode, 400);
  });
});
