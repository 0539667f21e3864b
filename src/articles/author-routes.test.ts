import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/support/app';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { articlesRepository } from './repository';

forEachEngine('author pages and feeds', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const now = new Date('2026-11-24T12:00:00Z');
  before(async () => {
    database = await open();
    const repo = articlesRepository(database);
    // Anna writes 13 published articles (12 alone, one with Ben), a draft and a scheduled one; Ben one more alone.
    for (let i = 1; i <= 12; i++) {
      await repo.save(articleInput({ slug: `anna-${i}`, title: `Anna story ${i}`, author: 'Anna Kovacs', publishedAt: new Date(Date.UTC(2026, 10, i, 9)) }));
    }
    await repo.save(articleInput({ slug: 'pair', title: 'A pair <b>writes</b>', author: 'Ben Ito and Anna Kovacs', publishedAt: new Date('2026-11-20T09:00:00Z') }));
    await repo.save(articleInput({ slug: 'anna-draft', author: 'Anna Kovacs', status: 'draft', publishedAt: new Date('2026-11-21T09:00:00Z') }));
    await repo.save(articleInput({ slug: 'anna-tomorrow', author: 'Anna Kovacs', publishedAt: new Date('2026-11-25T09:00:00Z') }));
    await repo.save(articleInput({ slug: 'ben-alone', author: 'Ben Ito', publishedAt: new Date('2026-11-22T09:00:00Z') }));
    await database.db.updateTable('authors').set({ bio: 'Writes about <trucks> & "rallies".' }).where('slug', '=', 'anna-kovacs').execute();
    app = await buildTestApp(database, { now: () => now });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const slugsOf = (body: string) => [...body.matchAll(/class="card-title"><a href="\/news\/([^"]+)"/g)].map((m) => m[1]);
  const linkOf = (body: string, rel: 'prev' | 'next') => body.match(new RegExp(`<a href="([^"]+)" rel="${rel}"`))?.[1]?.replace(/&amp;/g, '&');

  test('an author page shows the name, the escaped bio and their published articles, keyset-paged like a tag', async () => {
    const res = await app.inject('/author/anna-kovacs');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>Anna Kovacs<\/h1>/);
    assert.match(res.body, /<p class="author-bio">Writes about &lt;trucks(>|&gt;) &amp; &quot;rallies&quot;\.<\/p>/);
    assert.doesNotMatch(res.body, /<trucks>/);
    assert.match(res.body, /href="\/author\/anna-kovacs\/feed.xml"/);
    const first = slugsOf(res.body);
    assert.deepEqual(first, ['pair', 'anna-12', 'anna-11', 'anna-10', 'anna-9', 'anna-8', 'anna-7', 'anna-6', 'anna-5', 'anna-4']);
    const older = linkOf(res.body, 'next');
    assert.match(older ?? '', /^\/author\/anna-kovacs\?before=\d+-\d+$/);
    const page2 = await app.inject(older!);
    assert.equal(page2.statusCode, 200);
    assert.deepEqual(slugsOf(page2.body), ['anna-3', 'anna-2', 'anna-1']);
    assert.equal(linkOf(page2.body, 'next'), undefined);
    const back = await app.inject(linkOf(page2.body, 'prev')!);
    assert.equal(back.statusCode, 302);
    assert.equal(back.headers.location, '/author/anna-kovacs');
    const numbered = await app.inject('/author/anna-kovacs?page=2');
    assert.equal(numbered.statusCode, 302);
    assert.equal(numbered.headers.location, older);
    // The cards' bylines link their authors too.
    assert.match(res.body, /<p class="card-byline"><a href="\/author\/ben-ito" rel="author">Ben Ito<\/a>, <a href="\/author\/anna-kovacs" rel="author">Anna Kovacs<\/a><\/p>/);
    const ben = await app.inject('/author/ben-ito');
    assert.deepEqual(slugsOf(ben.body), ['ben-alone', 'pair']);
  });

  test("an article's byline links each of its authors in order", async () => {
    const res = await app.inject('/news/pair');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /By <a href="\/author\/ben-ito" rel="author">Ben Ito<\/a>, <a href="\/author\/anna-kovacs" rel="author">Anna Kovacs<\/a>/);
  });

  test("an author's feed lists their visible articles, escaped", async () => {
    const res = await app.inject('/author/anna-kovacs/feed.xml');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /application\/rss\+xml/);
    const links = [...res.body.matchAll(/<item><title>[^<]*<\/title><link>http:\/\/paddock\.test\/news\/([^<]+)<\/link>/g)].map((m) => m[1]);
    assert.equal(links.length, 13);
    assert.deepEqual(links.slice(0, 2), ['pair', 'anna-12']);
    assert.ok(!links.includes('anna-draft') && !links.includes('anna-tomorrow') && !links.includes('ben-alone'));
    assert.match(res.body, /<title>A pair &lt;b&gt;writes&lt;\/b&gt;<\/title>/);
    assert.match(res.body, /<link>http:\/\/paddock\.test\/author\/anna-kovacs<\/link>/);
  });

  test('an unknown author is a 404, page and feed', async () => {
    for (const url of ['/author/nobody', '/author/nobody/feed.xml']) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 404, url);
    }
    assert.match((await app.inject('/author/nobody')).body, /There is no such author\./);
  });
});
