// The holes an outside test found in a running Paddock (issue "2 of 8"), each reproduced as the
// tester sent it. Every one answered 500 (or lost a sign-in) before the one error path.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, createUser, TEST_PASSWORD } from './support/admin-agent';
import { buildTestApp } from './support/app';
import { articleInput } from './support/articles';
import { openTestDatabase, type TestDatabase } from './support/engines';
import { articlesRepository } from '../src/articles/repository';

let database: TestDatabase;
let app: FastifyInstance;

before(async () => {
  database = await openTestDatabase('sqlite');
  await createUser(database.db, 'admin@example.com', 'admin');
  await articlesRepository(database).save(articleInput({ slug: 'lada-iskra', title: 'Lada Iskra on the road', publishedAt: new Date('2026-05-01T00:00:00Z') }));
  app = await buildTestApp(database, { now: () => new Date('2026-06-01T12:00:00Z') });
});
after(async () => {
  await app.close();
  await database.close();
});

test('the 61st sign-in and the 31st set-password from one address in a minute get 429 with Retry-After, never 500', async () => {
  for (const [url, limit] of [['/admin/login', 60], ['/admin/set-password', 30]] as const) {
    const agent = new Agent(app, { remoteAddress: url === '/admin/login' ? '198.51.100.7' : '198.51.100.8' });
    await agent.get(url === '/admin/login' ? '/admin/login' : '/admin/set-password?token=x');
    const statuses: number[] = [];
    for (let i = 0; i <= limit; i++) statuses.push((await agent.post(url, { email: 'nobody@example.com', password: 'wrong password!', token: 'x', confirm: 'x' })).statusCode);
    assert.ok(statuses.slice(0, limit).every((s) => s < 500), `${url}: ${statuses.join(',')}`);
    const last = await agent.post(url, { email: 'nobody@example.com', password: 'wrong password!' });
    assert.equal(last.statusCode, 429, url);
    assert.ok(Number(last.headers['retry-after']) > 0, 'says when to try again');
    assert.match(last.body, /Too many requests from your address.*Try again in \d+ seconds/);
    const json = await agent.request({ method: 'POST', url, payload: {}, headers: { accept: 'application/json' } });
    assert.equal(json.statusCode, 429);
    assert.equal(json.json().error.code, 'rate_limited');
  }
});

test('a repeated query parameter where one is expected is a 400 naming it, on pages and on the JSON API', async () => {
  const agent = new Agent(app);
  await agent.login('admin@example.com', TEST_PASSWORD);
  for (const url of ['/admin/articles?q=a&q=b', '/admin/articles?rubric=a&rubric=b', '/admin/audit?actor=a&actor=b', '/admin/audit?action=a&action=b', '/admin/audit?target=a&target=b']) {
    const res = await agent.get(url);
    const field = new URL(url, 'http://x').searchParams.keys().next().value!;
    assert.equal(res.statusCode, 400, url);
    assert.match(res.body, new RegExp(`“${field}” was given more than once`), url);
  }
  const api = await agent.get('/admin/api/audit?actor=a&actor=b');
  assert.equal(api.statusCode, 400);
  assert.deepEqual(api.json().error, { code: 'field_repeated', message: '“actor” was given more than once: give it once.', field: 'actor' });
  const page = await app.inject('/?before=1&before=2');
  assert.equal(page.statusCode, 400);
  assert.match(page.body, /“before” was given more than once/);
});

test('a sign-in `next` with characters above U+00FF, CR/LF or another site signs in to /admin', async () => {
  for (const next of ['/admin/articles\u0100', '/admin/статьи', '/admin/x\r\nSet-Cookie: a=b', '//evil.example/admin', '/admin/\\evil', 'https://evil.example/', '/admin/../../x\u2028']) {
    const agent = new Agent(app, { remoteAddress: '203.0.113.9' });
    await agent.get('/admin/login');
    const res = await agent.post('/admin/login', { email: 'admin@example.com', password: TEST_PASSWORD, next });
    assert.equal(res.statusCode, 303, JSON.stringify(next));
    assert.equal(res.headers.location, '/admin', JSON.stringify(next));
    assert.equal((await agent.get('/admin/api/me')).json().email, 'admin@example.com', 'the sign-in is kept');
  }
  const agent = new Agent(app, { remoteAddress: '203.0.113.10' });
  await agent.get('/admin/login');
  const kept = await agent.post('/admin/login', { email: 'admin@example.com', password: TEST_PASSWORD, next: '/admin/articles?q=lada%20iskra' });
  assert.equal(kept.headers.location, '/admin/articles?q=lada%20iskra', 'a same-site path of safe characters is kept');
  const page = await app.inject(`/admin/login?next=${encodeURIComponent('/admin/ĀĀ\r\n')}`);
  assert.equal(page.statusCode, 200, 'the sign-in page itself shows');
});

test('unknown query parameters are ignored and kept out of the page-cache key; unknown body fields are refused by name', async () => {
  const plain = await app.inject('/news/lada-iskra');
  const tracked = await app.inject('/news/lada-iskra?utm_source=telegram&fbclid=abc');
  assert.equal(tracked.statusCode, 200);
  assert.equal(tracked.headers.etag, plain.headers.etag);
  const front = await app.inject('/?utm_medium=social');
  assert.equal(front.statusCode, 200);
  const res = await app.inject({ method: 'POST', url: '/api/v1/summarize', payload: { text: 'One sentence here. Another one there.', colour: 'red' } });
  assert.equal(res.statusCode, 400);
  assert.deepEqual(res.json().error, { code: 'field_unknown', message: '“colour” is not a known field here: leave it out.', field: 'colour' });
  const wrongType = await app.inject({ method: 'POST', url: '/api/v1/summarize', payload: { text: ['a', 'b'] } });
  assert.equal(wrongType.statusCode, 400);
  assert.equal(wrongType.json().error.field, 'text');
});
