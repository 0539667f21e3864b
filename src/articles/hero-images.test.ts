import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, createUser, TEST_PASSWORD } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { addImage, testLibrary } from '../../test/support/media';
import { Refusal } from '../errors';
import type { MediaLibrary } from '../media/library';
import type { MediaItem } from '../media/model';
import { articlesRepository, type ArticlesRepository } from './repository';
import { EAGER_CARDS } from './views/list-page';

const BODY =
  'The new hatchback goes on sale in March with a 1.6-litre engine. Prices start at 1.2 million roubles, according to the maker.\n\n' +
  'Dealers expect strong demand in the regions. The car gets a larger touch screen and heated seats as standard.';

/** Every `<picture>…</picture>` of a page. */
const pictures = (html: string) => [...html.matchAll(/<picture\b[^>]*>[\s\S]*?<\/picture>/g)].map((m) => m[0]);
const imgOf = (picture: string) => /<img\b[^>]*>/.exec(picture)![0];
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

forEachEngine('hero images from the media library', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let editor: Agent;
  let library: MediaLibrary;
  let articles: ArticlesRepository;
  let described: MediaItem;
  let bare: MediaItem;
  const clock = new Date('2026-11-24T09:00:00Z');
  const idOf = (location: unknown) => Number(/\/admin\/articles\/(\d+)/.exec(String(location))![1]);
  const form = (overrides: Record<string, string> = {}) => ({
    title: 'Lada Iskra goes on sale',
    standfirst: 'The new hatchback arrives in March.',
    bodyMd: BODY,
    author: 'Anna Writer',
    rubric: 'news',
    tags: 'Lada, Iskra',
    heroMedia: '',
    heroUrl: '',
    heroAlt: '',
    heroCredit: '',
    publishAt: '',
    ...overrides,
  });

  before(async () => {
    database = await open();
    app = await buildTestApp(database, { now: () => clock });
    library = testLibrary(database);
    articles = articlesRepository(database);
    described = await addImage(library, { alt: 'A red hatchback outside the Togliatti plant', credit: 'AvtoVAZ press office', caption: 'The Iskra at its launch' });
    bare = await addImage(library, { width: 800, height: 600 });
    await createUser(database.db, 'ed@example.com', 'editor');
    editor = new Agent(app);
    await editor.login('ed@example.com', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('an editor picks a library image as the hero and publishes: the page shows it as a responsive picture with its caption and credit', async () => {
    const blank = await editor.get('/admin/articles/new');
    assert.match(blank.body, new RegExp(`<option value="${described.id}">#${described.id} A red hatchback`), 'recent library images are offered');
    const res = await editor.post('/admin/articles', { ...form({ heroMedia: `#${described.id}` }), action: 'publish' });
    assert.equal(res.statusCode, 303, res.body);
    const edit = await editor.get(String(res.headers.location));
    assert.match(edit.body, new RegExp(`name="heroMedia" value="${described.id}"`));
    assert.match(edit.body, /class="hero-preview"[\s\S]*?alt text “A red hatchback outside the Togliatti plant”/, 'the chosen image is previewed in the editor');

    const page = await app.inject({ method: 'GET', url: '/news/lada-iskra-goes-on-sale' });
    assert.equal(page.statusCode, 200);
    const hero = /<figure class="hero">([\s\S]*?)<\/figure>/.exec(page.body)![1]!;
    const [picture] = pictures(hero);
    assert.ok(picture, 'the hero is a <picture>');
    const sources = [...picture.matchAll(/<source\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(sources.map((s) => attr(s, 'type')), ['image/avif', 'image/webp'], 'AVIF first, then WebP');
    for (const [i, ext] of ['avif', 'webp'].entries()) {
      assert.equal(attr(sources[i]!, 'srcset'), [320, 640, 960, 1280, 1600].map((w) => `/media/${described.key}/${w}.${ext} ${w}w`).join(', '));
      assert.equal(attr(sources[i]!, 'sizes'), '(max-width: 48rem) calc(100vw - 2rem), 46rem');
    }
    const img = imgOf(picture);
    assert.equal(attr(img, 'src'), `/media/${described.key}/960.jpg`);
    assert.match(attr(img, 'srcset')!, /\/1600\.jpg 1600w$/);
    assert.equal(attr(img, 'width'), '1600', 'the intrinsic size, so nothing moves when it loads');
    assert.equal(attr(img, 'height'), '900');
    assert.equal(attr(img, 'alt'), 'A red hatchback outside the Togliatti plant');
    assert.equal(attr(img, 'fetchpriority'), 'high', 'the hero is fetched first');
    assert.notEqual(attr(img, 'loading'), 'lazy');
    assert.match(hero, /<figcaption>The Iskra at its launch <span class="credit">Photo: AvtoVAZ press office<\/span><\/figcaption>/);

    const file = await app.inject({ method: 'GET', url: attr(sources[0]!, 'srcset')!.split(' ')[0]! });
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'image/avif');
  });

  test('publishing with a library image that has no alt text is refused beside the alt field, and nothing is stored', async () => {
    await editor.get('/admin/articles/new');
    const res = await editor.post('/admin/articles', { ...form({ title: 'Spy shots of the new Niva', heroMedia: String(bare.id) }), action: 'publish' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, new RegExp(`<span class="field-error" id="heroAlt-error">Image ${bare.id} has no alt text`));
    assert.match(res.body, /name="heroAlt" value [^>]*aria-invalid="true"/);
    assert.match(res.body, /value="Spy shots of the new Niva"/, 'what was typed is kept');
    assert.equal(await articles.findBySlug('spy-shots-of-the-new-niva'), null);

    // A draft may wait for its alt text; publishing it with the article's own alt text works.
    const draft = await editor.post('/admin/articles', { ...form({ title: 'Spy shots of the new Niva', heroMedia: String(bare.id) }), action: 'save' });
    assert.equal(draft.statusCode, 303);
    const id = idOf(draft.headers.location);
    const again = await editor.post(`/admin/articles/${id}`, { ...form({ title: 'Spy shots of the new Niva', heroMedia: String(bare.id) }), revision: '1', action: 'publish' });
    assert.equal(again.statusCode, 422);
    assert.equal((await articles.findById(id))!.status, 'draft');
    const published = await editor.post(`/admin/articles/${id}`, { ...form({ title: 'Spy shots of the new Niva', heroMedia: String(bare.id), heroAlt: 'A camouflaged Niva on a snowy test track' }), revision: '1', action: 'publish' });
    assert.equal(published.statusCode, 303, published.body);
    const page = await app.inject({ method: 'GET', url: '/news/spy-shots-of-the-new-niva' });
    assert.equal(attr(imgOf(pictures(page.body)[0]!), 'alt'), 'A camouflaged Niva on a snowy test track');
  });

  test('a number that is no library image, or both a library image and an address, is a 4xx naming the field', async () => {
    await editor.get('/admin/articles/new');
    const missing = await editor.post('/admin/articles', { ...form({ title: 'Ghost image', heroMedia: '999999', heroAlt: 'x' }), action: 'save' });
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /id="heroMedia-error">There is no image 999999 in the media library/);
    const both = await editor.post('/admin/articles', { ...form({ title: 'Ghost image', heroMedia: String(described.id), heroUrl: 'https://example.com/a.jpg', heroAlt: 'x' }), action: 'save' });
    assert.equal(both.statusCode, 400);
    assert.match(both.body, /id="heroUrl-error">Use either a library image or an address/);
    const word = await editor.post('/admin/articles', { ...form({ title: 'Ghost image', heroMedia: 'red car' }), action: 'save' });
    assert.equal(word.statusCode, 400);
    assert.match(word.body, /id="heroMedia-error">Give the number of an image/);
    assert.equal(await articles.findBySlug('ghost-image'), null);
  });

  test('the service refuses too: an import or the CLI cannot publish a library image without alt text', async () => {
    const before = await articles.count();
    await assert.rejects(
      articles.save(articleInput({ slug: 'cli-no-alt', hero: { mediaId: bare.id, alt: '', credit: null } })),
      (e: unknown) => e instanceof Refusal && e.code === 'media_alt_missing' && e.field === 'heroAlt',
    );
    await assert.rejects(
      articles.save(articleInput({ slug: 'cli-inline-no-alt', bodyMd: `${BODY}\n\n![](/media/${bare.key}/640.jpg)` })),
      (e: unknown) => e instanceof Refusal && e.code === 'media_alt_missing' && e.field === 'bodyMd',
    );
    assert.equal(await articles.count(), before, 'nothing stored');
    // An image from elsewhere (an old or imported article) keeps working as it did.
    const old = await articles.save(articleInput({ slug: 'old-import', hero: { url: 'https://cdn.example.com/old.jpg', alt: 'An old photo', credit: null } }));
    assert.deepEqual(old.article.hero, { url: 'https://cdn.example.com/old.jpg', alt: 'An old photo', credit: null });
    const page = await app.inject({ method: 'GET', url: '/news/old-import' });
    assert.match(page.body, /<figure class="hero"><img src="https:\/\/cdn.example.com\/old.jpg" alt="An old photo" width="1200" height="675" fetchpriority="high"\/?>/);
  });

  test('alt text a published article relies on cannot be removed in the library', async () => {
    await editor.get(`/admin/media/${described.id}`);
    const res = await editor.post(`/admin/media/${described.id}`, { alt: '', credit: 'AvtoVAZ press office', caption: '' });
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /shown in the published article “Lada Iskra goes on sale”/);
    assert.equal((await library.repo.findById(described.id))!.alt, 'A red hatchback outside the Togliatti plant');
    const item = await editor.get(`/admin/media/${described.id}`);
    assert.match(item.body, /<h2>Used as the image of<\/h2><ul><li><a href="\/admin\/articles\/\d+">Lada Iskra goes on sale<\/a> \(published\)<\/li><\/ul>/, 'its page says where it is used');
    assert.match(item.body, new RegExp(`<code class="media-reference">media:${described.key}</code>`));
  });

  test('an inline library image in the body becomes a responsive picture with the item\'s size, its alt text kept', async () => {
    const saved = await articles.save(
      articleInput({ slug: 'inline-picture', bodyMd: `${BODY}\n\n![The dashboard](/media/${bare.key}/original.jpg)\n\n![](/media/${described.key}/640.jpg)`, publishedAt: new Date('2026-01-11T10:00:00Z') }),
    );
    const inBody = pictures(saved.article.bodyHtml);
    assert.equal(inBody.length, 2);
    const [first, second] = inBody.map(imgOf);
    assert.equal(attr(first!, 'alt'), 'The dashboard');
    assert.equal(attr(first!, 'width'), '800');
    assert.equal(attr(first!, 'height'), '600');
    assert.equal(attr(first!, 'loading'), 'lazy');
    assert.equal(attr(first!, 'decoding'), 'async');
    assert.equal(attr(second!, 'alt'), 'A red hatchback outside the Togliatti plant', 'no alt of its own: the library\'s');
    assert.match(inBody[0]!, /<source type="image\/avif" srcset="\/media\/[0-9a-f]{64}\/320\.avif 320w, [^"]*800\.avif 800w" sizes="[^"]+"/);
    // A <picture> the author wrote with sources of their own is left as written.
    const own = await articles.save(articleInput({ slug: 'own-picture', bodyMd: `${BODY}\n\n<picture><source srcset="/media/${described.key}/640.webp" type="image/webp"><img src="/media/${described.key}/640.jpg" alt="Mine"></picture>` }));
    assert.equal(pictures(own.article.bodyHtml).length, 1);
    assert.doesNotMatch(own.article.bodyHtml, /sizes=/);
  });

  test('listing pages show library heroes as pictures: the first row loads at once, the rest lazily', async () => {
    for (let i = 0; i < 6; i++) {
      await articles.save(
        articleInput({ slug: `listed-${i}`, title: `Listed story ${i}`, tags: [{ slug: 'listed', name: 'listed' }], hero: { mediaId: described.id, alt: '', credit: null }, publishedAt: new Date(Date.UTC(2026, 10, 20, 10, i)) }),
      );
    }
    for (const url of ['/', '/rubric/news', '/tag/listed', '/search?q=listed']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      const cards = [...res.body.matchAll(/<article class="card">([\s\S]*?)<\/article>/g)].map((m) => m[1]!);
      const shown = cards.map((card, position) => ({ card, position })).filter(({ card }) => card.includes(`/media/${described.key}/`));
      assert.ok(shown.length >= 4, `${url}: cards with pictures`);
      for (const { card, position } of shown) {
        const [picture] = pictures(card);
        assert.match(picture!, /^<picture class="card-image"><source type="image\/avif" srcset="[^"]+" sizes="\(max-width: 35\.5rem\)[^"]+"\/?><source type="image\/webp"/, url);
        const img = imgOf(picture!);
        assert.equal(attr(img, 'width'), '1600');
        assert.equal(attr(img, 'height'), '900');
        assert.equal(attr(img, 'alt'), described.alt);
        assert.ok(attr(img, 'sizes') && attr(img, 'srcset'));
        // The first row of cards is in the first screen: it loads at once; the rest when scrolled near.
        const lazy = attr(img, 'loading') === 'lazy' && attr(img, 'decoding') === 'async';
        assert.equal(lazy, position >= EAGER_CARDS, `${url}: card ${position + 1} ${position >= EAGER_CARDS ? 'loads lazily' : 'loads at once'}`);
      }
      assert.ok(shown.some(({ position }) => position >= EAGER_CARDS) && shown.some(({ position }) => position < EAGER_CARDS), `${url}: cards above and below the fold`);
    }
  });
});
