import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { withoutSentenceAnchors } from '../../../test/support/articles';
import { captureIo } from '../../../test/support/capture-io';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines';
import { testLibrary } from '../../../test/support/media';
import { isLibraryHero } from '../model';
import { redirectsRepository } from '../redirects/repository';
import { articlesRepository } from '../repository';
import { inlineComposer, type Composer } from './compose-pool';
import { runImportCommand } from './import-command';
import { importPaths } from './import-run';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/support/fixtures');
const WXR = path.join(FIXTURES, 'wordpress-6.xml');
const ZONE = 'Europe/Moscow';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-wp-import-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

type Io = Parameters<typeof runImportCommand>[4];


forEachEngine('WordPress import', (open) => {
  let database: TestDatabase;
  before(async () => {
    database = await open();
  });
  after(() => database.close());

  test('a WordPress 6 export brings its posts over: statuses, dates, rubric, tags, bylines, bodies, and a report of what stayed behind', async () => {
    const repo = articlesRepository(database);
    const report = await importPaths([WXR], { repo, db: database.db, timeZone: ZONE });
    assert.deepEqual([report.added, report.updated, report.unchanged, report.failed], [6, 0, 0, 0]);
    assert.deepEqual(report.skipped, { comment: 1, page: 1, 'menu item': 1, 'author with no imported post': 1 });
    assert.deepEqual(report.authors, { created: 3, updated: 0, unchanged: 0 });
    assert.deepEqual(report.notes, {
      'featured image kept as an external address (no --media)': 2,
      'featured image without alt text (caption or title used)': 1,
      [`no GMT date: local date read in SITE_TIMEZONE (${ZONE})`]: 2,
      'private post imported as a draft': 1,
      'unknown shortcode [contact-form-7] kept as text': 1,
    });

    const vesta = (await repo.findBySlug('lada-vesta-road-test'))!;
    assert.equal(vesta.status, 'published');
    assert.equal(vesta.publishedAt, '2024-03-05T07:30:00.000Z', 'post_date_gmt is the time');
    assert.equal(vesta.updatedAt, '2024-03-06T09:00:00.000Z', 'the modification time comes over');
    assert.equal(vesta.title, 'Lada Vesta road test: a week in the city');
    assert.equal(vesta.standfirst, 'A week of traffic jams, cold starts and school runs in the new Vesta.');
    assert.equal(vesta.author, 'Marta Hale', 'the display name, not the login');
    assert.deepEqual(vesta.rubric, { slug: 'road-tests', name: 'Road tests' });
    assert.deepEqual(vesta.tags.map((t) => t.name), ['News', 'Lada', 'Sedan'], 'the second category and the tags');
    assert.deepEqual(vesta.hero, { url: 'https://pitlane.example/wp-content/uploads/2024/03/vesta-front.jpg', alt: 'A grey Lada Vesta parked by a frozen river', credit: null });
    assert.doesNotMatch(vesta.bodyMd, /wp:|<!--/, 'no Gutenberg block comments');
    assert.match(withoutSentenceAnchors(vesta.bodyHtml), /<h2>Engine and gearbox<\/h2>/);
    assert.match(vesta.bodyHtml, /data-widget="embed" data-embed-src="https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ"/, 'the embed block is our embed');

    const winter = (await repo.findBySlug('five-crossovers-for-winter'))!;
    assert.equal(winter.rubric, null, '"Uncategorized" is no rubric');
    const html = withoutSentenceAnchors(winter.bodyHtml);
    assert.ok(html.startsWith('<p>Winter asks more of a car than any other season. We picked <em>five crossovers</em> that cope.<br>Each was driven on the same snowy loop.</p>'), 'blank-line text becomes paragraphs, a line break <br>');
    assert.ok(html.includes('<figure><a href="https://pitlane.example/wp-content/uploads/2024/02/snow-loop.jpg"><img src="https://pitlane.example/wp-content/uploads/2024/02/snow-loop-1024x576.jpg" alt="Crossovers lined up on a snowy road" width="1024" height="576"></a><figcaption>The test loop at dawn</figcaption></figure>'), '[caption] is a figure');
    assert.match(html, /data-embed-src="https:\/\/player\.vimeo\.com\/video\/76979871\?dnt=1"/, '[embed] is our embed');
    assert.match(html, /data-embed-src="https:\/\/www\.youtube-nocookie\.com\/embed\/aqz-KE-bpKQ"/, 'a bare video link is our embed');
    assert.ok(
      html.includes('<figure><img src="https://pitlane.example/wp-content/uploads/2024/03/vesta-front.jpg" alt="A grey Lada Vesta parked by a frozen river"><figcaption>The Vesta on a February morning</figcaption></figure><figure><img src="https://pitlane.example/wp-content/uploads/2024/02/snow-loop.jpg" alt="The test loop at dawn"><figcaption>The test loop at dawn</figcaption></figure>'),
      '[gallery] is a figure per image, its alt text or else its caption',
    );
    assert.match(html, /\[contact-form-7 id="5" title="Tell us about your winter car"\]/, 'an unknown shortcode stays as text');
    assert.doesNotMatch(html, /script|alert/, 'the sanitizer is the one of every body');
    assert.match(html, /The winner surprised us all\./);

    const russian = (await repo.findBySlug('test-drayv-lada-vesta'))!;
    assert.equal(russian.title, 'Тест-драйв Лада Веста');
    assert.equal(russian.author, 'Илья Волков');
    assert.deepEqual(russian.rubric, { slug: 'novosti', name: 'Новости' });
    assert.equal(russian.publishedAt, '2024-03-10T09:00:00.000Z', 'no GMT date: 12:00 read in Moscow time');
    assert.match(withoutSentenceAnchors(russian.bodyHtml), /<p>Мы проехали на Весте тысячу километров по зимним дорогам\.<\/p>/);

    const draft = (await repo.findBySlug('draft-electric-hatchbacks-compared'))!;
    assert.equal(draft.status, 'draft', 'a draft without a slug gets one from its title');
    assert.equal(draft.publishedAt, '2024-03-18T13:45:00.000Z');
    const future = (await repo.findBySlug('geneva-show-preview'))!;
    assert.deepEqual([future.status, future.publishedAt], ['published', '2030-02-25T06:00:00.000Z'], 'a future post is scheduled');
    assert.equal((await repo.findBySlug('press-car-rota'))!.status, 'draft', 'a private post is a draft');
    assert.equal(await repo.findBySlug('about'), null, 'pages are not imported');
  });

  test("the export's authors are people here: slug from the login, the display name as name; bylines link to them; old category and author addresses redirect", async () => {
    const repo = articlesRepository(database);
    assert.equal((await repo.findAuthor('mhale'))?.name, 'Marta Hale');
    assert.equal((await repo.findAuthor('ivolkov'))?.name, 'Илья Волков');
    assert.equal((await repo.findAuthor('kim-ortiz'))?.name, 'Kim Ortiz', 'an e-mail login gives its part before the @, never the address');
    assert.equal(await repo.findAuthor('marta-hale'), null, 'no second Marta made from the byline');
    assert.equal(await repo.findAuthor('jlee'), null, 'an author with no imported post stays behind');
    const byline = await database.db
      .selectFrom('article_authors as aa')
      .innerJoin('articles as a', 'a.id', 'aa.article_id')
      .innerJoin('authors as p', 'p.id', 'aa.author_id')
      .select(['a.slug', 'p.slug as author'])
      .orderBy('a.slug')
      .execute();
    assert.deepEqual(
      byline.filter((r) => ['lada-vesta-road-test', 'geneva-show-preview', 'test-drayv-lada-vesta'].includes(r.slug)),
      [
        { slug: 'geneva-show-preview', author: 'kim-ortiz' },
        { slug: 'lada-vesta-road-test', author: 'mhale' },
        { slug: 'test-drayv-lada-vesta', author: 'ivolkov' },
      ],
    );

    const redirects = redirectsRepository(database.db);
    const to = async (from: string) => (await redirects.find(from))?.to ?? null;
    assert.equal(await to('/category/road-tests'), '/rubric/road-tests');
    assert.equal(await to('/category/news'), '/rubric/news', 'a rubric of one post and a tag of another: the rubric page');
    assert.equal(await to('/category/news/motor-shows'), '/rubric/motor-shows', "a child category's address holds its parent");
    assert.equal(await to('/category/motor-shows'), '/rubric/motor-shows');
    assert.equal(await to('/category/новости'), '/rubric/novosti', 'a Cyrillic category, stored decoded');
    assert.equal(await to('/author/kim-ortizpitlane-example'), '/author/kim-ortiz', "WordPress's nicename of the login");
    assert.equal(await to('/tag/lada'), null, 'the same address here: no redirect to itself');
    assert.equal(await to('/author/mhale'), null);
    assert.equal(await to('/category/uncategorized'), null, '"Uncategorized" is no rubric: nothing to send it to');
  });

  test('importing the same export again changes nothing; a post changed in WordPress is updated, not duplicated, even with a new slug', async () => {
    const repo = articlesRepository(database);
    const count = await repo.count();
    const redirects = await redirectsRepository(database.db).count();
    const again = await importPaths([WXR], { repo, db: database.db, timeZone: ZONE });
    assert.deepEqual([again.added, again.updated, again.unchanged, again.failed], [0, 0, 6, 0]);
    assert.deepEqual([again.authors, again.redirects], [{ created: 0, updated: 0, unchanged: 3 }, 0]);
    assert.equal(await redirectsRepository(database.db).count(), redirects, 'no redirect added twice');
    const revision = (await repo.findBySlug('lada-vesta-road-test'))!.revision;

    const changed = path.join(dir, 'changed.xml');
    fs.writeFileSync(
      changed,
      fs
        .readFileSync(WXR, 'utf8')
        .replace('<![CDATA[Lada Vesta road test: a week in the city]]>', '<![CDATA[Lada Vesta long-term test]]>')
        .replace('<wp:post_name><![CDATA[lada-vesta-road-test]]>', '<wp:post_name><![CDATA[lada-vesta-long-term]]>'),
    );
    const third = await importPaths([changed], { repo, db: database.db, timeZone: ZONE });
    assert.deepEqual([third.added, third.updated, third.unchanged], [0, 1, 5]);
    assert.equal(await repo.count(), count, 'nothing duplicated');
    assert.equal(await repo.findBySlug('lada-vesta-road-test'), null);
    const moved = (await repo.findBySlug('lada-vesta-long-term'))!;
    assert.deepEqual([moved.title, moved.revision], ['Lada Vesta long-term test', revision + 1]);
  });

  test('a dry run reports what would happen and stores nothing', async () => {
    const repo = articlesRepository(database);
    const count = await repo.count();
    const c = captureIo();
    const code = await runImportCommand([path.join(FIXTURES, 'wordpress-untitled.xml')], database, ZONE, { quiet: false, json: false, verbose: false, dryRun: true }, c.io as unknown as Io);
    assert.equal(code, 1, 'the untitled post still fails');
    assert.match(c.stdout(), /^dry run \(nothing stored\): would have imported 1 articles .*1 added, 0 updated, 0 unchanged, 1 failed/);
    assert.match(c.stdout(), /^authors {2}1 would be created, 0 would be updated .*, 0 unchanged$/m);
    assert.equal(await repo.count(), count);
    assert.equal(await repo.findBySlug('torque-wrenches-explained'), null);
    assert.equal(await repo.findAuthor('editor'), null, 'nor its author');
  });

  test('broken files: a cut-off or wrong-version export stores nothing and says why; a post without a title is reported and the others import', async () => {
    const repo = articlesRepository(database);
    const count = await repo.count();
    for (const [name, message] of [
      ['wordpress-truncated.xml', /ends before its closing <\/rss> \(inside <content:encoded>\): the export is cut off/],
      ['wordpress-wrong-version.xml', /unsupported version \(WXR 1\.1\); only WXR 1\.2 is read/],
    ] as const) {
      const c = captureIo();
      const code = await runImportCommand([path.join(FIXTURES, name)], database, ZONE, { quiet: false, json: false, verbose: false }, c.io as unknown as Io);
      assert.equal(code, 1, name);
      assert.match(c.stderr(), new RegExp(`${name}: file: .*${message.source}`), name);
      assert.equal(await repo.count(), count, `${name}: nothing stored`);
    }
    const c = captureIo();
    const code = await runImportCommand([path.join(FIXTURES, 'wordpress-untitled.xml')], database, ZONE, { quiet: false, json: false, verbose: false }, c.io as unknown as Io);
    assert.equal(code, 1);
    assert.match(c.stderr(), /wordpress-untitled\.xml: post 17: title: is empty/);
    assert.match(c.stdout(), /1 added, 0 updated, 0 unchanged, 1 failed/);
    assert.equal((await repo.findBySlug('torque-wrenches-explained'))?.title, 'Torque wrenches explained');
  });

  test('a password-protected post was never public, so it comes over as a draft', async () => {
    const locked = path.join(dir, 'locked.xml');
    fs.writeFileSync(locked, fs.readFileSync(WXR, 'utf8').replace('<wp:post_password><![CDATA[]]></wp:post_password>', '<wp:post_password><![CDATA[pit-crew]]></wp:post_password>'));
    const repo = articlesRepository(database);
    const report = await importPaths([locked], { repo, db: database.db, timeZone: ZONE });
    assert.equal(report.notes['password-protected post imported as a draft'], 1);
    assert.equal((await repo.findBySlug('lada-vesta-road-test'))!.status, 'draft');
  });

  test('in a folder, an export is found by its content and other XML (a sitemap) is passed over; named on its own, such a file is refused', async () => {
    const folder = path.join(dir, 'site-backup');
    fs.mkdirSync(folder, { recursive: true });
    fs.copyFileSync(WXR, path.join(folder, 'export.xml'));
    fs.writeFileSync(path.join(folder, 'sitemap.xml'), '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://pitlane.example/</loc></url></urlset>');
    const repo = articlesRepository(database);
    const report = await importPaths([folder], { repo, db: database.db, timeZone: ZONE });
    assert.deepEqual([report.files, report.failed], [1, 0]);
    const alone = await importPaths([path.join(folder, 'sitemap.xml')], { repo, db: database.db, timeZone: ZONE });
    assert.equal(alone.failed, 1);
    assert.match(alone.issues[0]!.message, /^is not a WordPress export \(WXR 1\.2/);
  });

  test('a large gzipped export is read a chunk at a time: the importer never holds more than two batches of posts', async () => {
    const file = path.join(dir, 'large.xml.gz');
    const head = fs.readFileSync(WXR, 'utf8').split('<item>')[0]!;
    const items = Array.from(
      { length: 600 },
      (_, i) => `<item><title><![CDATA[Generated post ${i}]]></title><link>https://pitlane.example/g/${i}/</link><dc:creator><![CDATA[mhale]]></dc:creator>
<content:encoded><![CDATA[First paragraph of post ${i}.

Second paragraph.]]></content:encoded><wp:post_id>${5000 + i}</wp:post_id><wp:post_date_gmt><![CDATA[2023-01-01 10:00:00]]></wp:post_date_gmt>
<wp:post_name><![CDATA[generated-${i}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type></item>`,
    );
    fs.writeFileSync(file, zlib.gzipSync(`${head}${items.join('\n')}</channel></rss>`));
    let held = 0;
    let maxHeld = 0;
    const counting: Composer = {
      async compose(list) {
        held += list.length;
        maxHeld = Math.max(maxHeld, held);
        return inlineComposer.compose(list);
      },
      close: async () => {},
    };
    let lastBytes = 0;
    const report = await importPaths([file], {
      repo: articlesRepository(database),
      db: database.db,
      timeZone: ZONE,
      composer: counting,
      batchSize: 50,
      listener: { article: () => held--, progress: ({ bytes }) => (lastBytes = bytes) },
    });
    assert.equal(report.added, 600);
    assert.ok(maxHeld <= 100, `held at most two batches of 50, held ${maxHeld}`);
    assert.equal(lastBytes, fs.statSync(file).size, 'progress counts the file as read');
  });
});

forEachEngine('WordPress import with --media', (open) => {
  let database: TestDatabase;
  before(async () => {
    database = await open();
  });
  after(() => database.close());

  test('featured images found in the uploads copy go into the media library and become the articles\' library images', async () => {
    const uploads = path.join(dir, 'uploads');
    fs.mkdirSync(path.join(uploads, '2024/03'), { recursive: true });
    fs.mkdirSync(path.join(uploads, '2024/02'), { recursive: true });
    await sharp({ create: { width: 800, height: 450, channels: 3, background: { r: 120, g: 120, b: 130 } } }).jpeg().toFile(path.join(uploads, '2024/03/vesta-front.jpg'));
    await sharp({ create: { width: 800, height: 450, channels: 3, background: { r: 230, g: 240, b: 250 } } }).jpeg().toFile(path.join(uploads, '2024/02/snow-loop.jpg'));
    const repo = articlesRepository(database);
    const library = testLibrary(database);
    const dry = await importPaths([WXR], { repo, db: database.db, timeZone: ZONE, media: { library, dir: uploads }, dryRun: true });
    assert.equal(dry.notes['featured image that would be added to the media library'], 2);
    assert.equal((await library.repo.list({ limit: 10 })).items.length, 0, 'a dry run adds no image');
    assert.deepEqual([dry.authors, dry.redirects], [{ created: 3, updated: 0, unchanged: 0 }, 6], 'counted as a real run would');
    assert.equal(await database.db.selectFrom('authors').select('id').executeTakeFirst(), undefined, 'a dry run stores no author');
    assert.equal(await redirectsRepository(database.db).count(), 0, 'nor any redirect');

    const report = await importPaths([WXR], { repo, db: database.db, timeZone: ZONE, media: { library, dir: uploads } });
    assert.equal(report.added, 6);
    assert.equal(report.notes['featured image added to the media library'], 2);
    assert.equal(report.notes['featured image kept as an external address (no --media)'], undefined);
    const vesta = (await repo.findBySlug('lada-vesta-road-test'))!;
    assert.ok(isLibraryHero(vesta.hero));
    assert.equal(vesta.heroImage?.alt, 'A grey Lada Vesta parked by a frozen river');
    assert.equal(vesta.heroImage?.caption, 'The Vesta on a February morning');
    const winter = (await repo.findBySlug('five-crossovers-for-winter'))!;
    assert.ok(isLibraryHero(winter.hero));
    assert.equal(winter.hero.alt, 'The test loop at dawn', 'no alt text in WordPress: the caption stands in, so the article may be published');

    const again = await importPaths([WXR], { repo, db: database.db, timeZone: ZONE, media: { library, dir: uploads } });
    assert.deepEqual([again.added, again.updated, again.unchanged], [0, 0, 6], 'the same pictures are the same library items');
  });
});
