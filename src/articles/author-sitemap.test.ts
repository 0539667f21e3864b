import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/support/app';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { articlesRepository } from './repository';

forEachEngine('author sitemap', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const now = new Date('2026-11-24T12:00:00Z');

  before(async () => {
    database = await open();
    const repo = articlesRepository(database);
    await repo.save(articleInput({ slug: 'by-two', author: 'Anna Kovacs and Ben Ito', publishedAt: new Date('2026-10-01T10:00:00Z') }));
    await repo.save(articleInput({ slug: 'drafted', author: 'Chloé Marr', status: 'draft' }));
    await repo.save(articleInput({ slug: 'later', author: 'Dan Future', publishedAt: new Date('2026-12-24T08:00:00Z') }));
    app = await buildTestApp(database, { now: () => now });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('the index names the author sitemap; it lists the authors with a published article, by address', async () => {
    const index = await app.inject('/sitemap.xml');
    assert.match(index.body, /<loc>http:\/\/paddock\.test\/sitemap-authors-1\.xml<\/loc>/);
    const res = await app.inject('/sitemap-authors-1.xml');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^application\/xml/);
    const locs = [...res.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    assert.deepEqual(locs, ['http://paddock.test/author/anna-kovacs', 'http://paddock.test/author/ben-ito'], 'not an author of drafts or of articles not yet out');
    for (const url of ['/author/anna-kovacs', '/author/ben-ito']) assert.equal((await app.inject(url)).statusCode, 200, url);
  });

  test('an author sitemap past the last is a 404', async () => {
    assert.equal((await app.inject('/sitemap-authors-2.xml')).statusCode, 404);
    assert.equal((await app.inject('/sitemap-authors-0.xml')).statusCode, 404);
  });
});
