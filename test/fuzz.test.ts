// Every route, fed malformed input: wrong types, repeated and nested parameters, prototype keys,
// huge and invalid UTF-8 strings, wrong content types. A client can cause a 4xx, never a 5xx,
// and the server keeps answering. Property-based with a fixed seed and a bounded number of runs,
// so a failure is the same on every machine and prints the input that caused it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { articlesRepository } from '../src/articles/repository';
import { Agent, createUser, TEST_PASSWORD } from './support/admin-agent';
import { buildLoggedTestApp } from './support/app';
import { articleInput } from './support/articles';
import { openTestDatabase, type TestDatabase } from './support/engines';
import { DURING, importTestCampaign, tempOutbox } from './support/grandprix';

const SEED = 20261201;
const RUNS = 600;

let database: TestDatabase;
let app: FastifyInstance;
let logText: () => string;
let admin: Agent;
let routes: Array<{ method: string; path: string }>;

before(async () => {
  database = await openTestDatabase('sqlite');
  await createUser(database.db, 'admin@example.com', 'admin');
  await articlesRepository(database).save(articleInput({ slug: 'lada-iskra', title: 'Lada Iskra on the road', publishedAt: new Date('2023-01-05T00:00:00Z') }));
  await importTestCampaign(database.db);
  ({ app, logText } = await buildLoggedTestApp(database, { now: () => DURING, env: { LOG_LEVEL: 'error', MAIL_OUTBOX: tempOutbox() } }));
  await app.ready();
  routes = listRoutes(app.printRoutes({ commonPrefix: false }));
  admin = new Agent(app);
  await admin.login('admin@example.com', TEST_PASSWORD);
});
after(async () => {
  await app.close();
  await database.close();
});

/** The route table as Fastify prints it (a tree), flattened to method + path; HEAD mirrors GET. */
function listRoutes(tree: string): Array<{ method: string; path: string }> {
  const stack: string[] = [];
  const out: Array<{ method: string; path: string }> = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[└├]── (.+?) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const full = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = full;
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD' && match[2] !== '*') out.push({ method, path: full });
  }
  return out;
}

// Values a real client sends, values no client should send, and values that break parsers.
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '0', '-1', '1e309', 'NaN', 'null', 'true', '[]', '{}', '__proto__', 'constructor', '../../etc/passwd', '<script>alert(1)</script>', '\u0000', '\r\n', '\u202e', 'Ā'.repeat(300), '%', '%zz', '%C3%28', '%ED%A0%80'),
  fc.string({ minLength: 5000, maxLength: 20_000 }),
  fc.integer().map(String),
);
const keys = fc.oneof(fc.constantFrom('q', 'page', 'before', 'after', 'next', 'token', 'code', 'done', 'status', 'rubric', 'actor', 'from', 'to', 'email', 'name', 'text', 'points', 'lang', 'reason', 'ballot', 'answers', 'ballot.city-car', 'answers.q-rate', '__proto__', 'constructor', 'prototype', '_csrf', 'a[b]', 'x.y.z'), fc.string({ maxLength: 12 }));
const pairs = fc.array(fc.tuple(keys, nasty), { maxLength: 8 });
// The same name twice (`?q=a&q=b`), where one value is expected: the outside test's 500s.
const repeated = fc.tuple(keys, nasty, nasty, pairs).map(([k, a, b, rest]): Array<[string, string]> => [[k, a], ...rest, [k, b]]);
const queries = fc.oneof(pairs, repeated);

/** `%zz` and lone UTF-8 bytes are sent raw, not escaped again: they are what a broken client sends. */
const rawOrEncoded = (value: string) => (/^%[0-9A-Za-z]{2}/.test(value) ? value : encodeURIComponent(value).replace(/%25(?=[0-9A-Fa-f]{2})/g, () => '%'));
const encodePairs = (list: Array<[string, string]>) => list.map(([k, v]) => `${encodeURIComponent(k)}=${rawOrEncoded(v)}`).join('&');

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const body = fc.oneof(
  queries.map((list) => ({ type: 'application/x-www-form-urlencoded', payload: encodePairs(list) })),
  fc.dictionary(keys, jsonValue, { maxKeys: 8 }).map((o) => ({ type: 'application/json', payload: JSON.stringify(o) })),
  jsonValue.map((v) => ({ type: 'application/json', payload: JSON.stringify(v) })),
  fc.constantFrom(
    { type: 'application/json', payload: '{"__proto__":{"admin":true},"text":"x"}' },
    { type: 'application/json', payload: '{"constructor":{"prototype":{"polluted":1}}}' },
    { type: 'application/json', payload: '{"text": "unterminated' },
    { type: 'application/json', payload: '' },
    { type: 'application/json; charset=latin1', payload: '{"a":1}' },
    { type: 'text/plain', payload: 'hello' },
    { type: 'multipart/form-data; boundary=x', payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--' },
    { type: 'application/xml', payload: '<a/>' },
    { type: '', payload: 'text=a' },
    { type: 'application/x-www-form-urlencoded', payload: 'a=%ff%fe&b=%C3%28&c=%' },
  ),
  fc.constant({ type: 'application/x-www-form-urlencoded', payload: `text=${'x'.repeat(300 * 1024)}` }),
);

const PARAM_VALUES: Record<string, fc.Arbitrary<string>> = {
  slug: fc.oneof(fc.constantFrom('lada-iskra', 'test-prix'), nasty),
  id: fc.oneof(fc.constantFrom('1', '2', '0', '-1', '99999999999', '1.5', 'x'), nasty),
  rev: fc.oneof(fc.constantFrom('1', '0', 'x'), nasty),
  code: fc.oneof(fc.constantFrom('GP-2222-2222', 'x'), nasty),
  op: fc.constantFrom('disable', 'enable', 'link', 'explode', ''),
  n: fc.constantFrom('1', '2', '0', '999999999'),
};

/** A concrete URL for a route pattern: each `:param` gets a valid or a hostile value. */
function fill(path: string, values: Record<string, string>): string {
  return path.replace(/:(\w+)(\([^)]*\))?/g, (_m, name: string) => encodeURIComponent(values[name] ?? 'x').slice(0, 250));
}

test(`${RUNS} malformed requests over every route never get a 5xx, and the server keeps answering`, async () => {
  assert.ok(routes.length >= 50, `found ${routes.length} routes`);
  const paramValues = fc.record(Object.fromEntries(Object.entries(PARAM_VALUES)) as Record<string, fc.Arbitrary<string>>);
  const request = fc.record({ route: fc.constantFrom(...routes), params: paramValues, query: queries, body, signedIn: fc.boolean() });
  const seen = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(request, async ({ route, params, query, body: sent, signedIn }) => {
      // Signing out would end the session the other runs use; it is fuzzed without one.
      const asAdmin = signedIn && route.path !== '/admin/logout';
      const url = `${fill(route.path, params)}${query.length ? `?${encodePairs(query)}` : ''}`;
      const headers: Record<string, string> = sent.type ? { 'content-type': sent.type } : {};
      if (asAdmin) headers['x-csrf-token'] = admin.csrf;
      const options = { method: route.method as 'GET' | 'POST', url, headers, ...(route.method === 'GET' ? {} : { payload: sent.payload }) };
      const res = asAdmin ? await admin.request(options) : await app.inject(options);
      seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
      assert.ok(res.statusCode < 500, `${route.method} ${url.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}\n${logText().slice(-2000)}`);
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
  assert.equal((await app.inject('/healthz')).statusCode, 200, 'still up');
  // The runs reach past the schemas too: some requests must be accepted, others refused.
  assert.ok([...seen.keys()].some((s) => s < 400) && [...seen.keys()].some((s) => s >= 400), JSON.stringify([...seen]));
});
