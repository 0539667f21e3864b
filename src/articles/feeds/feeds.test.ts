import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/support/app';
import { articleInput } from '../../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines';
import { addImage, testLibrary } from '../../../test/support/media';
import { child, childrenNamed, parseXml, type XmlElement } from '../../../test/support/xml';
import type { MediaItem } from '../../media/model';
import { articlesRepository } from '../repository';

const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const NAMESPACES = {
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
  'xmlns:media': 'http://search.yahoo.com/mrss/',
};
const TRICKY_TITLE = 'Fast & <furious> ]]> finale';

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html: string;
  summary?: string;
  image?: string;
  date_published: string;
  date_modified: string;
  authors: Array<{ name: string; url?: string }>;
  tags: string[];
  language: string;
}

/** Every address an attribute holds (href, src and each srcset candidate). */
function addressesIn(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/\s(href|src|srcset)="([^"]*)"/g)) {
    if (m[1] === 'srcset') out.push(...m[2]!.split(',').map((c) => c.trim().split(/\s+/)[0]!));
    else out.push(m[2]!);
  }
  return out.map((a) => a.replace(/&amp;/g, '&'));
}

const rssItems = (root: XmlElement) => childrenNamed(child(root, 'channel'), 'item');
const rssLinks = (root: XmlElement) => rssItems(root).map((i) => child(i, 'link').text.replace('http://paddock.test/news/', ''));

forEachEngine('feeds (RSS with full text, JSON Feed, Yandex)', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let picture: MediaItem;
  const now = new Date('2026-03-01T12:00:00Z');

  before(async () => {
    database = await open();
    picture = await addImage(testLibrary(database), { width: 1200, height: 800, alt: 'A grey truck at the plant', credit: 'KAMAZ press office' });
    const repo = articlesRepository(database);
    await repo.save(
      articleInput({
        slug: 'tricky',
        title: TRICKY_TITLE,
        standfirst: 'Standfirst with "quotes" & ampersands.',
        bodyMd:
          'The truck goes on sale in spring, says [our review](/news/other-story) and [the notes](#notes). It comes with a larger cab.\n\n' +
          `![A truck in the yard](/static/demo/truck.jpg)\n\n![The cab](/media/${picture.key}/original.jpg)\n\nDeliveries begin in May. Prices are not yet known.`,
        author: 'Anna Kovacs',
        rubric: { slug: 'road-tests', name: 'Road tests' },
        tags: [{ slug: 'kamaz', name: 'KAMAZ' }, { slug: 'trucks', name: 'trucks' }],
        hero: { mediaId: picture.id, alt: '', credit: null },
        publishedAt: new Date('2026-02-20T09:00:00Z'),
      }),
    );
    await repo.save(
      articleInput({ slug: 'news-item', title: 'Lada prices rise', author: 'Ben Ito', rubric: { slug: 'news', name: 'News' }, tags: [{ slug: 'lada', name: 'Lada' }], hero: { url: '/static/demo/lada.png', alt: 'A Lada', credit: null }, publishedAt: new Date('2026-02-25T09:00:00Z') }),
    );
    await repo.save(articleInput({ slug: 'ev-story', title: 'Charging grows', author: 'Ben Ito and Anna Kovacs', rubric: { slug: 'electric-cars', name: 'Electric cars' }, tags: [{ slug: 'ev', name: 'EV' }], publishedAt: new Date('2026-02-10T09:00:00Z') }));
    await repo.save(articleInput({ slug: 'a-draft', title: 'Draft', author: 'Anna Kovacs', rubric: { slug: 'road-tests', name: 'Road tests' }, tags: [{ slug: 'kamaz', name: 'KAMAZ' }], status: 'draft', publishedAt: new Date('2026-02-26T09:00:00Z') }));
    await repo.save(articleInput({ slug: 'scheduled', title: 'Tomorrow', author: 'Anna Kovacs', rubric: { slug: 'road-tests', name: 'Road tests' }, tags: [{ slug: 'kamaz', name: 'KAMAZ' }], publishedAt: new Date('2026-03-02T09:00:00Z') }));
    app = await buildTestApp(database, { now: () => now });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('the site RSS is well-formed RSS 2.0 with its namespaces, channel and item elements, RFC 822 dates, full text, creators and categories', async () => {
    const res = await app.inject('/feed.xml');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/rss+xml; charset=utf-8');
    const root = parseXml(res.body);
    assert.equal(root.name, 'rss');
    assert.equal(root.attrs.version, '2.0');
    for (const [name, uri] of Object.entries(NAMESPACES)) assert.equal(root.attrs[name], uri, name);
    const channel = child(root, 'channel');
    assert.equal(child(channel, 'title').text, 'Paddock');
    assert.equal(child(channel, 'link').text, 'http://paddock.test/');
    assert.ok(child(channel, 'description').text.length > 0);
    assert.equal(child(channel, 'language').text, 'en');
    assert.match(child(channel, 'lastBuildDate').text, RFC822);
    assert.deepEqual(child(channel, 'atom:link').attrs, { href: 'http://paddock.test/feed.xml', rel: 'self', type: 'application/rss+xml' });

    assert.deepEqual(rssLinks(root), ['news-item', 'tricky', 'ev-story'], 'newest first; the draft and the scheduled article are not there');
    for (const item of rssItems(root)) {
      const link = child(item, 'link').text;
      assert.equal(child(item, 'guid').text, link);
      assert.equal(child(item, 'guid').attrs.isPermaLink, 'true');
      assert.match(child(item, 'pubDate').text, RFC822);
      assert.ok(child(item, 'content:encoded').text.length > 0);
    }
    const tricky = rssItems(root)[1]!;
    assert.equal(new Date(child(tricky, 'pubDate').text).toISOString(), '2026-02-20T09:00:00.000Z');
    assert.deepEqual(childrenNamed(tricky, 'dc:creator').map((c) => c.text), ['Anna Kovacs']);
    assert.deepEqual(
      childrenNamed(tricky, 'category').map((c) => [c.text, c.attrs.domain]),
      [['Road tests', 'http://paddock.test/rubric/road-tests'], ['KAMAZ', 'http://paddock.test/tag/kamaz'], ['trucks', 'http://paddock.test/tag/trucks']],
    );
    const ev = rssItems(root)[2]!;
    assert.deepEqual(childrenNamed(ev, 'dc:creator').map((c) => c.text), ['Ben Ito', 'Anna Kovacs'], 'one dc:creator per author, in byline order');
  });

  test("the hero is an enclosure with the library original's size and a media:content with its dimensions; a linked hero's length is 0", async () => {
    const root = parseXml((await app.inject('/feed.xml')).body);
    const [news, tricky, ev] = rssItems(root);
    const original = `http://paddock.test/media/${picture.key}/original.jpg`;
    assert.deepEqual(child(tricky!, 'enclosure').attrs, { url: original, length: String(picture.bytes), type: 'image/jpeg' });
    assert.ok(picture.bytes > 0);
    const media = child(tricky!, 'media:content');
    assert.deepEqual(media.attrs, { url: original, medium: 'image', type: 'image/jpeg', fileSize: String(picture.bytes), width: '1200', height: '800' });
    assert.equal(child(media, 'media:description').text, 'A grey truck at the plant');
    assert.equal(child(media, 'media:credit').text, 'KAMAZ press office');
    assert.deepEqual(child(news!, 'enclosure').attrs, { url: 'http://paddock.test/static/demo/lada.png', length: '0', type: 'image/png' });
    assert.equal(child(news!, 'media:content').attrs.medium, 'image');
    assert.equal(childrenNamed(ev!, 'enclosure').length, 0, 'no hero, no enclosure');
  });

  test('every address in the full text is absolute, srcset candidates included', async () => {
    const root = parseXml((await app.inject('/feed.xml')).body);
    const html = child(rssItems(root)[1]!, 'content:encoded').text;
    const addresses = addressesIn(html);
    assert.ok(addresses.length >= 5, `links, images and srcset candidates: ${addresses.join(' ')}`);
    for (const address of addresses) assert.match(address, /^https?:\/\//, address);
    assert.ok(addresses.includes('http://paddock.test/news/other-story'));
    assert.ok(addresses.includes('http://paddock.test/news/tricky#notes'), 'a fragment points into the article itself');
    assert.ok(addresses.includes('http://paddock.test/static/demo/truck.jpg'));
    assert.ok(addresses.some((a) => a.startsWith(`http://paddock.test/media/${picture.key}/`)), 'the library image in the body');
    assert.match(html, /srcset="http:\/\/paddock\.test\/media\/[0-9a-f]{64}\/\d+\.avif \d+w, http:\/\/paddock\.test\//);
  });

  test('a title with & < and ]]> is escaped and reads back as written', async () => {
    const res = await app.inject('/feed.xml');
    assert.ok(res.body.includes('<title>Fast &amp; &lt;furious&gt; ]]&gt; finale</title>'));
    const root = parseXml(res.body);
    assert.equal(child(rssItems(root)[1]!, 'title').text, TRICKY_TITLE);
    assert.equal(child(rssItems(root)[1]!, 'description').text, 'Standfirst with "quotes" & ampersands.');
    const json = (await app.inject('/feed.json')).json() as { items: JsonFeedItem[] };
    assert.equal(json.items[1]!.title, TRICKY_TITLE);
  });

  test('JSON Feed 1.1 beside it: the required fields with their types, absolute content, authors and tags', async () => {
    const res = await app.inject('/feed.json');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/feed+json; charset=utf-8');
    const feed = res.json() as Record<string, unknown> & { items: JsonFeedItem[] };
    assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(feed.title, 'Paddock');
    assert.equal(feed.home_page_url, 'http://paddock.test/');
    assert.equal(feed.feed_url, 'http://paddock.test/feed.json');
    assert.equal(feed.language, 'en');
    assert.ok(Array.isArray(feed.items));
    assert.deepEqual(feed.items.map((i) => i.url), ['http://paddock.test/news/news-item', 'http://paddock.test/news/tricky', 'http://paddock.test/news/ev-story']);
    for (const item of feed.items) {
      assert.equal(typeof item.id, 'string');
      assert.ok(item.id.length > 0);
      assert.equal(typeof item.title, 'string');
      assert.equal(typeof item.content_html, 'string');
      assert.match(item.date_published, RFC3339);
      assert.match(item.date_modified, RFC3339);
      assert.ok(item.date_modified >= item.date_published);
      assert.ok(Array.isArray(item.authors) && item.authors.every((a) => typeof a.name === 'string'));
      assert.ok(Array.isArray(item.tags) && item.tags.every((t) => typeof t === 'string'));
      assert.equal(item.language, 'en');
      for (const address of addressesIn(item.content_html)) assert.match(address, /^https?:\/\//, address);
    }
    const tricky = feed.items[1]!;
    assert.equal(tricky.summary, 'Standfirst with "quotes" & ampersands.');
    assert.equal(tricky.image, `http://paddock.test/media/${picture.key}/original.jpg`);
    assert.equal(tricky.date_published, '2026-02-20T09:00:00.000Z');
    assert.deepEqual(tricky.authors, [{ name: 'Anna Kovacs', url: 'http://paddock.test/author/anna-kovacs' }]);
    assert.deepEqual(tricky.tags, ['Road tests', 'KAMAZ', 'trucks']);
    assert.equal(new Set(feed.items.map((i) => i.id)).size, 3, 'ids are unique');
  });

  test('rubric, tag and author feeds hold only their own visible articles, in both formats; unknown ones are 404', async () => {
    const cases: Array<[string, string[]]> = [
      ['/rubric/road-tests/feed', ['tricky']],
      ['/rubric/news/feed', ['news-item']],
      ['/tag/kamaz/feed', ['tricky']],
      ['/tag/ev/feed', ['ev-story']],
      ['/author/ben-ito/feed', ['news-item', 'ev-story']],
      ['/author/anna-kovacs/feed', ['tricky', 'ev-story']],
    ];
    for (const [path, slugs] of cases) {
      const rss = await app.inject(`${path}.xml`);
      assert.equal(rss.statusCode, 200, path);
      const root = parseXml(rss.body);
      assert.deepEqual(rssLinks(root), slugs, `${path}.xml`);
      assert.equal(child(child(root, 'channel'), 'atom:link').attrs.href, `http://paddock.test${path}.xml`);
      assert.equal(child(child(root, 'channel'), 'link').text, `http://paddock.test${path.replace(/\/feed$/, '')}`);
      const json = (await app.inject(`${path}.json`)).json() as { feed_url: string; items: JsonFeedItem[] };
      assert.equal(json.feed_url, `http://paddock.test${path}.json`);
      assert.deepEqual(json.items.map((i) => i.url.replace('http://paddock.test/news/', '')), slugs, `${path}.json`);
    }
    const rubric = parseXml((await app.inject('/rubric/road-tests/feed.xml')).body);
    assert.equal(child(child(rubric, 'channel'), 'title').text, 'Section: Road tests · Paddock');
    for (const url of ['/rubric/nope/feed.xml', '/tag/nope/feed.json', '/author/nobody/feed.xml', '/author/nobody/feed.json']) assert.equal((await app.inject(url)).statusCode, 404, url);
  });

  test('a repeated request with the validators gets 304 without a body; a change gives the new feed', async () => {
    for (const path of ['/feed.xml', '/feed.json', '/tag/kamaz/feed.xml']) {
      const first = await app.inject(path);
      const etag = first.headers.etag as string;
      const modified = first.headers['last-modified'] as string;
      assert.ok(etag, `${path}: ETag`);
      assert.match(modified, RFC822);
      const byTag = await app.inject({ url: path, headers: { 'if-none-match': etag } });
      assert.equal(byTag.statusCode, 304, path);
      assert.equal(byTag.body, '');
      assert.equal(byTag.headers.etag, etag);
      const byDate = await app.inject({ url: path, headers: { 'if-modified-since': modified } });
      assert.equal(byDate.statusCode, 304, `${path}: If-Modified-Since`);
      assert.equal(byDate.body, '');
      const earlier = new Date(Date.parse(modified) - 1000).toUTCString();
      assert.equal((await app.inject({ url: path, headers: { 'if-modified-since': earlier } })).statusCode, 200);
      // If-None-Match decides when both are sent.
      assert.equal((await app.inject({ url: path, headers: { 'if-none-match': 'W/"other"', 'if-modified-since': modified } })).statusCode, 200);
    }
    const newest = await database.db.selectFrom('articles').select('updated_at').where('slug', 'in', ['news-item', 'tricky', 'ev-story']).orderBy('updated_at', 'desc').executeTakeFirstOrThrow();
    const site = await app.inject('/feed.xml');
    assert.equal(site.headers['last-modified'], new Date(newest.updated_at).toUTCString(), 'Last-Modified: the newest change among its items');

    await articlesRepository(database).save(articleInput({ slug: 'fresh', title: 'Fresh news', rubric: { slug: 'news', name: 'News' }, tags: [], publishedAt: new Date('2026-02-28T09:00:00Z') }));
    const changed = await app.inject({ url: '/feed.xml', headers: { 'if-none-match': site.headers.etag as string } });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers.etag, site.headers.etag);
    assert.equal(rssLinks(parseXml(changed.body))[0], 'fresh');
    const sameTag = await app.inject('/tag/kamaz/feed.xml');
    assert.equal((await app.inject({ url: '/tag/kamaz/feed.xml', headers: { 'if-none-match': sameTag.headers.etag as string } })).statusCode, 304, "a change elsewhere leaves the tag's feed as it was");
  });

  test('the Yandex variant is off by default', async () => {
    assert.equal((await app.inject('/feed/yandex.xml')).statusCode, 404);
  });

  test('list pages name their feeds in the head', async () => {
    const front = (await app.inject('/')).body;
    assert.match(front, /<link rel="alternate" type="application\/rss\+xml" title="Paddock" href="\/feed.xml"\/?>/);
    assert.match(front, /<link rel="alternate" type="application\/feed\+json" title="Paddock" href="\/feed.json"\/?>/);
    for (const path of ['/rubric/road-tests', '/tag/kamaz', '/author/anna-kovacs']) {
      const page = (await app.inject(path)).body;
      const inHead = /<head>([\s\S]*?)<\/head>/.exec(page)![1]!;
      assert.match(inHead, new RegExp(`<link rel="alternate" type="application/rss\\+xml" title="[^"]+" href="${path}/feed.xml"/?>`), path);
      assert.match(inHead, new RegExp(`<link rel="alternate" type="application/feed\\+json" title="[^"]+" href="${path}/feed.json"/?>`), path);
    }
  });
});

forEachEngine('the Yandex feed (FEED_YANDEX=on)', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const now = new Date('2026-03-01T12:00:00Z');
  before(async () => {
    database = await open();
    const repo = articlesRepository(database);
    await repo.save(articleInput({ slug: 'quick-news', title: 'Plant <reopens> & hires', rubric: { slug: 'news', name: 'News' }, publishedAt: new Date('2026-02-25T09:00:00Z') }));
    await repo.save(articleInput({ slug: 'long-test', title: 'A long road test', rubric: { slug: 'road-tests', name: 'Road tests' }, publishedAt: new Date('2026-02-20T09:00:00Z') }));
    await repo.save(articleInput({ slug: 'not-yet', title: 'Not yet', rubric: { slug: 'news', name: 'News' }, publishedAt: new Date('2026-03-05T09:00:00Z') }));
    app = await buildTestApp(database, { now: () => now, env: { FEED_YANDEX: 'on' } });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('serves RSS with yandex:genre and the plain full text, its namespace declared', async () => {
    const res = await app.inject('/feed/yandex.xml');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/rss+xml; charset=utf-8');
    const root = parseXml(res.body);
    assert.equal(root.attrs['xmlns:yandex'], 'http://news.yandex.ru');
    assert.equal(child(child(root, 'channel'), 'atom:link').attrs.href, 'http://paddock.test/feed/yandex.xml');
    const items = rssItems(root);
    assert.deepEqual(rssLinks(root), ['quick-news', 'long-test']);
    assert.deepEqual(items.map((i) => child(i, 'yandex:genre').text), ['message', 'article']);
    const stored = await database.db.selectFrom('article_bodies as b').innerJoin('articles as a', 'a.id', 'b.article_id').select('b.plain_text').where('a.slug', '=', 'quick-news').executeTakeFirstOrThrow();
    const text = child(items[0]!, 'yandex:full-text').text;
    assert.equal(text, stored.plain_text);
    assert.doesNotMatch(text, /<[a-z]/i, 'plain text, no markup');
    assert.equal(child(items[0]!, 'title').text, 'Plant <reopens> & hires');
    for (const item of items) assert.match(child(item, 'pubDate').text, RFC822);
    const again = await app.inject({ url: '/feed/yandex.xml', headers: { 'if-none-match': res.headers.etag as string } });
    assert.equal(again.statusCode, 304);
  });
});
