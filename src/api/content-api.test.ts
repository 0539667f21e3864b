import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { articleInput } from '../../test/support/articles';
import { buildLoggedTestApp, buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { articlesRepository } from '../articles/repository';
import { apiKeysService } from './keys';

interface Item {
  slug: string;
  [k: string]: unknown;
}

forEachEngine('content API', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let clock = new Date('2026-03-01T12:00:00Z');
  let key = '';
  let slowKey = '';
  let revokedKey = '';
  const visible: string[] = [];

  before(async () => {
    database = await open();
    const articles = articlesRepository(database);
    const save = async (slug: string, overrides: Parameters<typeof articleInput>[0] = {}) => {
      await articles.save(articleInput({ slug, ...overrides }), { now: new Date('2026-02-01T00:00:00Z') });
    };
    // Same-instant twins, three rubrics, two authors, tags in combinations.
    const same = new Date('2026-02-10T10:00:00Z');
    await save('a-one', { publishedAt: same, rubric: { slug: 'news', name: 'News' }, tags: [{ slug: 'lada', name: 'Lada' }], author: 'Anna Kovacs' });
    await save('a-two', { publishedAt: same, rubric: { slug: 'news', name: 'News' }, tags: [{ slug: 'lada', name: 'Lada' }, { slug: 'ev', name: 'EV' }], author: 'Ben Ito' });
    await save('a-three', { publishedAt: same, rubric: { slug: 'tests', name: 'Tests' }, tags: [{ slug: 'ev', name: 'EV' }], author: 'Anna Kovacs, Ben Ito' });
    await save('b-four', { publishedAt: new Date('2026-02-11T10:00:00Z'), rubric: { slug: 'tests', name: 'Tests' }, tags: [], author: 'Ben Ito' });
    await save('b-five', { publishedAt: new Date('2026-02-09T10:00:00Z'), rubric: null, tags: [{ slug: 'lada', name: 'Lada' }], author: 'Anna Kovacs' });
    await save('c-six', { publishedAt: new Date('2026-01-01T10:00:00Z'), rubric: { slug: 'news', name: 'News' }, tags: [{ slug: 'ev', name: 'EV' }], author: 'Anna Kovacs' });
    await save('c-seven', { publishedAt: new Date('2026-02-10T10:00:00Z'), rubric: { slug: 'news', name: 'News' }, tags: [], author: 'Ben Ito' });
    visible.push('a-one', 'a-two', 'a-three', 'b-four', 'b-five', 'c-six', 'c-seven');
    // Never shown: a draft, and one scheduled after the clock (with its own author and tag).
    await save('draft-one', { status: 'draft', publishedAt: new Date('2026-02-01T10:00:00Z'), tags: [{ slug: 'secret', name: 'Secret' }] });
    await save('scheduled-one', { publishedAt: new Date('2026-04-01T10:00:00Z'), author: 'Future Writer', rubric: { slug: 'later', name: 'Later' } });

    const keys = apiKeysService(database.db);
    key = (await keys.add({ name: 'Test app', origins: ['https://app.example'] }, 'test')).token;
    slowKey = (await keys.add({ name: 'Slow', ratePerMinute: 3 }, 'test')).token;
    const revoked = await keys.add({ name: 'Old' }, 'test');
    revokedKey = revoked.token;
    await keys.revoke(revoked.key.id, 'test');
    app = await buildTestApp(database, { now: () => clock });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const get = (url: string, headers: Record<string, string> = { authorization: `Bearer ${key}` }) => app.inject({ method: 'GET', url, headers });

  async function walk(first: string): Promise<string[]> {
    const seen: string[] = [];
    let url: string | null = first;
    for (let n = 0; url && n < 50; n++) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, res.body);
      const body = JSON.parse(res.body) as { articles: Item[]; next_cursor: string | null };
      seen.push(...body.articles.map((a) => a.slug));
      url = body.next_cursor ? `${first}${first.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(body.next_cursor)}` : null;
    }
    return seen;
  }

  test('no key, an unknown key or a revoked key is a 401 with a JSON error; a valid key in any of the three places is a 200', async () => {
    const none = await get('/api/v1/articles', {});
    assert.equal(none.statusCode, 401);
    assert.match(String(none.headers['content-type']), /application\/json/);
    assert.equal(JSON.parse(none.body).error.code, 'api_key_missing');
    assert.match(String(none.headers['www-authenticate']), /^Bearer/);
    const unknown = await get('/api/v1/articles', { authorization: 'Bearer pdk_nothing' });
    assert.equal(unknown.statusCode, 401);
    assert.equal(JSON.parse(unknown.body).error.code, 'api_key_invalid');
    const revoked = await get('/api/v1/rubrics', { 'x-paddock-key': revokedKey });
    assert.equal(revoked.statusCode, 401);
    assert.equal(JSON.parse(revoked.body).error.code, 'api_key_revoked');
    assert.match(JSON.parse(revoked.body).error.message, /revoked/);
    assert.equal((await get('/api/v1/articles')).statusCode, 200);
    assert.equal((await get('/api/v1/articles', { 'x-paddock-key': key })).statusCode, 200);
    assert.equal((await get(`/api/v1/articles?key=${encodeURIComponent(key)}`, {})).statusCode, 200);
    for (const path of ['/api/v1/articles/a-one', '/api/v1/rubrics', '/api/v1/tags', '/api/v1/authors']) assert.equal((await get(path, {})).statusCode, 401, path);
    // Every 4xx under /api/v1 is JSON, a missing route's too.
    const nothing = await get('/api/v1/nothing-here');
    assert.equal(nothing.statusCode, 404);
    assert.equal(JSON.parse(nothing.body).error.code, 'no_route');
    const bad = await get('/api/v1/articles?limit=1000');
    assert.equal(bad.statusCode, 400);
    assert.deepEqual([JSON.parse(bad.body).error.code, JSON.parse(bad.body).error.field], ['field_range', 'limit']);
  });

  test('drafts and scheduled articles never appear, in lists, by slug, by filter or among rubrics, tags and authors', async () => {
    assert.deepEqual((await walk('/api/v1/articles?limit=100')).sort(), [...visible].sort());
    assert.equal((await get('/api/v1/articles/draft-one')).statusCode, 404);
    assert.equal((await get('/api/v1/articles/scheduled-one')).statusCode, 404);
    assert.equal(JSON.parse((await get('/api/v1/articles/scheduled-one')).body).error.code, 'no_article');
    assert.deepEqual(await walk('/api/v1/articles?updated_since=2000-01-01T00:00:00Z').then((s) => s.sort()), [...visible].sort());
    const rubrics = JSON.parse((await get('/api/v1/rubrics')).body).rubrics.map((r: Item) => r.slug);
    assert.deepEqual(rubrics, ['news', 'tests']);
    const tags = JSON.parse((await get('/api/v1/tags')).body).tags.map((r: Item) => r.slug);
    assert.deepEqual(tags, ['ev', 'lada']);
    const authors = JSON.parse((await get('/api/v1/authors')).body).authors.map((r: Item) => r.slug);
    assert.deepEqual(authors, ['anna-kovacs', 'ben-ito']);
    // Its time comes: it appears without anything else changing.
    clock = new Date('2026-04-02T00:00:00Z');
    try {
      assert.equal((await get('/api/v1/articles/scheduled-one')).statusCode, 200);
      assert.ok((await walk('/api/v1/articles')).includes('scheduled-one'));
    } finally {
      clock = new Date('2026-03-01T12:00:00Z');
    }
  });

  test('cursor pages cover every article exactly once, in (published_at, id) order, twins included', async () => {
    for (const limit of [1, 2, 3]) {
      const seen = await walk(`/api/v1/articles?limit=${limit}`);
      assert.equal(seen.length, visible.length, `limit ${limit}: ${seen.join(',')}`);
      assert.deepEqual([...seen].sort(), [...visible].sort());
      assert.deepEqual(seen.slice(0, 1), ['b-four']);
      assert.equal(seen[seen.length - 1], 'c-six');
    }
    const byTag = await walk('/api/v1/articles?tag=lada&limit=1');
    assert.deepEqual(byTag.sort(), ['a-one', 'a-two', 'b-five']);
    const byAuthor = await walk('/api/v1/articles?author=ben-ito&limit=2');
    assert.deepEqual(byAuthor.sort(), ['a-three', 'a-two', 'b-four', 'c-seven']);
    const updated = await walk('/api/v1/articles?updated_since=2026-01-01T00:00:00Z&limit=2');
    assert.deepEqual(updated.sort(), [...visible].sort());
    // A cursor of the other order, or a made-up one, is a 400 that says so.
    const page = JSON.parse((await get('/api/v1/articles?limit=1')).body) as { next_cursor: string };
    const wrong = await get(`/api/v1/articles?updated_since=2026-01-01T00:00:00Z&cursor=${page.next_cursor}`);
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual([JSON.parse(wrong.body).error.code, JSON.parse(wrong.body).error.field], ['api_cursor_invalid', 'cursor']);
    assert.equal((await get('/api/v1/articles?cursor=zzz')).statusCode, 400);
    // Tags and authors page by slug.
    const tagPage = JSON.parse((await get('/api/v1/tags?limit=1')).body) as { tags: Item[]; next_cursor: string };
    assert.deepEqual([tagPage.tags.map((t) => t.slug), tagPage.next_cursor], [['ev'], 'ev']);
    const tagPage2 = JSON.parse((await get('/api/v1/tags?limit=1&cursor=ev')).body) as { tags: Item[]; next_cursor: string | null };
    assert.deepEqual([tagPage2.tags.map((t) => t.slug), tagPage2.next_cursor], [['lada'], null]);
  });

  test('filters: rubric, tag, author and updated_since, alone and together; an unknown one is a 404 naming the parameter', async () => {
    assert.deepEqual((await walk('/api/v1/articles?rubric=news')).sort(), ['a-one', 'a-two', 'c-seven', 'c-six']);
    assert.deepEqual((await walk('/api/v1/articles?tag=ev')).sort(), ['a-three', 'a-two', 'c-six']);
    assert.deepEqual((await walk('/api/v1/articles?author=anna-kovacs')).sort(), ['a-one', 'a-three', 'b-five', 'c-six']);
    assert.deepEqual((await walk('/api/v1/articles?rubric=news&tag=ev')).sort(), ['a-two', 'c-six']);
    assert.deepEqual((await walk('/api/v1/articles?author=ben-ito&tag=ev&rubric=tests')).sort(), ['a-three']);
    assert.deepEqual((await walk('/api/v1/articles?author=anna-kovacs&updated_since=2026-01-01T00:00:00Z&tag=lada')).sort(), ['a-one', 'b-five']);

    // A change moves an article to the end of the updated order and inside a later updated_since.
    const articles = articlesRepository(database);
    const changedAt = new Date('2026-02-20T08:00:00Z');
    await articles.save(articleInput({ slug: 'c-six', title: 'Changed', publishedAt: new Date('2026-01-01T10:00:00Z'), rubric: { slug: 'news', name: 'News' }, tags: [{ slug: 'ev', name: 'EV' }], author: 'Anna Kovacs' }), { now: changedAt });
    const since = await walk('/api/v1/articles?updated_since=2026-02-15T00:00:00%2B03:00');
    assert.deepEqual(since, ['c-six']);
    const item = JSON.parse((await get('/api/v1/articles?updated_since=2026-02-15T00:00:00Z')).body).articles[0];
    assert.deepEqual([item.title, item.updated_at], ['Changed', changedAt.toISOString()]);
    const all = await walk('/api/v1/articles?updated_since=2000-01-01T00:00:00Z');
    assert.equal(all[all.length - 1], 'c-six');

    for (const [param, code] of [['rubric=nope', 'no_section'], ['tag=secret-not', 'no_tag'], ['author=nobody', 'no_author']] as const) {
      const res = await get(`/api/v1/articles?${param}`);
      assert.equal(res.statusCode, 404, param);
      assert.deepEqual([JSON.parse(res.body).error.code, JSON.parse(res.body).error.field], [code, param.split('=')[0]]);
    }
    const badDate = await get('/api/v1/articles?updated_since=yesterday');
    assert.deepEqual([badDate.statusCode, JSON.parse(badDate.body).error.field], [400, 'updated_since']);
  });

  test('an item has url, times, summary points, authors, rubric, tags, hero URLs and the body; fields= keeps only what it names', async () => {
    const full = JSON.parse((await get('/api/v1/articles/a-three')).body).article;
    assert.equal(full.url, 'http://paddock.test/news/a-three');
    assert.equal(full.published_at, '2026-02-10T10:00:00.000Z');
    assert.deepEqual(full.rubric, { slug: 'tests', name: 'Tests', url: 'http://paddock.test/rubric/tests' });
    assert.deepEqual(full.authors.map((a: Item) => a.slug), ['anna-kovacs', 'ben-ito']);
    assert.equal(full.authors[0].url, 'http://paddock.test/author/anna-kovacs');
    assert.deepEqual(full.tags.map((t: Item) => t.url), ['http://paddock.test/tag/ev']);
    assert.ok(full.summary.points.length >= 1);
    assert.ok(full.summary.points.every((p: { text: string; start: number; end: number }) => typeof p.text === 'string' && p.end > p.start));
    assert.match(full.html, /hatchback/);
    assert.equal(full.hero, null);

    const trimmed = JSON.parse((await get('/api/v1/articles?fields=slug,title,url&limit=2')).body).articles;
    assert.deepEqual(Object.keys(trimmed[0]).sort(), ['slug', 'title', 'url']);
    const one = JSON.parse((await get('/api/v1/articles/a-one?fields=summary')).body).article;
    assert.deepEqual(Object.keys(one), ['summary']);
    const unknown = await get('/api/v1/articles?fields=slug,password');
    assert.equal(unknown.statusCode, 400);
    assert.equal(JSON.parse(unknown.body).error.code, 'field_choice');
    assert.match(JSON.parse(unknown.body).error.message, /slug, url, title/);
  });

  test('a hero from elsewhere keeps its address; a library hero gives absolute URLs of every copy', async () => {
    const articles = articlesRepository(database);
    await articles.save(articleInput({ slug: 'linked-hero', publishedAt: new Date('2025-12-01T00:00:00Z'), hero: { url: '/static/demo/car.svg', alt: 'A car', credit: 'Press' } }));
    const hero = JSON.parse((await get('/api/v1/articles/linked-hero?fields=hero')).body).article.hero;
    assert.deepEqual(hero, { url: 'http://paddock.test/static/demo/car.svg', alt: 'A car', credit: 'Press', caption: null, width: null, height: null, original_url: null, sources: [] });
    const now = new Date().toISOString();
    const { id } = await database.db
      .insertInto('media')
      .values({ key: 'ab'.repeat(32), source_sha256: 'cd'.repeat(32), format: 'jpeg', source_format: 'jpeg', width: 1000, height: 500, bytes: 1, original_name: 'x.jpg', alt: 'Library alt', credit: 'Lib credit', caption: 'A caption', created_at: now, created_by: null, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await articles.save(articleInput({ slug: 'library-hero', publishedAt: new Date('2025-12-02T00:00:00Z'), hero: { mediaId: Number(id), alt: '', credit: null } }));
    const lib = JSON.parse((await get('/api/v1/articles/library-hero?fields=hero')).body).article.hero;
    const key = 'ab'.repeat(32);
    assert.equal(lib.url, `http://paddock.test/media/${key}/960.jpg`);
    assert.equal(lib.original_url, `http://paddock.test/media/${key}/original.jpg`);
    assert.deepEqual([lib.alt, lib.credit, lib.caption, lib.width, lib.height], ['Library alt', 'Lib credit', 'A caption', 1000, 500]);
    assert.deepEqual(lib.sources.map((s: { type: string }) => s.type), ['image/avif', 'image/webp', 'image/jpeg']);
    assert.equal(lib.sources[0].srcset, `http://paddock.test/media/${key}/320.avif 320w, http://paddock.test/media/${key}/640.avif 640w, http://paddock.test/media/${key}/960.avif 960w, http://paddock.test/media/${key}/1000.avif 1000w`);
  });

  test('CORS: an origin the key lists may read (preflight and answer); another gets no Access-Control-Allow-Origin', async () => {
    const allowed = await get('/api/v1/articles?limit=1', { authorization: `Bearer ${key}`, origin: 'https://app.example' });
    assert.equal(allowed.statusCode, 200);
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example');
    assert.match(String(allowed.headers.vary), /Origin/);
    const denied = await get('/api/v1/articles?limit=1', { authorization: `Bearer ${key}`, origin: 'https://evil.example' });
    assert.equal(denied.headers['access-control-allow-origin'], undefined);
    const otherKey = await get('/api/v1/articles?limit=1', { authorization: `Bearer ${slowKey}`, origin: 'https://app.example' });
    assert.equal(otherKey.headers['access-control-allow-origin'], undefined, 'the origin is on another key, not this one');

    const preflight = (origin: string, url = '/api/v1/articles') =>
      app.inject({ method: 'OPTIONS', url, headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    const ok = await preflight('https://app.example');
    assert.equal(ok.statusCode, 204);
    assert.equal(ok.headers['access-control-allow-origin'], 'https://app.example');
    assert.match(String(ok.headers['access-control-allow-headers']), /Authorization/);
    assert.match(String(ok.headers['access-control-allow-methods']), /GET/);
    const no = await preflight('https://evil.example', '/api/v1/articles/a-one');
    assert.equal(no.statusCode, 204);
    assert.equal(no.headers['access-control-allow-origin'], undefined);
    // With the key in the query the preflight asks that key alone.
    assert.equal((await preflight('https://app.example', `/api/v1/tags?key=${encodeURIComponent(slowKey)}`)).headers['access-control-allow-origin'], undefined);
    assert.equal((await preflight('https://app.example', `/api/v1/tags?key=${encodeURIComponent(key)}`)).headers['access-control-allow-origin'], 'https://app.example');
  });

  test('each key has its own rate limit: past it a 429 with Retry-After, while other keys go on', async () => {
    const limitedKey = (await apiKeysService(database.db).add({ name: 'Three a minute', ratePerMinute: 3 }, 'test')).token;
    const headers = { 'x-paddock-key': limitedKey };
    for (let i = 0; i < 3; i++) assert.equal((await get('/api/v1/rubrics', headers)).statusCode, 200);
    const limited = await get('/api/v1/tags', headers);
    assert.equal(limited.statusCode, 429);
    assert.equal(JSON.parse(limited.body).error.code, 'api_rate_limited');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    assert.equal((await get('/api/v1/rubrics')).statusCode, 200, 'another key is not held back');
  });

  const redisUrl = process.env.PADDOCK_TEST_REDIS_URL;
  test('with REDIS_URL, instances share one count per key', { skip: redisUrl ? false : 'PADDOCK_TEST_REDIS_URL not set' }, async () => {
    const shared = (await apiKeysService(database.db).add({ name: 'Shared', ratePerMinute: 3 }, 'test')).token;
    const env = { REDIS_URL: redisUrl! };
    const [a, b] = [await buildTestApp(database, { now: () => clock, env }), await buildTestApp(database, { now: () => clock, env })];
    try {
      const send = (instance: FastifyInstance) => instance.inject({ url: '/api/v1/rubrics', headers: { 'x-paddock-key': shared } });
      assert.deepEqual([(await send(a)).statusCode, (await send(b)).statusCode, (await send(a)).statusCode], [200, 200, 200]);
      const fourth = await send(b);
      assert.equal(fourth.statusCode, 429);
      assert.ok(Number(fourth.headers['retry-after']) >= 1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('only a hash of a key is stored: the key is in neither the database, the audit log nor the request log', async () => {
    const logged = await buildLoggedTestApp(database, { now: () => clock });
    try {
      const res = await logged.app.inject({ method: 'GET', url: `/api/v1/rubrics?key=${encodeURIComponent(key)}` });
      assert.equal(res.statusCode, 200);
      await logged.app.inject({ method: 'GET', url: '/api/v1/rubrics', headers: { authorization: `Bearer ${key}` } });
      assert.ok(logged.logText().includes('/api/v1/rubrics'), 'requests are logged');
      assert.ok(!logged.logText().includes(key));
    } finally {
      await logged.app.close();
    }
    const rows = await database.db.selectFrom('api_keys').selectAll().execute();
    const audit = await database.db.selectFrom('audit_log').selectAll().execute();
    const dump = JSON.stringify([rows, audit]);
    for (const token of [key, slowKey, revokedKey]) assert.ok(!dump.includes(token) && !dump.includes(token.slice(4)), 'no key in the database');
    const crypto = await import('node:crypto');
    assert.ok(rows.some((r) => r.key_hash === crypto.createHash('sha256').update(key).digest('hex')));
    assert.ok(rows.every((r) => r.prefix.length === 12));
  });
});
