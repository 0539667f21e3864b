import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { articleObservers, drawObservers } from '../article-observers';
import { articlesRepository } from '../articles/repository';
import { createMailer, type Mailer } from '../mail/mailer';
import { runRaffleCommand } from '../raffle/cli';
import { articleInput } from '../../test/support/articles';
import { buildTestApp, testConfig } from '../../test/support/app';
import { captureIo } from '../../test/support/capture-io';
import { forEachEngine, secondConnection, type TestDatabase } from '../../test/support/engines';
import { CLOSES, DURING, confirmedEntry, importTestCampaign, tempOutbox } from '../../test/support/grandprix';
import { receiverAccepts, startReceiver } from '../../test/support/webhook-receiver';
import { resolveTarget } from './address-guard';
import type { WebhookDelivery } from './delivery';
import { startWebhookDelivery } from './host';
import { webhookService } from './service';
import { verifySignature } from './signature';
import { webhookStore } from './store';

const quiet = { warn: () => {}, error: () => {} };
const MINUTE = 60_000;

forEachEngine('webhooks', (open) => {
  let database: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let clock: Date;
  let delivery: WebhookDelivery;
  const config = testConfig({ WEBHOOK_ALLOW_PRIVATE: '1' });
  const articles = () => articlesRepository(database, { observers: articleObservers(database, config) });
  const service = () => webhookService(database.db, { allowPrivate: true, now: () => clock });
  const bodies = () => receiver.received.map((r) => JSON.parse(r.body) as { id: string; event: string; created_at: string; data: Record<string, unknown> });

  before(async () => {
    database = await open();
    receiver = await startReceiver();
    delivery = startWebhookDelivery({ database, config, log: quiet, now: () => clock, poll: false });
  });
  after(async () => {
    await delivery.stop();
    await receiver.close();
    await database.close();
  });
  beforeEach(async () => {
    clock = new Date();
    receiver.received.length = 0;
    receiver.script([200]);
    await database.db.deleteFrom('webhook_deliveries').execute();
    await database.db.deleteFrom('webhook_endpoints').execute();
  });

  test('publishing an article delivers a signed article.published that a receiver can verify, and a tampered body fails', async () => {
    const { id, secret } = await service().register({ url: receiver.url, description: 'CDN purge', events: ['article.published'], active: true }, 'boss@example.com');
    const saved = await articles().save(articleInput({ slug: 'signed-story', title: 'Signed story', publishedAt: new Date(Date.now() - MINUTE) }));
    await delivery.drain();
    assert.equal(receiver.received.length, 1);
    const [got] = receiver.received;
    assert.equal(got!.headers['content-type'], 'application/json');
    assert.match(String(got!.headers['paddock-delivery']), /^dlv_[0-9a-f-]{36}$/);
    assert.ok(receiverAccepts(secret, got!.headers['paddock-signature'], got!.body), 'the signature verifies with the secret');
    assert.ok(verifySignature(secret, got!.body, String(got!.headers['paddock-signature']), clock));
    const t = Number(/t=(\d+)/.exec(String(got!.headers['paddock-signature']))![1]);
    assert.ok(Math.abs(t - clock.getTime() / 1000) < 2, 'the timestamp is the sending time in unix seconds');
    const tampered = got!.body.replace('Signed story', 'Signed storm');
    assert.ok(!receiverAccepts(secret, got!.headers['paddock-signature'], tampered), 'a changed body does not verify');
    assert.ok(!receiverAccepts('whsec_other', got!.headers['paddock-signature'], got!.body), 'nor another secret');
    const [event] = bodies();
    assert.equal(event!.event, 'article.published');
    assert.match(event!.id, /^evt_/);
    assert.deepEqual(Object.keys(event!).sort(), ['created_at', 'data', 'event', 'id']);
    assert.equal(event!.data.id, saved.article.id);
    assert.equal(event!.data.url, 'http://paddock.test/news/signed-story');
    assert.equal(event!.data.title, 'Signed story');
    const [row] = await webhookStore(database.db).log(id, 10);
    assert.equal(row!.status, 'delivered');
    assert.equal(row!.attempts, 1);
    assert.equal(row!.lastStatus, 200);
    assert.equal(row!.lastResponse, 'thanks');
    assert.ok(row!.lastLatencyMs !== null && row!.lastLatencyMs >= 0);
    await delivery.drain();
    assert.equal(receiver.received.length, 1, 'delivered once');
  });

  test('saving again is article.updated, back to draft article.unpublished; a draft saved as a draft and unsubscribed events send nothing', async () => {
    await service().register({ url: receiver.url, description: '', events: ['article.updated', 'article.unpublished'], active: true }, 'boss@example.com');
    const repo = articles();
    const input = articleInput({ slug: 'lifecycle', publishedAt: new Date(Date.now() - MINUTE) });
    await repo.save(input);
    await repo.save({ ...input, title: 'Lifecycle, corrected' });
    await repo.save({ ...input, title: 'Lifecycle, corrected', status: 'draft' });
    await repo.save({ ...input, title: 'Lifecycle, redrafted', status: 'draft' });
    await delivery.drain();
    assert.deepEqual(bodies().map((b) => [b.event, b.data.title, b.data.status]), [
      ['article.updated', 'Lifecycle, corrected', 'published'],
      ['article.unpublished', 'Lifecycle, corrected', 'draft'],
    ]);
  });

  test('a receiver that fails twice gets the same delivery on the third attempt, after 1 and 5 minutes', async () => {
    const { id, secret } = await service().register({ url: receiver.url, description: '', events: ['article.published'], active: true }, 'boss@example.com');
    receiver.script([500, 503, 204]);
    await articles().save(articleInput({ publishedAt: new Date(Date.now() - MINUTE) }));
    const store = webhookStore(database.db);
    await delivery.drain();
    let [row] = await store.log(id, 1);
    assert.equal(row!.status, 'pending');
    assert.equal(row!.lastStatus, 500);
    assert.equal(row!.lastResponse, 'not now (500)');
    assert.equal(row!.nextAttemptAt, new Date(clock.getTime() + MINUTE).toISOString());
    await delivery.drain();
    assert.equal(receiver.received.length, 1, 'not retried before its time');
    clock = new Date(clock.getTime() + MINUTE);
    await delivery.drain();
    [row] = await store.log(id, 1);
    assert.equal(row!.attempts, 2);
    assert.equal(row!.nextAttemptAt, new Date(clock.getTime() + 5 * MINUTE).toISOString());
    clock = new Date(clock.getTime() + 5 * MINUTE);
    await delivery.drain();
    [row] = await store.log(id, 1);
    assert.equal(row!.status, 'delivered');
    assert.equal(row!.attempts, 3);
    assert.equal(row!.lastStatus, 204);
    assert.equal(receiver.received.length, 3);
    const ids = new Set(receiver.received.map((r) => r.headers['paddock-delivery']));
    assert.equal(ids.size, 1, 'one delivery id across attempts, so a receiver can drop a repeat');
    assert.equal(new Set(receiver.received.map((r) => r.body)).size, 1, 'the same body each time');
    assert.ok(receiver.received.every((r) => receiverAccepts(secret, r.headers['paddock-signature'], r.body)));
  });

  test('a delivery is given up after 8 attempts and stays in the log as failed', async () => {
    const { id } = await service().register({ url: receiver.url, description: '', events: ['article.published'], active: true }, 'boss@example.com');
    receiver.script([500]);
    await articles().save(articleInput({ publishedAt: new Date(Date.now() - MINUTE) }));
    for (let i = 0; i < 10; i++) {
      await delivery.drain();
      clock = new Date(clock.getTime() + 13 * 3600_000);
    }
    const [row] = await webhookStore(database.db).log(id, 1);
    assert.equal(row!.status, 'failed');
    assert.equal(row!.attempts, 8);
    assert.equal(receiver.received.length, 8);
  });

  test('nothing is queued when the article save rolls back', async () => {
    await service().register({ url: receiver.url, description: '', events: ['article.published'], active: true }, 'boss@example.com');
    const failing = articlesRepository(database, {
      observers: [
        ...articleObservers(database, config),
        {
          inTransaction: async () => {
            throw new Error('a later step of the save failed');
          },
        },
      ],
    });
    await assert.rejects(failing.save(articleInput({ slug: 'rolled-back', publishedAt: new Date(Date.now() - MINUTE) })), /a later step/);
    assert.equal(await articles().findBySlug('rolled-back'), null);
    assert.deepEqual(await database.db.selectFrom('webhook_deliveries').select('id').execute(), []);
    await delivery.drain();
    assert.equal(receiver.received.length, 0);
  });

  test('a scheduled publication is announced at its time; rescheduled, it is announced once at the new time; taken back before it, never', async () => {
    await service().register({ url: receiver.url, description: '', events: ['article.published', 'article.unpublished'], active: true }, 'boss@example.com');
    const repo = articles();
    const at = new Date(Date.now() + 3600_000);
    const input = articleInput({ slug: 'scheduled', publishedAt: at });
    await repo.save(input);
    await delivery.drain();
    assert.equal(receiver.received.length, 0, 'not before its time');
    const later = new Date(at.getTime() + 3600_000);
    await repo.save({ ...input, publishedAt: later });
    clock = new Date(at.getTime() + 1000);
    await delivery.drain();
    assert.equal(receiver.received.length, 0, 'the first time was replaced');
    clock = new Date(later.getTime() + 1000);
    await delivery.drain();
    assert.deepEqual(bodies().map((b) => [b.event, b.data.published_at]), [['article.published', later.toISOString()]]);

    receiver.received.length = 0;
    const other = articleInput({ slug: 'scheduled-then-not', publishedAt: new Date(Date.now() + 3600_000) });
    await repo.save(other);
    await repo.save({ ...other, status: 'draft' });
    clock = new Date(Date.now() + 3 * 3600_000);
    await delivery.drain();
    assert.equal(receiver.received.length, 0, 'an article that never appeared is neither published nor unpublished');
  });

  test('private targets are refused at registration without WEBHOOK_ALLOW_PRIVATE, and at delivery by the resolved address', async () => {
    const strict = webhookService(database.db, { allowPrivate: false, now: () => clock });
    await assert.rejects(strict.register({ url: receiver.url, description: '', events: ['ping', 'article.published'], active: true }, 'boss@example.com'), { code: 'webhook_private', field: 'url' });
    for (const url of ['http://[::1]:8080/x', 'http://169.254.169.254/latest', 'http://10.1.2.3/', 'http://localhost/hook']) {
      await assert.rejects(strict.register({ url, description: '', events: ['article.published'], active: true }, 'boss@example.com'), { code: 'webhook_private' }, url);
    }
    await assert.rejects(strict.register({ url: 'ftp://example.com/x', description: '', events: ['article.published'], active: true }, 'b'), { code: 'webhook_url' });
    await assert.rejects(strict.register({ url: 'https://user:pw@example.com/x', description: '', events: ['article.published'], active: true }, 'b'), { code: 'webhook_url' });
    await assert.rejects(service().register({ url: receiver.url, description: '', events: ['nonsense'], active: true }, 'b'), { code: 'webhook_events' });
    // A public-looking name whose DNS answer is inside (rebinding): judged by the address.
    const rebinding = (async () => [{ address: '93.184.215.14', family: 4 }, { address: '10.0.0.7', family: 4 }]) as never;
    await assert.rejects(resolveTarget('https://hooks.example.com/x', { allowPrivate: false, lookup: rebinding }), { code: 'webhook_private' });
    const publicOnly = (async () => [{ address: '93.184.215.14', family: 4 }]) as never;
    assert.equal((await resolveTarget('https://hooks.example.com/x', { allowPrivate: false, lookup: publicOnly })).addresses[0]!.address, '93.184.215.14');

    // Registered while allowed, then the setting is off: the delivery is refused before any connection.
    const { id } = await service().register({ url: receiver.url, description: '', events: ['article.published'], active: true }, 'boss@example.com');
    const strictDelivery = startWebhookDelivery({ database, config: testConfig(), log: quiet, now: () => clock, poll: false });
    await articles().save(articleInput({ publishedAt: new Date(Date.now() - MINUTE) }));
    await strictDelivery.drain();
    await strictDelivery.stop();
    assert.equal(receiver.received.length, 0);
    const [row] = await webhookStore(database.db).log(id, 1);
    assert.equal(row!.status, 'pending');
    assert.match(String(row!.lastError), /refused: 127\.0\.0\.1 is a private address/);
  });

  test('two deliverers on two connections never claim the same delivery', async () => {
    await service().register({ url: receiver.url, description: '', events: ['article.published'], active: true }, 'boss@example.com');
    const repo = articles();
    for (let i = 0; i < 6; i++) await repo.save(articleInput({ publishedAt: new Date(Date.now() - MINUTE) }));
    const other = await secondConnection(database);
    try {
      const [a, b] = await Promise.all([webhookStore(database.db).claim(clock, 4), webhookStore(other.db).claim(clock, 4)]);
      const ids = [...a, ...b].map((d) => d.id);
      assert.equal(new Set(ids).size, ids.length, 'disjoint');
      assert.equal(ids.length, 6);
      // A deliverer that died mid-send: the lease runs out and the delivery is offered again.
      const again = await webhookStore(database.db).claim(new Date(clock.getTime() + 3 * MINUTE), 10);
      assert.equal(again.length, 6);
      assert.ok(again.every((d) => d.attempts === 2));
    } finally {
      await other.close();
    }
  });

  test('a campaign that closes is announced once, to endpoints registered before the close; its draw in the draw transaction', async () => {
    const outbox = tempOutbox();
    const mailer: Mailer = createMailer({ outboxDir: outbox, from: 'Paddock <draw@paddock.test>' });
    clock = DURING;
    const app: FastifyInstance = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0', WEBHOOK_ALLOW_PRIVATE: '1' } });
    // This test's deliverer does the sending, on its clock; the app's own loop would race it.
    await app.webhookDelivery.stop();
    try {
      await importTestCampaign(database.db, { slug: 'hook-prix' });
      const { secret } = await service().register({ url: receiver.url, description: '', events: ['campaign.closed', 'draw.published'], active: true }, 'boss@example.com');
      for (let i = 0; i < 3; i++) await confirmedEntry(app, outbox, 'hook-prix', `hook${i}@example.com`);
      await delivery.drain();
      assert.equal(receiver.received.length, 0, 'open: nothing yet');
      clock = new Date(CLOSES.getTime() + 3600_000);
      const late = new Date(CLOSES.getTime() + 1800_000);
      await webhookService(database.db, { allowPrivate: true, now: () => late }).register({ url: receiver.url, description: 'late', events: ['campaign.closed'], active: true }, 'boss@example.com');
      await delivery.drain();
      await delivery.drain();
      assert.deepEqual(bodies().map((b) => [b.event, b.data.slug]), [['campaign.closed', 'hook-prix']], 'once, and not to the endpoint registered after the close');

      const io = captureIo();
      const status = await runRaffleCommand(database.db, ['draw', 'hook-prix'], io.io, { mailer, siteUrl: 'http://paddock.test', now: clock, observers: drawObservers(database, config) });
      assert.equal(status, 0, io.stderr());
      await delivery.drain();
      const drawn = bodies().find((b) => b.event === 'draw.published');
      assert.ok(drawn, 'draw.published delivered');
      assert.equal((drawn.data.campaign as { slug: string }).slug, 'hook-prix');
      assert.equal(drawn.data.record_url, 'http://paddock.test/api/v1/campaigns/hook-prix/draw');
      assert.equal(drawn.data.entries, 3);
      assert.ok(receiver.received.every((r) => receiverAccepts(secret, r.headers['paddock-signature'], r.body)));
    } finally {
      mailer.close();
      await app.close();
    }
  });
});
