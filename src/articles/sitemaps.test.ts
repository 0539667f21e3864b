import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parseDocument } from 'htmlparser2';
import { buildTestApp } from '../../test/support/app';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { articlesRepository } from './repository';
import { SITEMAP_SPAN } from './sitemaps';

type Node = { type?: string; name?: string; children?: Node[]; data?: string; attribs?: Record<string, string> };
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The sitemap as the protocol sees it: its root element, and each entry's child elements by name. */
function readSitemap(xml: string) {
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
  const doc = parseDocument(xml, { xmlMode: true }) as unknown as Node;
  const root = doc.children!.find((c) => c.type === 'tag')!;
  const text = (n: Node): string => (n.children ?? []).map((c) => c.data ?? text(c)).join('');
  const entries = (root.children ?? []).filter((c) => c.type === 'tag').map((e) => Object.fromEntries((e.children ?? []).filter((c) => c.type === 'tag').map((c) => [c.name, text(c)])));
  return { root: root.name, xmlns: root.attribs?.xmlns, entries, raw: xml };
}

forEachEngine('sitemaps and robots.txt', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const now = new Date('2026-11-24T12:00:00Z');
  const get = async (url: string) => {
    const res = await app.inject(url);
    assert.equal(res.statusCode, 200, url);
    assert.match(res.headers['content-type'] as string, /^application\/xml/);
    return readSitemap(res.body);
  };

  before(async () => {
    database = await open();
    const repo = articlesRepository(database);
    await repo.save(articleInput({ slug: 'old-story', title: 'Old & <new>', tags: [{ slug: 'kamaz', name: 'KAMAZ' }], publishedAt: new Date('2025-05-01T10:00:00Z') }));
    await repo.save(articleInput({ slug: 'fresh-story', title: 'Fresh «news»', publishedAt: new Date('2026-11-24T08:00:00Z') }));
    await repo.save(articleInput({ slug: 'draft-story', status: 'draft', tags: [{ slug: 'only-draft', name: 'only draft' }] }));
    await repo.save(articleInput({ slug: 'future-story', publishedAt: new Date('2026-12-24T08:00:00Z') }));
    // An article whose id falls in the second range: the sitemap files follow id ranges.
    const at = '2026-11-01T00:00:00.000Z';
    const id = SITEMAP_SPAN + 7;
    await database.db
      .insertInto('articles')
      .values({ id, slug: 'far-story', title: 'Far', standfirst: '', author: '', rubric_slug: null, hero_url: null, hero_alt: null, hero_credit: null, status: 'published', published_at: at, created_at: at, updated_at: at, revision: 1, summary_edited: 0 })
      .execute();
    await database.db.insertInto('article_bodies').values({ article_id: id, body_md: 'x', body_html: 'x', plain_text: 'x', summary_json: null }).execute();
    app = await buildTestApp(database, { now: () => now });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('robots.txt names the sitemaps and keeps crawlers out of the admin', async () => {
    const res = await app.inject('/robots.txt');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /^User-agent: \*$/m);
    assert.match(res.body, /^Disallow: \/admin$/m);
    assert.match(res.body, /^Sitemap: http:\/\/paddock\.test\/sitemap\.xml$/m);
    assert.match(res.body, /^Sitemap: http:\/\/paddock\.test\/sitemap-news\.xml$/m);
  });

  test('the index lists every child sitemap by absolute URL, and each child follows the protocol', async () => {
    const index = await get('/sitemap.xml');
    assert.equal(index.root, 'sitemapindex');
    assert.equal(index.xmlns, 'http://www.sitemaps.org/schemas/sitemap/0.9');
    const locs = index.entries.map((e) => e.loc!);
    assert.deepEqual(locs, [
      'http://paddock.test/sitemap-sections.xml',
      'http://paddock.test/sitemap-news.xml',
      'http://paddock.test/sitemap-articles-1.xml',
      'http://paddock.test/sitemap-articles-2.xml',
      'http://paddock.test/sitemap-tags-1.xml',
      'http://paddock.test/sitemap-authors-1.xml',
    ]);
    const urls: string[] = [];
    for (const loc of locs) {
      const child = await get(new URL(loc).pathname);
      assert.equal(child.root, 'urlset');
      assert.ok(child.entries.length <= 50_000, 'at most 50,000 URLs a file');
      for (const e of child.entries) {
        assert.match(e.loc!, /^http:\/\/paddock\.test\//, 'absolute URLs on the site');
        if (e.lastmod !== undefined) assert.match(e.lastmod, W3C_DATETIME);
        urls.push(e.loc!);
      }
    }
    assert.ok(urls.includes('http://paddock.test/news/old-story'));
    assert.ok(urls.includes('http://paddock.test/news/far-story'));
    assert.ok(urls.includes('http://paddock.test/tag/kamaz'));
    assert.ok(urls.includes('http://paddock.test/rubric/news'));
    for (const hidden of ['draft-story', 'future-story', 'only-draft']) assert.ok(!urls.some((u) => u.includes(hidden)), `${hidden} is not public`);
    assert.deepEqual((await get('/sitemap-articles-2.xml')).entries.map((e) => e.loc), ['http://paddock.test/news/far-story']);
  });

  test('the news sitemap has the last 48 hours, with publication, date and escaped title', async () => {
    const news = await get('/sitemap-news.xml');
    assert.match(news.raw, /xmlns:news="http:\/\/www\.google\.com\/schemas\/sitemap-news\/0\.9"/);
    assert.deepEqual(news.entries.map((e) => e.loc), ['http://paddock.test/news/fresh-story']);
    assert.match(news.raw, /<news:publication><news:name>Paddock<\/news:name><news:language>en<\/news:language><\/news:publication>/);
    assert.match(news.raw, /<news:publication_date>2026-11-24T08:00:00.000Z<\/news:publication_date>/);
    assert.match(news.raw, /<news:title>Fresh «news»<\/news:title>/);
    assert.match((await get('/sitemap-articles-1.xml')).raw, /<loc>http:\/\/paddock\.test\/news\/old-story<\/loc>/);
  });

  test('a sitemap past the last, or a malformed number, is a 404', async () => {
    for (const url of ['/sitemap-articles-3.xml', '/sitemap-articles-0.xml', '/sitemap-tags-2.xml', '/sitemap-articles-x.xml', `/sitemap-articles-${'9'.repeat(30)}.xml`]) {
      assert.equal((await app.inject(url)).statusCode, 404, url);
    }
  });
});
