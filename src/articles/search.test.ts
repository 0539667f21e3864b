import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/support/app';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { articlesRepository } from './repository';

forEachEngine('article search', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const now = new Date('2026-11-24T12:00:00Z');
  const titles = async (q: string) => {
    const res = await app.inject(`/search?q=${encodeURIComponent(q)}`);
    assert.equal(res.statusCode, 200, q);
    return [...res.body.matchAll(/class="card-title"><a href="\/news\/([^"]+)"/g)].map((m) => m[1]);
  };

  before(async () => {
    database = await open();
    const repo = articlesRepository(database);
    await repo.save(articleInput({ slug: 'kamaz-cars', title: 'KAMAZ plans a passenger-car division', bodyMd: 'The truck maker backs the Moskvich plant. Kama-1 is an electric car.', publishedAt: new Date('2026-11-20T00:00:00Z') }));
    await repo.save(articleInput({ slug: 'vesta-test', title: 'Lada Vesta NG road test', bodyMd: 'The sedan rides well. KAMAZ is not mentioned here at all, except now.', publishedAt: new Date('2026-11-21T00:00:00Z') }));
    await repo.save(articleInput({ slug: 'ru-story', title: 'Электромобиль «Кама-1» прошёл испытания', bodyMd: 'Политех и КАМАЗ показали прототип. Испытания продолжатся зимой.', publishedAt: new Date('2026-11-22T00:00:00Z') }));
    await repo.save(articleInput({ slug: 'draft-kamaz', title: 'KAMAZ draft', status: 'draft' }));
    await repo.save(articleInput({ slug: 'future-kamaz', title: 'KAMAZ scheduled', publishedAt: new Date('2027-01-01T00:00:00Z') }));
    app = await buildTestApp(database, { now: () => now });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('finds visible articles by their words, title matches first; drafts and scheduled ones never', async () => {
    assert.deepEqual(await titles('kamaz'), ['kamaz-cars', 'vesta-test']);
    assert.deepEqual(await titles('moskvich plant'), ['kamaz-cars']);
    assert.deepEqual(await titles('mosk'), ['kamaz-cars'], 'the last word matches as a prefix');
  });

  test('Russian words are found as typed', async () => {
    assert.deepEqual(await titles('прототип'), ['ru-story']);
    assert.deepEqual(await titles('Кама-1'), ['ru-story']);
  });

  test('whatever is typed is a query, never syntax; the page says what happened', async () => {
    for (const q of ['"', 'AND OR NOT', '*', "'; drop table articles; --", 'a:b & | !', '']) {
      const res = await app.inject(`/search?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200, q);
    }
    const none = await app.inject('/search?q=zeppelin');
    assert.match(none.body, /No article matches “zeppelin”/);
    const escaped = await app.inject(`/search?q=${encodeURIComponent('<script>x</script>')}`);
    assert.doesNotMatch(escaped.body, /<script>x/);
    assert.equal((await app.inject('/search?q=kamaz&page=abc')).statusCode, 400);
  });
});
