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
    await repo.save(articleInput({ slug: 'engine-story', title: 'A quiet engine', bodyMd: 'The engine is quiet at idle and pulls hard.', publishedAt: new Date('2026-11-10T00:00:00Z') }));
    await repo.save(articleInput({ slug: 'ru-engine', title: 'Новый двигатель', bodyMd: 'Двигатель собран в Набережных Челнах. Испытания двигателей идут.', publishedAt: new Date('2026-11-11T00:00:00Z') }));
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

  test('words are found in any form, in English and Russian, with the matching words marked in a snippet', async () => {
    assert.deepEqual(await titles('engines'), ['engine-story']);
    assert.deepEqual(await titles('двигателя'), ['ru-engine']);
    assert.deepEqual(await titles('ДВИГАТЕЛЕМ'), ['ru-engine']);
    const page = await app.inject('/search?q=engines');
    assert.match(page.body, /<p class="card-snippet">The <mark>engine<\/mark> is quiet/);
    const ru = await app.inject(`/search?q=${encodeURIComponent('двигателя')}`);
    assert.match(ru.body, /<mark>Двигатель<\/mark> собран .* <mark>двигателей<\/mark> идут/);
  });

  test('whatever is typed is a query, never syntax; the page says what happened', async () => {
    const long = 'engine '.repeat(1500);
    for (const q of ['"', 'AND OR NOT', '*', "'; drop table articles; --", 'a:b & | !', '', '...!!!???', '汽车 発動機', 'NEAR(a b)', '^engine', '"engine', long]) {
      const res = await app.inject(`/search?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200, q);
    }
    const none = await app.inject('/search?q=zeppelin');
    assert.match(none.body, /No article matches “zeppelin”/);
    assert.match(none.body, /Check the spelling/, 'a way on: tips, sections and the latest articles');
    assert.match(none.body, /Latest articles/);
    assert.equal((await app.inject('/search?q=kamaz&page=99')).statusCode, 404);
    assert.equal((await app.inject('/search?q=kamaz&q=moskvich')).statusCode, 200, 'a repeated parameter is not an error');
    const escaped = await app.inject(`/search?q=${encodeURIComponent('<script>x</script>')}`);
    assert.doesNotMatch(escaped.body, /<script>x/);
    assert.equal((await app.inject('/search?q=kamaz&page=abc')).statusCode, 400);
  });
});

test('a snippet is the passage around the first match, every matching form marked', async () => {
  const { snippetOf } = await import('./search');
  const { parseSearchQuery } = await import('../db/search-analyzer');
  const filler = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
  const text = `${filler} The new engines are quiet. One engine is a V8. ${filler}`;
  const parts = snippetOf(text, parseSearchQuery('Engine'));
  assert.deepEqual(parts.filter((p) => p.hit).map((p) => p.text), ['engines', 'engine']);
  assert.equal(parts[0]?.text, '… ', 'the passage starts inside the text');
  assert.equal(parts[parts.length - 1]?.text, ' …', 'and ends before its end');
  const joined = parts.map((p) => p.text).join('');
  assert.ok(joined.split(' ').length <= 36, joined);
  assert.match(joined, /^… w30 w31 w32 w33 w34 w35 w36 w37 w38 w39 The new engines/, 'twelve words lead up to the match');
  assert.deepEqual(snippetOf('Двигатель и двигателя.', parseSearchQuery('двигателю')).filter((p) => p.hit).map((p) => p.text), ['Двигатель', 'двигателя']);
  // Matched on the title only: the text's opening, nothing marked.
  assert.deepEqual(snippetOf('Nothing relevant here.', parseSearchQuery('zeppelin')), [{ text: 'Nothing relevant here.', hit: false }]);
});
