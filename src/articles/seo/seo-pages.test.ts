import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { loadDemoContentIfEmpty, DEMO_DIR } from '../../demo-content';
import { buildTestApp, testConfig } from '../../../test/support/app';
import { articleInput } from '../../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines';
import { one, readHeadTags } from '../../../test/support/head-tags';
import { addImage, testLibrary } from '../../../test/support/media';
import { articlesRepository } from '../repository';
import { cardPath, cardStorageKey, shareCardObserver, shareCards, shareCardsFromConfig } from './share-card';

const SITE = 'http://paddock.test';
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
type Json = Record<string, unknown>;

/** Path of one of our absolute URLs (inject takes paths). */
function local(url: string): string {
  assert.ok(url.startsWith(`${SITE}/`), `${url} is an absolute URL of the site`);
  return url.slice(SITE.length);
}

async function imageAt(app: FastifyInstance, url: string) {
  const res = await app.inject({ method: 'GET', url: local(url) });
  assert.equal(res.statusCode, 200, url);
  assert.match(String(res.headers['content-type']), /^image\/(jpeg|png)$/, url);
  const meta = await sharp(res.rawPayload).metadata();
  return { width: meta.width!, height: meta.height!, type: String(res.headers['content-type']) };
}

/**
 * Google's Article rich result: no property is required, these are recommended
 * (developers.google.com/search/docs/appearance/structured-data/article): headline, image (several,
 * 16:9, 4:3 and 1:1, at least 50,000 pixels, crawlable), datePublished and dateModified (ISO 8601
 * with a time zone), author (Person or Organization, with name and url).
 */
async function checkGoogleArticle(app: FastifyInstance, ld: Json, title: string) {
  assert.equal(ld['@context'], 'https://schema.org');
  assert.equal(ld['@type'], 'NewsArticle');
  const headline = ld.headline as string;
  assert.equal(typeof headline, 'string');
  assert.ok(headline.length > 0 && Array.from(headline).length <= 110, `headline of ${Array.from(headline).length} characters`);
  assert.ok(title.length <= 110 ? headline === title : headline.endsWith('…'));
  const images = ld.image as string[];
  assert.ok(Array.isArray(images) && images.length >= 1, 'image is an array');
  const ratios = new Set<string>();
  for (const url of images) {
    const { width, height } = await imageAt(app, url);
    assert.ok(width * height >= 50_000, `${url}: ${width}×${height} has at least 50,000 pixels`);
    for (const [name, r] of [['16x9', 16 / 9], ['4x3', 4 / 3], ['1x1', 1]] as const) if (Math.abs(width / height - r) < 0.01) ratios.add(name);
  }
  assert.deepEqual([...ratios].sort(), ['16x9', '1x1', '4x3'], 'images in 16:9, 4:3 and 1:1');
  for (const key of ['datePublished', 'dateModified']) assert.match(ld[key] as string, ISO_WITH_ZONE, key);
  assert.ok((ld.dateModified as string) >= (ld.datePublished as string));
  const authors = ld.author as Json[];
  assert.ok(Array.isArray(authors) && authors.length >= 1);
  for (const author of authors) {
    assert.equal(author['@type'], 'Person');
    assert.ok(typeof author.name === 'string' && author.name.length > 0);
    const page = await app.inject({ method: 'GET', url: local(author.url as string) });
    assert.equal(page.statusCode, 200, `${author.url as string} is the author's page`);
    assert.match(author.url as string, /\/author\/[a-z0-9-]+$/);
  }
  const publisher = ld.publisher as { '@type': string; name: string; logo: { '@type': string; url: string; width: number; height: number } };
  assert.equal(publisher['@type'], 'Organization');
  assert.equal(publisher.name, 'Paddock');
  assert.equal(publisher.logo['@type'], 'ImageObject');
  const logo = await imageAt(app, publisher.logo.url);
  assert.deepEqual([logo.width, logo.height], [publisher.logo.width, publisher.logo.height]);
  assert.ok(logo.width >= 112 && logo.height >= 112);
  assert.equal(ld.isAccessibleForFree, true);
  assert.equal(ld.inLanguage, 'en');
}

forEachEngine('structured data and link previews of every demo article', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  before(async () => {
    database = await open();
    await loadDemoContentIfEmpty(database, testConfig({ PADDOCK_DEMO: '1' }), () => {});
    app = await buildTestApp(database);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('each demo article is a NewsArticle with everything Google recommends, a breadcrumb, and OpenGraph/Twitter tags whose picture loads at its stated size', async () => {
    const rows = await database.db.selectFrom('articles').select(['slug', 'title']).where('status', '=', 'published').where('published_at', '<=', new Date().toISOString()).orderBy('slug').execute();
    const files = fs.readdirSync(path.join(DEMO_DIR, 'articles')).filter((f) => f.endsWith('.md'));
    assert.equal(rows.length, files.length, 'every demo article is checked');
    const repo = articlesRepository(database);
    for (const row of rows) {
      const article = (await repo.findBySlug(row.slug))!;
      const res = await app.inject({ method: 'GET', url: `/news/${row.slug}` });
      assert.equal(res.statusCode, 200);
      const tags = readHeadTags(res.body);
      const [news, crumbs, ...rest] = tags.jsonLd;
      assert.equal(rest.length, 0);
      await checkGoogleArticle(app, news!, article.title);
      const url = `${SITE}/news/${row.slug}`;
      assert.deepEqual(news!.mainEntityOfPage, { '@type': 'WebPage', '@id': url });
      assert.equal(news!.description, article.standfirst);
      assert.equal(news!.datePublished, article.publishedAt);
      assert.deepEqual(
        (news!.author as Json[]).map((a) => a.name),
        article.authors.map((a) => a.name),
      );
      assert.equal(news!.articleSection, article.rubric ? one(tags, 'article:section') : undefined);
      assert.equal(news!.keywords, article.tags.map((t) => t.name).join(', ') || undefined);

      assert.equal(crumbs!['@type'], 'BreadcrumbList');
      const items = crumbs!.itemListElement as Array<{ position: number; name: string; item: string }>;
      assert.deepEqual(
        items.map((i) => [i.position, i.item]),
        [[1, `${SITE}/`], ...(article.rubric ? [[2, `${SITE}/rubric/${article.rubric.slug}`]] : []), [items.length, url]],
      );

      assert.equal(one(tags, 'og:type'), 'article');
      assert.equal(one(tags, 'og:title'), article.title);
      assert.equal(one(tags, 'og:description'), article.standfirst);
      assert.equal(one(tags, 'og:url'), url);
      assert.equal(one(tags, 'og:site_name'), 'Paddock');
      assert.equal(one(tags, 'og:locale'), 'en_US');
      assert.equal(one(tags, 'article:published_time'), article.publishedAt);
      assert.equal(one(tags, 'article:modified_time'), news!.dateModified);
      assert.deepEqual(tags.meta.get('article:tag') ?? [], article.tags.map((t) => t.name));
      assert.deepEqual(tags.meta.get('article:author'), article.authors.map((a) => `${SITE}/author/${a.slug}`));
      assert.ok(one(tags, 'og:image:alt').length > 0);
      const image = await imageAt(app, one(tags, 'og:image'));
      assert.deepEqual([image.width, image.height, image.type], [Number(one(tags, 'og:image:width')), Number(one(tags, 'og:image:height')), one(tags, 'og:image:type')]);
      assert.equal(one(tags, 'twitter:card'), 'summary_large_image');
      assert.equal(one(tags, 'twitter:title'), article.title);
      assert.equal(one(tags, 'twitter:description'), article.standfirst);
      assert.equal(one(tags, 'twitter:image'), one(tags, 'og:image'));
    }
  });

  test('the front page describes the site, its search and its publisher; the search template answers', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    const tags = readHeadTags(res.body);
    const website = tags.jsonLd.find((d) => d['@type'] === 'WebSite')!;
    const organization = tags.jsonLd.find((d) => d['@type'] === 'Organization')!;
    assert.equal(website.url, `${SITE}/`);
    assert.equal(website.name, 'Paddock');
    const action = website.potentialAction as { '@type': string; target: { urlTemplate: string }; 'query-input': string };
    assert.equal(action['@type'], 'SearchAction');
    assert.equal(action.target.urlTemplate, `${SITE}/search?q={search_term_string}`);
    assert.equal(action['query-input'], 'required name=search_term_string');
    const search = await app.inject({ method: 'GET', url: local(action.target.urlTemplate.replace('{search_term_string}', encodeURIComponent('Lada Vesta'))) });
    assert.equal(search.statusCode, 200);
    assert.match(search.body, /class="card/);
    assert.equal(organization['@context'], 'https://schema.org');
    assert.equal(organization.name, 'Paddock');
    await imageAt(app, (organization.logo as { url: string }).url);
    assert.equal(one(tags, 'og:type'), 'website');
  });

  test('the CSP still forbids inline script on the pages that carry JSON-LD', async () => {
    for (const url of ['/', `/news/${(await database.db.selectFrom('articles').select('slug').limit(1).executeTakeFirstOrThrow()).slug}`]) {
      const res = await app.inject({ method: 'GET', url });
      assert.ok(readHeadTags(res.body).jsonLd.length > 0);
      const csp = String(res.headers['content-security-policy']);
      const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
      assert.equal(scriptSrc, "script-src 'self'");
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    }
  });
});

forEachEngine('share cards', (open, engine) => {
  // Both engines' runs share one media folder (test/support/app.ts): their titles differ.
  let database: TestDatabase;
  let app: FastifyInstance;
  before(async () => {
    database = await open();
    app = await buildTestApp(database);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('an article without a library picture is previewed with its card, drawn after the save and kept; a new title gives a new card, the old address sends to it', async () => {
    const config = testConfig();
    const observer = shareCardObserver(database, config);
    const repo = articlesRepository(database, { observers: [observer] });
    const hostile = `Kia </script><script>alert(1)</script> & "Rio" <!-- ${engine}`;
    const { article } = await repo.save(articleInput({ title: hostile, hero: { url: 'https://photos.example/kia.jpg', alt: 'A Kia Rio', credit: null } }));
    await observer.settled();
    const cards = shareCardsFromConfig(config);
    assert.equal(await cards.storage.exists(cardStorageKey(article, config)), true, 'drawn after commit');

    const res = await app.inject({ method: 'GET', url: `/news/${article.slug}` });
    assert.doesNotMatch(res.body, /<script>alert/);
    const tags = readHeadTags(res.body);
    assert.equal(tags.jsonLd.length, 2, 'the title did not end the JSON-LD script');
    for (const raw of tags.jsonLdRaw) assert.doesNotMatch(raw, /</);
    assert.equal(tags.jsonLd[0]!.headline, hostile);
    assert.equal(one(tags, 'og:title'), hostile);
    assert.deepEqual(tags.jsonLd[0]!.image, ['https://photos.example/kia.jpg', `${SITE}${cardPath(article, config)}`]);
    assert.equal(one(tags, 'og:image'), `${SITE}${cardPath(article, config)}`);
    assert.deepEqual([one(tags, 'og:image:width'), one(tags, 'og:image:height'), one(tags, 'og:image:type'), one(tags, 'og:image:alt')], ['1200', '630', 'image/png', hostile]);
    // A byline naming a person who has an author page.
    assert.deepEqual(tags.jsonLd[0]!.author, [{ '@type': 'Person', name: 'Test Writer', url: `${SITE}/author/test-writer` }]);

    const card = await app.inject({ method: 'GET', url: cardPath(article, config) });
    assert.equal(card.statusCode, 200);
    assert.equal(card.headers['cache-control'], 'public, max-age=31536000, immutable');
    const meta = await sharp(card.rawPayload).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', 1200, 630]);

    const renamed = (await repo.save({ ...articleInput({ slug: article.slug, title: `Kia Rio: the new title (${engine})`, hero: article.hero }) })).article;
    await observer.settled();
    assert.notEqual(cardPath(renamed, config), cardPath(article, config));
    assert.equal(await cards.storage.exists(cardStorageKey(renamed, config)), true);
    const old = await app.inject({ method: 'GET', url: cardPath(article, config) });
    assert.equal(old.statusCode, 302);
    assert.equal(old.headers.location, cardPath(renamed, config));
  });

  test('a card missing from storage (an import, an older article) is drawn on its first request, once however many ask at once', async () => {
    const config = testConfig();
    const repo = articlesRepository(database);
    const { article } = await repo.save(articleInput({ title: `Imported long ago: the Volga GAZ-21 at seventy (${engine})` }));
    const responses = await Promise.all(Array.from({ length: 6 }, () => app.inject({ method: 'GET', url: cardPath(article, config) })));
    for (const r of responses) assert.equal(r.statusCode, 200);
    assert.equal(new Set(responses.map((r) => r.rawPayload.toString('base64'))).size, 1);

    // The service itself: counted writes to storage.
    const base = shareCardsFromConfig(config).storage;
    let puts = 0;
    const counted = { ...base, put: (key: string, body: Buffer) => ((puts += 1), base.put(key, body)) };
    const cards = shareCards({ storage: counted, scope: 'counted', site: config });
    const other = (await repo.save(articleInput({ title: `Drawn once: Moskvich 3 in the snow (${engine})` }))).article;
    const keys = await Promise.all(Array.from({ length: 5 }, () => cards.ensure(other)));
    assert.equal(new Set(keys).size, 1);
    assert.equal(puts, 1);
    await cards.ensure(other);
    assert.equal(puts, 1, 'kept, not drawn again');
  });

  test('an article with a library picture is previewed with its 16:9 crop and has no card drawn; a draft or unknown article has no card', async () => {
    const config = testConfig();
    const observer = shareCardObserver(database, config);
    const repo = articlesRepository(database, { observers: [observer] });
    const item = await addImage(testLibrary(database), { width: 1600, height: 1200, alt: 'A grey hatchback' });
    const { article } = await repo.save(articleInput({ hero: { mediaId: item.id, alt: '', credit: null } }));
    await observer.settled();
    assert.equal(await shareCardsFromConfig(config).storage.exists(cardStorageKey(article, config)), false);
    const tags = readHeadTags((await app.inject({ method: 'GET', url: `/news/${article.slug}` })).body);
    assert.equal(one(tags, 'og:image'), `${SITE}/media/${item.key}/16x9.jpg`);
    assert.deepEqual([one(tags, 'og:image:width'), one(tags, 'og:image:height'), one(tags, 'og:image:alt')], ['1200', '675', 'A grey hatchback']);
    assert.deepEqual(tags.jsonLd[0]!.image, ['16x9', '4x3', '1x1'].map((c) => `${SITE}/media/${item.key}/${c}.jpg`));

    const draft = (await repo.save(articleInput({ status: 'draft', title: 'A secret model' }))).article;
    await observer.settled();
    assert.equal(await shareCardsFromConfig(config).storage.exists(cardStorageKey(draft, config)), false, 'no card at save');
    assert.equal((await app.inject({ method: 'GET', url: cardPath(draft, config) })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: '/media/cards/999999-0123456789abcdef.png' })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: '/media/cards/1-..%2F..%2Fx.png' })).statusCode, 400);
  });
});

describe('a Russian site', () => {
  test('says so to link previews (og:locale ru_RU) and in its markup (inLanguage ru)', async () => {
    const { openTestDatabase } = await import('../../../test/support/engines');
    const database = await openTestDatabase('sqlite');
    const app = await buildTestApp(database, { env: { SITE_LANG: 'ru' } });
    try {
      const { article } = await articlesRepository(database).save(articleInput({ title: 'Новая Лада Веста: первый тест' }));
      const tags = readHeadTags((await app.inject({ method: 'GET', url: `/news/${article.slug}` })).body);
      assert.equal(one(tags, 'og:locale'), 'ru_RU');
      assert.equal(tags.jsonLd[0]!.inLanguage, 'ru');
      assert.equal(readHeadTags((await app.inject({ method: 'GET', url: '/' })).body).meta.get('og:locale')?.[0], 'ru_RU');
    } finally {
      await app.close();
      await database.close();
    }
  });
});
