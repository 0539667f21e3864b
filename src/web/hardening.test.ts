import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildLoggedTestApp, buildTestApp } from '../../test/support/app';
import { openTestDatabase, type TestDatabase } from '../../test/support/engines';
import { DURING, confirmEntry, importTestCampaign, postEntry, tempOutbox, validEntry } from '../../test/support/grandprix';

let database: TestDatabase;
let app: FastifyInstance;
before(async () => {
  database = await openTestDatabase('sqlite');
  await importTestCampaign(database.db);
  app = await buildTestApp(database, { now: () => DURING });
});
after(async () => {
  await app.close();
  await database.close();
});

test('malformed and oversized addresses get the site error page (or JSON under /api), never Fastify internals', async () => {
  for (const url of ['/news/%E0%A4%A', '/tag/%ff', `/news/${'a'.repeat(400)}`]) {
    const res = await app.inject(url);
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url}: ${res.statusCode}`);
    assert.match(res.headers['content-type'] as string, /text\/html/, url);
    assert.match(res.body, /<html lang="en">/);
  }
  const api = await app.inject('/api/v1/campaigns/%ff');
  assert.equal(api.statusCode, 400);
  assert.equal(api.json().error.code, 'bad_url');
});

test('request logs never carry the query string, where one-time tokens travel', async () => {
  const { app: logged, logText } = await buildLoggedTestApp(database);
  try {
    await logged.inject('/grand-prix/confirm?token=SECRET-TOKEN-abcdefghijklmnop');
    const text = logText();
    assert.match(text, /\/grand-prix\/confirm/);
    assert.doesNotMatch(text, /SECRET-TOKEN/);
  } finally {
    await logged.close();
  }
});

test('with Redis unreachable, rate-limited routes still answer (limits skipped, outage logged)', async () => {
  const { app: noRedis, logText } = await buildLoggedTestApp(database, { now: () => DURING, env: { REDIS_URL: 'redis://127.0.0.1:6399', ENTRY_RATE_LIMIT: '5', MAIL_OUTBOX: tempOutbox() } });
  try {
    // More requests than ENTRY_RATE_LIMIT: each gets the route's own answer, never a 429 or a 5xx.
    for (let i = 0; i < 7; i++) {
      const started = Date.now();
      const res = await confirmEntry(noRedis, 'x'.repeat(43));
      assert.equal(res.statusCode, 404, `request ${i + 1}`);
      // Not after ioredis's reconnect back-off (10 s a request once it has grown).
      assert.ok(Date.now() - started < 3000, `request ${i + 1} took ${Date.now() - started} ms`);
      assert.equal(res.json().error.code, 'token_unknown');
    }
    assert.match(logText(), /Redis unavailable: rate limits are not enforced/);
  } finally {
    await noRedis.close();
  }
});

const REDIS_URL = process.env.PADDOCK_TEST_REDIS_URL;
test('with REDIS_URL, instances share one rate limit per client', { skip: REDIS_URL ? false : 'PADDOCK_TEST_REDIS_URL not set' }, async () => {
  const env = { REDIS_URL: REDIS_URL!, ENTRY_RATE_LIMIT: '2', MAIL_OUTBOX: tempOutbox() };
  const [a, b] = [await buildTestApp(database, { now: () => DURING, env }), await buildTestApp(database, { now: () => DURING, env })];
  // A client address of its own, so earlier runs against the same Redis do not count.
  const remoteAddress = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  try {
    const send = (app: FastifyInstance, i: number) =>
      postEntry(app, validEntry({ email: `shared${i}-${remoteAddress}@example.com` }), { remoteAddress });
    assert.equal((await send(a, 1)).statusCode, 202);
    assert.equal((await send(b, 2)).statusCode, 202);
    const third = await send(a, 3);
    assert.equal(third.statusCode, 429, 'the third request within the minute is refused, whichever instance gets it');
  } finally {
    await a.close();
    await b.close();
  }
});
