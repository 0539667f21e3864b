import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/support/app';
import { articleInput } from '../../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines';
import { articlesRepository } from '../repository';
import { relatedArticlesObserver } from './observer';

const HOUR = 3_600_000;
const start = Date.UTC(2026, 10, 1, 9);

forEachEngine('"Read next" on the article page', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let appRu: FastifyInstance;
  let save: (slug: string, hours: number, over?: Parameters<typeof articleInput>[0]) => Promise<unknown>;
  const now = new Date(start + 100 * HOUR);

  before(async () => {
    database = await open();
    const repo = articlesRepository(database, { observers: [relatedArticlesObserver(database.db)] });
    save = (slug, hours, over = {}) =>
      repo.save(articleInput({ slug, title: `KAMAZ truck story ${slug}`, rubric: { slug: 'industry', name: 'industry' }, tags: [{ slug: 'kamaz', name: 'KAMAZ' }], publishedAt: new Date(start + hours * HOUR), ...over }));
    // Every one is related to the target; the nearest in time (among them its previous and next) rank first.
    await save('unrelated', 0.5, { title: 'Weather', rubric: { slug: 'lifestyle', name: 'lifestyle' }, tags: [{ slug: 'weather', name: 'weather' }] });
    for (let i = 1; i <= 12; i++) await save(`a-${i}`, i);
    await save('target', 6.5);
    app = await buildTestApp(database, { now: () => now });
    appRu = await buildTestApp(database, { now: () => now, env: { SITE_LANG: 'ru' } });
  });
  after(async () => {
    await app.close();
    await appRu.close();
    await database.close();
  });

  const section = (body: string) => body.match(/<section class="read-next"[\s\S]*?<\/section>/)?.[0] ?? '';
  const slugs = (html: string) => [...html.matchAll(/class="card-title"><a href="\/news\/([^"]+)"/g)].map((m) => m[1]);

  test('the page shows four related articles under "Read next", without its previous and next; drafts and scheduled ones are skipped', async () => {
    const res = await app.inject('/news/target');
    assert.equal(res.statusCode, 200);
    const block = section(res.body);
    assert.match(block, /<h2 id="read-next-heading">Read next<\/h2>/);
    assert.match(block, /<h3 class="card-title">/, 'cards with third-level headings under the block heading');
    assert.match(res.body, /href="\/news\/a-6" rel="prev"/);
    assert.match(res.body, /href="\/news\/a-7" rel="next"/);
    assert.deepEqual(slugs(block), ['a-8', 'a-5', 'a-9', 'a-4'], 'the six stored are a-7, a-6, a-8, a-5, a-9, a-4; the neighbours are dropped');
    assert.ok(res.body.indexOf('class="read-next"') > res.body.indexOf('class="article-body"'), 'after the article body');
    assert.ok(res.body.indexOf('class="read-next"') < res.body.indexOf('class="neighbours"'), 'before previous/next');

    // Saved after the target's list was computed: a-5 becomes a draft, a-9 is moved into the future.
    await save('a-5', 5, { status: 'draft' });
    assert.deepEqual(slugs(section((await app.inject('/news/target')).body)), ['a-8', 'a-9', 'a-4']);
    await save('a-9', 200);
    assert.deepEqual(slugs(section((await app.inject('/news/target')).body)), ['a-8', 'a-4']);
  });

  test('in Russian the heading is «Читайте также»; an article with nothing related has no block', async () => {
    const res = await appRu.inject('/news/target');
    assert.match(section(res.body), /Читайте также/);
    const alone = await app.inject('/news/unrelated');
    assert.equal(alone.statusCode, 200);
    assert.doesNotMatch(alone.body, /read-next/);
  });
});
