import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { adminAndEditor, Agent, TEST_PASSWORD } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { receiverAccepts, startReceiver } from '../../test/support/webhook-receiver';
import { listAudit } from '../audit/audit';

forEachEngine('admin webhooks page', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let strictApp: FastifyInstance;
  let admin: Agent;
  let editor: Agent;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    database = await open();
    receiver = await startReceiver();
    app = await buildTestApp(database, { env: { WEBHOOK_ALLOW_PRIVATE: '1' } });
    strictApp = await buildTestApp(database);
    ({ admin, editor } = await adminAndEditor(database.db, app));
  });
  after(async () => {
    await app.close();
    await strictApp.close();
    await receiver.close();
    await database.close();
  });

  test('an admin registers an endpoint and sees its secret once; a test event arrives signed with it and shows in the log', async () => {
    const list = await admin.get('/admin/webhooks');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /href="\/admin\/webhooks" aria-current="page"/);
    const res = await admin.post('/admin/webhooks', { url: receiver.url, description: 'Edge cache', events: ['article.published', 'draw.published'], active: '1' });
    assert.equal(res.statusCode, 200);
    const secret = /<code class="secret">(whsec_[A-Za-z0-9_-]{43})<\/code>/.exec(res.body)?.[1];
    assert.ok(secret, 'the secret is on the page');
    assert.match(res.body, /it is not shown again/);
    assert.match(String(res.headers['cache-control']), /no-store/);
    const again = await admin.get('/admin/webhooks');
    assert.ok(!again.body.includes(secret), 'not shown again');
    const id = Number(/href="\/admin\/webhooks\/(\d+)"/.exec(again.body)?.[1]);
    assert.ok(id > 0);
    const detail = await admin.get(`/admin/webhooks/${id}`);
    assert.ok(!detail.body.includes(secret));
    assert.match(detail.body, /Nothing sent yet/);

    assert.equal((await admin.post(`/admin/webhooks/${id}/test`)).statusCode, 303);
    await app.webhookDelivery.drain();
    const ping = receiver.received.find((r) => JSON.parse(r.body).event === 'ping');
    assert.ok(ping, 'the test event arrived');
    assert.ok(receiverAccepts(secret, ping.headers['paddock-signature'], ping.body));
    const logged = await admin.get(`/admin/webhooks/${id}?done=test`);
    assert.match(logged.body, /A test event \(ping\) is queued/);
    assert.match(logged.body, /<code>ping<\/code>/);
    assert.match(logged.body, /status-delivery-delivered/);
    assert.match(logged.body, /HTTP 200/);
    assert.match(logged.body, /\d+ ms/);
    assert.match(logged.body, /<code>thanks<\/code>/);

    const saved = await admin.post(`/admin/webhooks/${id}`, { url: receiver.url, description: 'Edge cache', events: 'article.updated' });
    assert.equal(saved.statusCode, 303);
    const off = await admin.get(`/admin/webhooks/${id}?done=saved`);
    assert.match(off.body, /The endpoint is saved/);
    assert.match(off.body, /name="active" value="1"\/>/, 'saved without the tick: inactive');
    assert.equal((await admin.post(`/admin/webhooks/${id}/delete`)).statusCode, 303);
    assert.equal((await admin.get(`/admin/webhooks/${id}`)).statusCode, 404);

    const { items } = await listAudit(database.db, { action: 'webhook.', page: 1, pageSize: 10 });
    assert.deepEqual(items.map((i) => i.action), ['webhook.remove', 'webhook.update', 'webhook.test', 'webhook.add']);
    assert.ok(items.every((i) => i.actor === 'boss@example.com'));
    assert.ok(!JSON.stringify(items).includes(secret), 'the secret is not in the audit log');
  });

  test('bad addresses and no events are refused beside the form, which is kept; private targets need WEBHOOK_ALLOW_PRIVATE', async () => {
    await admin.get('/admin/webhooks');
    const ftp = await admin.post('/admin/webhooks', { url: 'ftp://example.com/x', description: 'kept text', events: 'article.published', active: '1' });
    assert.equal(ftp.statusCode, 400);
    assert.match(ftp.body, /is not a webhook address/);
    assert.match(ftp.body, /value="kept text"/);
    const none = await admin.post('/admin/webhooks', { url: receiver.url, description: '', active: '1' });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Choose at least one event/);

    const strict = new Agent(strictApp);
    await strict.login('boss@example.com', TEST_PASSWORD);
    await strict.get('/admin/webhooks');
    const inside = await strict.post('/admin/webhooks', { url: receiver.url, description: '', events: 'article.published', active: '1' });
    assert.equal(inside.statusCode, 422);
    assert.match(inside.body, /resolves to 127\.0\.0\.1, a loopback, private or link-local address/);
    assert.ok(!/whsec_/.test(inside.body));
  });

  test('CSRF and the admin role are required', async () => {
    await admin.get('/admin/webhooks');
    const forged = await admin.post('/admin/webhooks', { url: receiver.url, events: 'article.published' }, { csrf: false });
    assert.equal(forged.statusCode, 403);
    assert.equal((await editor.get('/admin/webhooks')).statusCode, 403);
    await editor.get('/admin/articles');
    assert.equal((await editor.post('/admin/webhooks', { url: receiver.url, events: 'article.published' })).statusCode, 403);
    assert.equal((await admin.get('/admin/webhooks/999999')).statusCode, 404);
  });
});
