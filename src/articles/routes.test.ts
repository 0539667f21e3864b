import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/support/app';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { articlesRepository } from './repository';

forEachEngine('article pages', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const now = new Date('2026-11-24T12:00:00Z');
  before(async () => {
    database = await open();
    const repo = articlesRepository(database);
    for (let i = 1; i <= 12; i++) {
      await repo.save(
        articleInput({
          slug: `story-${i}`,
          title: `Story number ${i}`,
          publishedAt: new Date(Date.UTC(2026, 10, i, 9)),
          rubric: i % 2 ? { slug: 'news', name: 'news' } : { slug: 'road-tests', name: 'road-tests' },
          tags: i === 3 ? [{ slug: 'kamaz', name: 'KAMAZ' }] : [],
        }),
      );
    }
    await repo.save(articleInput({ slug: 'xss', title: '<script>alert("t")</script> & co', standfirst: '"><img src=x onerror=alert(1)>', publishedAt: new Date('2026-10-01T00:00:00Z') }));
    await repo.save(articleInput({ slug: 'tomorrow', title: 'Scheduled', publishedAt: new Date('2026-11-25T00:00:00Z') }));
    app = await buildTestApp(database, { now: () => now });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const slugsOf = (body: string) => [...body.matchAll(/class="card-title"><a href="\/news\/([^"]+)"/g)].map((m) => m[1]);
  const linkOf = (body: string, rel: 'prev' | 'next') => body.match(new RegExp(`<a href="([^"]+)" rel="${rel}"`))?.[1]?.replace(/&amp;/g, '&');

  test('the front page lists the newest first and pages on with "Older articles" and back with "Newer articles"', async () => {
    const res = await app.inject('/');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /<html lang="en">/);
    const titles = [...res.body.matchAll(/class="card-title"><a href="\/news\/([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(titles.slice(0, 3), ['story-12', 'story-11', 'story-10']);
    assert.equal(titles.length, 10);
    assert.ok(!titles.includes('tomorrow'), 'a scheduled article is not listed before its time');
    assert.equal(linkOf(res.body, 'prev'), undefined, 'the first page has no newer page');
    const older = linkOf(res.body, 'next');
    assert.match(older ?? '', /^\/\?before=\d+-\d+$/);
    const page2 = await app.inject(older!);
    assert.equal(page2.statusCode, 200);
    assert.deepEqual(slugsOf(page2.body), ['story-2', 'story-1', 'xss']);
    assert.equal(linkOf(page2.body, 'next'), undefined, 'the last page has no older page');
    const back = await app.inject(linkOf(page2.body, 'prev')!);
    assert.equal(back.statusCode, 302, 'a newer page that would come up short is the first page');
    assert.equal(back.headers.location, '/');
  });

  test('numbered pages already linked from elsewhere redirect to where that page now begins', async () => {
    const page2 = await app.inject('/?page=2');
    assert.equal(page2.statusCode, 302);
    const moved = await app.inject(page2.headers.location as string);
    assert.deepEqual(slugsOf(moved.body), ['story-2', 'story-1', 'xss']);
    assert.equal((await app.inject('/?page=1')).headers.location, '/');
    assert.equal((await app.inject('/rubric/news?page=1')).headers.location, '/rubric/news');
    assert.equal((await app.inject('/rubric/news?page=2')).statusCode, 404, 'six articles make one page');
  });

  test('bad page numbers and cursors get a clear 400 or a helpful 404, never a 500', async () => {
    const badPages: [string, RegExp][] = [
      ['abc', /“page” must be a whole number\./],
      ['1.5', /“page” must be a whole number\./],
      ['-1', /“page” must be at least 1\./],
      ['0', /“page” must be at least 1\./],
      ['1&page=2', /“page” was given more than once: give it once\./],
    ];
    for (const [bad, message] of badPages) {
      const res = await app.inject(`/?page=${bad}`);
      assert.equal(res.statusCode, 400, bad);
      assert.match(res.body, message, bad);
    }
    const far = await app.inject('/?page=99999');
    assert.equal(far.statusCode, 404);
    assert.match(far.body, /no page 99999 here any more/);
    for (const bad of ['abc', '1-', '-1', '99999999999999999-1', '1.5-2']) {
      const res = await app.inject(`/?before=${bad}`);
      assert.equal(res.statusCode, 400, bad);
      assert.match(res.body, /list link is damaged/);
    }
    const twice = await app.inject('/?before=1-2&before=1-3');
    assert.equal(twice.statusCode, 400);
    assert.match(twice.body, /“before” was given more than once/);
    const long = await app.inject(`/?before=${'9'.repeat(400)}-1`);
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /“before” is too long: at most 60 characters/);
    const both = await app.inject('/?before=1-1&after=1-1');
    assert.equal(both.statusCode, 400);
    assert.match(both.body, /either \?before= or \?after=/);
    const end = await app.inject('/?before=1-1');
    assert.equal(end.statusCode, 404, 'nothing is older than 1970');
    assert.match(end.body, /no older articles here/);
    const future = await app.inject(`/?before=${Date.UTC(2099, 0, 1)}-1`);
    assert.deepEqual(slugsOf(future.body).slice(0, 1), ['story-12'], 'a cursor from the future reads as the top of the list');
  });

  test('the article page shows headline, byline, body and Previous/Next with the neighbours\' titles', async () => {
    const res = await app.inject('/news/story-5');
    assert.equal(res.statusCode, 200);
    assert.equal((res.body.match(/<h1[ >]/g) ?? []).length, 1);
    assert.match(res.body, /<h1>Story number 5<\/h1>/);
    assert.match(res.body, /By <a href="\/author\/test-writer" rel="author">Test Writer<\/a>/);
    assert.match(res.body, /Previous Article<\/span><span class="neighbour-title">Story number 4</);
    assert.match(res.body, /Next Article<\/span><span class="neighbour-title">Story number 6</);
    assert.match(res.body, /No time to read\?/);
    assert.equal((res.body.match(/href="\/news\/story-5\/summary"/g) ?? []).length, 2, 'summary control at top and bottom');
    assert.match(res.headers['content-security-policy'] as string, /script-src 'self'/);
    assert.ok(res.headers.etag);
    const cached = await app.inject({ url: '/news/story-5', headers: { 'if-none-match': res.headers.etag as string } });
    assert.equal(cached.statusCode, 304);
  });

  test('the newest article has no Next link and the oldest no Previous link', async () => {
    const newest = await app.inject('/news/story-12');
    assert.doesNotMatch(newest.body, /Next Article/);
    const oldest = await app.inject('/news/xss');
    assert.doesNotMatch(oldest.body, /Previous Article/);
  });

  test('titles and standfirsts are escaped', async () => {
    const res = await app.inject('/news/xss');
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /<script>alert/);
    assert.doesNotMatch(res.body, /<img src=x/);
    assert.match(res.body, /&lt;script>alert\(&quot;t&quot;\)&lt;\/script> &amp; co/);
  });

  test('unknown and scheduled slugs get the 404 page with a way on', async () => {
    for (const url of ['/news/no-such-story', '/news/tomorrow', '/rubric/nope', '/tag/nope', '/nowhere']) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(res.body, /Page not found/);
      assert.match(res.body, /href="\/news\/story-12"/);
    }
  });

  test('rubric and tag pages list their articles', async () => {
    const rubric = await app.inject('/rubric/road-tests');
    assert.equal(rubric.statusCode, 200);
    assert.match(rubric.body, /<h1>Section: Road tests<\/h1>/);
    assert.match(rubric.body, /story-12/);
    assert.doesNotMatch(rubric.body, /href="\/news\/story-11"/);
    const tag = await app.inject('/tag/kamaz');
    assert.match(tag.body, /<h1>Tag: KAMAZ<\/h1>/);
    assert.deepEqual(slugsOf(tag.body), ['story-3']);
  });

  test('the feed lists visible articles as RSS', async () => {
    const res = await app.inject('/feed.xml');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /rss\+xml/);
    assert.match(res.body, /<link>http:\/\/paddock.test\/news\/story-12<\/link>/);
    assert.doesNotMatch(res.body, /tomorrow/);
    assert.match(res.body, /&lt;script&gt;/);
  });

  test('healthz answers ok', async () => {
    const res = await app.inject('/healthz');
    assert.deepEqual(res.json(), { status: 'ok' });
  });
});

forEachEngine('article pages in Russian', (open) => {
  test('SITE_LANG=ru translates the interface and formats dates for Russian readers', async () => {
    const database = await open();
    try {
      await articlesRepository(database).save(articleInput({ slug: 'ru-1', publishedAt: new Date('2026-03-08T09:00:00Z') }));
      const app = await buildTestApp(database, { env: { SITE_LANG: 'ru', SITE_TIMEZONE: 'Europe/Moscow' } });
      const res = await app.inject('/news/ru-1');
      assert.match(res.body, /<html lang="ru">/);
      assert.match(res.body, /Некогда читать\?/);
      assert.match(res.body, /8 марта 2026/);
      const badPage = await app.inject('/?page=abc');
      assert.equal(badPage.statusCode, 400);
      assert.match(badPage.body, /«page»: нужно целое число\./);
      assert.match(badPage.body, /<title>Неверный запрос/);
      const missing = await app.inject('/news/no-such-story');
      assert.match(missing.body, /По этому адресу нет опубликованной статьи/);
      await app.close();
    } finally {
      await database.close();
    }
  });
});
