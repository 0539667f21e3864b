import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/support/app';
import { articleInput } from '../../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines';
import { Refusal } from '../../errors';
import { importPaths } from '../import/import-run';
import { articlesRepository } from '../repository';
import { composeBody } from '../compose';
import { normalisePath } from './paths';
import { redirectsRepository } from './repository';
import { redirectsService } from './service';

const WXR = path.resolve(import.meta.dirname, '../../../test/support/fixtures/wordpress-6.xml');
const refusedWith = (code: string) => (error: unknown) => error instanceof Refusal && error.code === code;

test('paths are spelled one way: no host, query, fragment or trailing slash; escapes decoded except /', () => {
  assert.equal(normalisePath('https://old.example/2024/03/05/post/?utm=x#top'), '/2024/03/05/post');
  assert.equal(normalisePath('/'), '/');
  assert.equal(normalisePath('//a///b/'), '/a/b');
  assert.equal(normalisePath('/%d1%82%d0%b5%d1%81%d1%82/'), '/тест');
  assert.equal(normalisePath('/a%2fb'), '/a%2Fb');
  assert.throws(() => normalisePath('old-post'), refusedWith('redirect_path'));
  assert.throws(() => normalisePath('/bad%zz'), refusedWith('redirect_path'));
});

forEachEngine('redirects', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const now = new Date('2026-11-24T12:00:00Z');
  before(async () => {
    database = await open();
    const repo = articlesRepository(database);
    await repo.save(articleInput({ slug: 'still-here', title: 'A page that exists', publishedAt: new Date('2026-11-01T09:00:00Z') }));
    await importPaths([WXR], { repo, db: database.db, timeZone: 'Europe/Moscow' });
    app = await buildTestApp(database, { now: () => now });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('a stored redirect answers 301 with Location, keeps the query string, and answers HEAD too', async () => {
    await redirectsService(database.db).add({ from: '/old/story/', to: '/news/still-here' }, 'cli');
    const res = await app.inject('/old/story?utm_source=mail&x=1');
    assert.equal(res.statusCode, 301);
    assert.equal(res.headers.location, '/news/still-here?utm_source=mail&x=1');
    const head = await app.inject({ method: 'HEAD', url: '/old/story/' });
    assert.equal(head.statusCode, 301);
    assert.equal(head.headers.location, '/news/still-here');
    assert.equal((await app.inject({ method: 'POST', url: '/old/story' })).statusCode, 404, 'only reads are redirected');
  });

  test('a 302 stays a 302', async () => {
    await redirectsService(database.db).add({ from: '/promo', to: 'https://partner.example/offer', status: 302 }, 'cli');
    const res = await app.inject('/promo');
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, 'https://partner.example/offer');
  });

  test('a page that exists is never shadowed by a redirect from its address', async () => {
    await redirectsService(database.db).add({ from: '/news/still-here', to: '/news/lada-vesta-road-test' }, 'cli');
    const res = await app.inject('/news/still-here');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /A page that exists/);
    await redirectsService(database.db).remove('/news/still-here', 'cli');
  });

  test("an imported WordPress post's old permalink answers 301 to the article, Cyrillic ones too", async () => {
    const res = await app.inject('/2024/03/05/lada-vesta-road-test/');
    assert.equal(res.statusCode, 301);
    assert.equal(res.headers.location, '/news/lada-vesta-road-test');
    assert.equal((await app.inject(res.headers.location)).statusCode, 200);
    const cyrillic = await app.inject('/2024/03/10/%d1%82%d0%b5%d1%81%d1%82-%d0%b4%d1%80%d0%b0%d0%b9%d0%b2-%d0%bb%d0%b0%d0%b4%d0%b0-%d0%b2%d0%b5%d1%81%d1%82%d0%b0/');
    assert.equal(cyrillic.statusCode, 301);
    assert.equal((await app.inject(cyrillic.headers.location as string)).statusCode, 200);
    assert.equal((await app.inject('/2024/03/05/no-such-post/')).statusCode, 404, 'an unknown address is still a 404');
    const byId = await app.inject('/?p=101');
    assert.equal(byId.statusCode, 301, "WordPress's /?p=ID address");
    assert.equal(byId.headers.location, '/news/lada-vesta-road-test');
    const head = await app.inject({ method: 'HEAD', url: '/?p=101' });
    assert.equal(head.statusCode, 301);
    assert.equal((await app.inject('/?p=999999')).statusCode, 200, 'an unknown id is just the front page');
  });

  test("an imported WordPress site's category, tag and author addresses answer 301 to their pages here", async () => {
    for (const [old, here] of [
      ['/category/news/motor-shows/', '/rubric/motor-shows'],
      ['/category/%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8/', '/rubric/novosti'],
      ['/author/kim-ortizpitlane-example/', '/author/kim-ortiz'],
    ]) {
      const res = await app.inject(old!);
      assert.equal(res.statusCode, 301, old);
      assert.equal(res.headers.location, here, old);
      assert.equal((await app.inject(here!)).statusCode, 200, here);
    }
    assert.equal((await app.inject('/tag/lada/')).statusCode, 200, 'the same address here is the page itself');
    assert.equal((await app.inject('/author/mhale/')).statusCode, 200);
  });

  test('a slug changed by an import update leaves a working redirect from the old address, and the old permalink follows', async () => {
    const repo = articlesRepository(database);
    const vesta = (await repo.findBySlug('lada-vesta-road-test'))!;
    const input = { ...articleInput({ slug: 'lada-vesta-long-test', title: vesta.title, publishedAt: new Date(vesta.publishedAt) }), origin: { source: 'wp:https://pitlane.example', id: '101', url: 'https://pitlane.example/2024/03/05/lada-vesta-road-test/' } };
    await repo.importBatch([{ input, composed: composeBody(input.bodyMd, input.title, input.standfirst) }]);
    const old = await app.inject('/news/lada-vesta-road-test?from=feed');
    assert.equal(old.statusCode, 301);
    assert.equal(old.headers.location, '/news/lada-vesta-long-test?from=feed');
    const permalink = await app.inject('/2024/03/05/lada-vesta-road-test/');
    assert.equal(permalink.headers.location, '/news/lada-vesta-long-test', 'one hop, not a chain');
    assert.equal((await app.inject('/?p=101')).headers.location, '/news/lada-vesta-long-test');
    assert.equal((await app.inject('/news/lada-vesta-long-test')).statusCode, 200);
  });

  test('a redirect to itself and loops are refused; chains are collapsed both ways', async () => {
    const service = redirectsService(database.db);
    const redirects = redirectsRepository(database.db);
    await assert.rejects(service.add({ from: '/same/', to: '/same' }, 'cli'), refusedWith('redirect_self'));
    await service.add({ from: '/a', to: '/b' }, 'cli');
    await service.add({ from: '/b', to: '/c' }, 'cli');
    assert.equal((await redirects.find('/a'))?.to, '/c', 'adding B→C rewrote A→B');
    await service.add({ from: '/z', to: '/a' }, 'cli');
    assert.equal((await redirects.find('/z'))?.to, '/c', 'adding Z→A where A→C stored Z→C');
    await assert.rejects(service.add({ from: '/c', to: '/a' }, 'cli'), refusedWith('redirect_loop'));
    await assert.rejects(service.add({ from: '/c', to: '/z' }, 'cli'), refusedWith('redirect_loop'));
    await assert.rejects(service.add({ from: '/x', to: '/y', status: 307 }, 'cli'), refusedWith('redirect_status'));
    assert.equal(await redirects.find('/x'), null, 'nothing half-stored');
    assert.equal((await app.inject('/a')).headers.location, '/c');
  });
});
