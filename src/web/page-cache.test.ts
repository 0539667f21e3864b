import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { articlesRepository, type ArticlesRepository } from '../articles/repository';
import { buildTestApp } from '../../test/support/app';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';

forEachEngine('page cache', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let repo: ArticlesRepository;
  let clock = new Date('2026-06-01T12:00:00Z');
  before(async () => {
    database = await open();
    repo = articlesRepository(database);
    await repo.save(articleInput({ slug: 'cached', title: 'First title', publishedAt: new Date('2026-05-01T00:00:00Z') }));
    app = await buildTestApp(database, { now: () => clock });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('a saved change shows on the next request, without a restart', async () => {
    const first = await app.inject('/news/cached');
    assert.match(first.body, /First title/);
    await repo.save(articleInput({ slug: 'cached', title: 'Second title', publishedAt: new Date('2026-05-01T00:00:00Z') }));
    const second = await app.inject('/news/cached');
    assert.match(second.body, /Second title/);
    assert.notEqual(second.headers.etag, first.headers.etag);
    const front = await app.inject('/');
    assert.match(front.body, /Second title/);
  });

  test('a scheduled article appears, with its neighbours updated, the moment its time comes', async () => {
    await repo.save(articleInput({ slug: 'later', title: 'Scheduled story', publishedAt: new Date('2026-06-01T12:00:30Z') }));
    const before = await app.inject('/news/cached');
    assert.doesNotMatch(before.body, /Scheduled story/);
    assert.equal((await app.inject('/news/later')).statusCode, 404);
    clock = new Date('2026-06-01T12:00:30Z');
    const afterwards = await app.inject('/news/cached');
    assert.match(afterwards.body, /Next Article<\/span><span class="neighbour-title">Scheduled story/);
    assert.equal((await app.inject('/news/later')).statusCode, 200);
  });

  test('a cached page answers a matching If-None-Match with 304', async () => {
    const page = await app.inject('/');
    const again = await app.inject({ url: '/', headers: { 'if-none-match': page.headers.etag as string } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });
});
