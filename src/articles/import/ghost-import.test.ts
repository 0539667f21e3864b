import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { articleInput, withoutSentenceAnchors } from '../../../test/support/articles';
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
const GHOST = path.join(FIXTURES, 'ghost-5.json');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-ghost-import-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

type Io = Parameters<typeof runImportCommand>[4];
const quietly = { quiet: false, json: false, verbose: false };


forEachEngine('Ghost import', (open) => {
  let database: TestDatabase;
  before(async () => {
    database = await open();
  });
  after(() => database.close());

  test('a Ghost 5 export brings its posts over: statuses, dates, primary tag as rubric, tags, authors, images, bodies from the html', async () => {
    const repo = articlesRepository(database);
    // Lena is already an author here, made by a byline before the import (her address is ours, not Ghost's).
    await repo.save(articleInput({ slug: 'written-here', author: 'Lena Berg' }));
    // The site's time zone plays no part: Ghost's dates are UTC instants.
    const report = await importPaths([GHOST], { repo, db: database.db, timeZone: 'America/New_York' });
    assert.deepEqual([report.added, report.updated, report.unchanged, report.failed], [4, 0, 0, 0]);
    assert.deepEqual(report.skipped, { page: 1, 'staff user with no imported post': 1 });
    assert.deepEqual(report.notes, {
      'post whose images address the old site (__GHOST_URL__: made site-relative)': 1,
      'featured image without alt text (caption or title used)': 1,
      'featured image kept as an external address (no --media)': 2,
      'author picture from another site left out': 1,
      'author picture left out (no --media)': 1,
    });
    assert.deepEqual(report.authors, { created: 1, updated: 1, unchanged: 0 });

    const ex30 = (await repo.findBySlug('volvo-ex30-first-drive'))!;
    assert.deepEqual([ex30.status, ex30.publishedAt, ex30.updatedAt], ['published', '2024-03-11T06:00:00.000Z', '2024-03-12T09:15:00.000Z']);
    assert.equal(ex30.standfirst, "Two days in the Alps with Volvo's smallest electric car.");
    assert.equal(ex30.author, 'Lena Berg, Sam Okafor', 'authors in their order');
    assert.deepEqual(ex30.rubric, { slug: 'first-drives', name: 'First drives' }, 'the primary tag');
    assert.deepEqual(ex30.tags.map((t) => t.slug), ['electric'], 'the other tags, without internal #tags');
    assert.deepEqual(ex30.hero, { url: '/content/images/2024/03/ex30-front.jpg', alt: 'A blue Volvo EX30 in front of snowy peaks', credit: null });
    const html = withoutSentenceAnchors(ex30.bodyHtml);
    assert.ok(html.includes('<figure><img src="/content/images/2024/03/ex30-side.jpg" alt="The EX30 from the side on a mountain pass"'), 'the image card is a figure');
    assert.ok(html.includes('<figcaption>Compact, but not cramped</figcaption></figure>'));
    assert.match(html, /data-embed-src="https:\/\/www\.youtube-nocookie\.com\/embed\/aqz-KE-bpKQ"/, 'the embed card is our embed');
    assert.ok(html.includes('<table><tr><th>Battery</th><td>69 kWh</td></tr></table>'), 'an HTML card keeps its table');
    assert.ok(html.includes('<p>Charging from 10 to 80 per cent takes 26 minutes.</p>'), 'a callout is a paragraph');
    assert.doesNotMatch(html, /iframe|kg-card|<div/);

    const tyres = (await repo.findBySlug('winter-tyres-explained'))!;
    assert.deepEqual(tyres.hero, { url: 'https://images.example/tyres.jpg', alt: 'Winter tyres, explained', credit: null }, 'no alt text: the title stands in');
    const draft = (await repo.findBySlug('hydrogen-notes'))!;
    assert.deepEqual([draft.status, draft.publishedAt], ['draft', '2024-03-16T12:30:00.000Z'], 'a draft without published_at is dated by its last change');
    const scheduled = (await repo.findBySlug('le-mans-preview'))!;
    assert.deepEqual([scheduled.status, scheduled.publishedAt], ['published', '2030-06-01T10:00:00.000Z'], 'scheduled: published at a future time');
    assert.equal(await repo.findBySlug('about'), null, 'pages are not imported');
  });

  test('Ghost users are people here: name, slug, bio and links; one already here by name is the same person, and only what is empty is filled; old tag and author addresses redirect', async () => {
    const sam = await database.db.selectFrom('authors').selectAll().where('slug', '=', 'sam').executeTakeFirstOrThrow();
    assert.equal(sam.name, 'Sam Okafor');
    assert.equal(sam.bio, 'Editor. Drives anything with a steering wheel.');
    assert.deepEqual(JSON.parse(sam.links_json), [
      { label: 'Website', url: 'https://sam.example' },
      { label: 'X (Twitter)', url: 'https://x.com/samokafor' },
      { label: 'Facebook', url: 'https://www.facebook.com/samokafor.cars' },
    ]);
    assert.equal(sam.photo_media_id, null, 'no --media: no picture');
    const lena = await database.db.selectFrom('authors').selectAll().where('name', '=', 'Lena Berg').execute();
    assert.deepEqual(
      lena.map((l) => [l.slug, l.bio]),
      [['lena-berg', 'Writes about electric cars and the grid behind them.']],
      'one Lena: the one here, her empty bio filled',
    );
    assert.equal(await database.db.selectFrom('authors').select('id').where('slug', 'in', ['lena', 'ops']).executeTakeFirst(), undefined);

    const ex30 = await database.db
      .selectFrom('article_authors as aa')
      .innerJoin('articles as a', 'a.id', 'aa.article_id')
      .innerJoin('authors as p', 'p.id', 'aa.author_id')
      .select('p.slug')
      .where('a.slug', '=', 'volvo-ex30-first-drive')
      .orderBy('aa.position')
      .execute();
    assert.deepEqual(ex30.map((r) => r.slug), ['lena-berg', 'sam']);

    const redirects = redirectsRepository(database.db);
    const to = async (from: string) => (await redirects.find(from))?.to ?? null;
    assert.equal(await to('/author/lena'), '/author/lena-berg');
    assert.equal(await to('/author/sam'), null, 'the same address here');
    assert.equal(await to('/tag/first-drives'), '/rubric/first-drives', 'a primary tag is a rubric here');
    assert.equal(await to('/tag/motorsport'), '/rubric/motorsport');
    assert.equal(await to('/tag/electric'), null, 'a tag is a tag here at the same address');
    assert.equal(await to('/tag/hash-homepage'), null, 'internal tags had no page');
  });

  test('importing it again changes nothing; a dry run of a changed export stores nothing', async () => {
    const repo = articlesRepository(database);
    const again = await importPaths([GHOST], { repo, db: database.db, timeZone: 'UTC' });
    assert.deepEqual([again.added, again.updated, again.unchanged], [0, 0, 4]);
    assert.deepEqual([again.authors, again.redirects], [{ created: 0, updated: 0, unchanged: 2 }, 0]);
    const changed = path.join(dir, 'changed.json');
    fs.writeFileSync(changed, fs.readFileSync(GHOST, 'utf8').replace('"title": "Le Mans preview"', '"title": "Le Mans 24 Hours preview"'));
    const dry = await importPaths([changed], { repo, db: database.db, timeZone: 'UTC', dryRun: true });
    assert.deepEqual([dry.added, dry.updated, dry.unchanged], [0, 1, 3]);
    assert.equal((await repo.findBySlug('le-mans-preview'))!.title, 'Le Mans preview', 'the dry run stored nothing');
    const real = await importPaths([changed], { repo, db: database.db, timeZone: 'UTC' });
    assert.deepEqual([real.added, real.updated, real.unchanged], [0, 1, 3]);
    assert.equal((await repo.findBySlug('le-mans-preview'))!.title, 'Le Mans 24 Hours preview');
  });

  test('an author edited here is not overwritten by importing again: a renamed person at the source keeps the name here, and a bio is only filled when empty', async () => {
    const repo = articlesRepository(database);
    await database.db.updateTable('authors').set({ bio: 'Edited here.' }).where('slug', '=', 'sam').execute();
    const renamed = path.join(dir, 'renamed.json');
    // From the export of the test before (its Le Mans title), so that only the people differ.
    fs.writeFileSync(renamed, fs.readFileSync(path.join(dir, 'changed.json'), 'utf8').replace('"name": "Sam Okafor"', '"name": "Samuel Okafor"').replace('Editor. Drives anything with a steering wheel.', 'Editor at large.'));
    const kept = await importPaths([renamed], { repo, db: database.db, timeZone: 'UTC' });
    assert.deepEqual([kept.authors, kept.added, kept.updated], [{ created: 0, updated: 0, unchanged: 2 }, 0, 0]);
    const sam = await repo.findAuthor('sam');
    assert.deepEqual([sam?.name, sam?.bio], ['Sam Okafor', 'Edited here.']);
    assert.equal((await repo.findBySlug('volvo-ex30-first-drive'))!.author, 'Lena Berg, Sam Okafor', 'the byline is the name here, so it still links to him');

    await database.db.updateTable('authors').set({ bio: '' }).where('slug', '=', 'sam').execute();
    const filled = await importPaths([renamed], { repo, db: database.db, timeZone: 'UTC' });
    assert.deepEqual(filled.authors, { created: 0, updated: 1, unchanged: 1 });
    assert.equal((await repo.findAuthor('sam'))?.bio, 'Editor at large.');
  });

  test('broken files: a wrong version or a cut-off file stores nothing and says why; a post without a title is reported by id and the others import', async () => {
    const repo = articlesRepository(database);
    const count = await repo.count();
    const cut = path.join(dir, 'cut.json');
    const whole = fs.readFileSync(GHOST, 'utf8');
    fs.writeFileSync(cut, whole.slice(0, whole.indexOf('"posts_tags"')));
    for (const [file, message] of [
      [path.join(FIXTURES, 'ghost-wrong-version.json'), /file: is a Ghost export of an unsupported version \(Ghost 1\.25\.0\); Ghost 5 or later is read/],
      [cut, /file: is not valid JSON \(near db\.0\.data\.posts_meta\): .*the export may be cut off/],
    ] as const) {
      const c = captureIo();
      assert.equal(await runImportCommand([file], database, 'UTC', quietly, c.io as unknown as Io), 1, file);
      assert.match(c.stderr(), message, file);
      assert.equal(await repo.count(), count, `${file}: nothing stored`);
    }
    const untitled = path.join(dir, 'untitled.json');
    fs.writeFileSync(untitled, whole.replace('"title": "Winter tyres, explained"', '"title": ""').replaceAll('65f0a1b2c3d4e5f6010000', '75f0a1b2c3d4e5f6010000').replace(/"slug": "([a-z0-9-]+)"/g, '"slug": "copy-$1"'));
    const c = captureIo();
    assert.equal(await runImportCommand([untitled], database, 'UTC', quietly, c.io as unknown as Io), 1);
    assert.match(c.stderr(), /untitled\.json: post 75f0a1b2c3d4e5f601000002: title: is empty/);
    assert.match(c.stdout(), /3 added, 0 updated, 0 unchanged, 1 failed/);
  });

  test('a large export is read a row at a time: the importer never holds more than two batches of posts', async () => {
    const file = path.join(dir, 'large.json');
    const posts = Array.from({ length: 400 }, (_, i) => ({ id: `big${i}`, title: `Generated ${i}`, slug: `generated-${i}`, html: `<p>Body of post ${i}.</p>`, type: 'post', status: 'published', published_at: '2022-05-01T10:00:00.000Z' }));
    fs.writeFileSync(file, JSON.stringify({ db: [{ meta: { version: '5.80.0' }, data: { posts, tags: [], users: [] } }] }));
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
    const report = await importPaths([file], { repo: articlesRepository(database), db: database.db, timeZone: 'UTC', composer: counting, batchSize: 50, listener: { article: () => held-- } });
    assert.equal(report.added, 400);
    assert.ok(maxHeld <= 100, `held at most two batches of 50, held ${maxHeld}`);
  });
});

forEachEngine('Ghost import with --media', (open) => {
  let database: TestDatabase;
  before(async () => {
    database = await open();
  });
  after(() => database.close());

  test('a feature image found in the content/images copy becomes a library image with its alt text and caption', async () => {
    const images = path.join(dir, 'images');
    fs.mkdirSync(path.join(images, '2024/03'), { recursive: true });
    await sharp({ create: { width: 900, height: 500, channels: 3, background: { r: 40, g: 80, b: 160 } } }).jpeg().toFile(path.join(images, '2024/03/ex30-front.jpg'));
    fs.mkdirSync(path.join(images, '2023/01'), { recursive: true });
    await sharp({ create: { width: 400, height: 400, channels: 3, background: { r: 200, g: 150, b: 120 } } }).jpeg().toFile(path.join(images, '2023/01/sam-okafor.jpg'));
    const repo = articlesRepository(database);
    const report = await importPaths([GHOST], { repo, db: database.db, timeZone: 'UTC', media: { library: testLibrary(database), dir: images } });
    assert.equal(report.added, 4);
    assert.equal(report.notes['featured image added to the media library'], 1);
    assert.equal(report.notes['author picture added to the media library'], 1);
    assert.equal(report.notes['author picture from another site left out'], 1, "Lena's Gravatar");
    const photo = (await database.db.selectFrom('authors').select('photo_media_id').where('slug', '=', 'sam').executeTakeFirstOrThrow()).photo_media_id;
    assert.ok(photo !== null, "Sam's picture is a library image");
    const item = await database.db.selectFrom('media').selectAll().where('id', '=', photo).executeTakeFirstOrThrow();
    assert.equal(item.alt, 'Sam Okafor');
    assert.equal(report.notes['featured image from another site kept as an external address'], 1);
    const ex30 = (await repo.findBySlug('volvo-ex30-first-drive'))!;
    assert.ok(isLibraryHero(ex30.hero));
    assert.equal(ex30.heroImage?.alt, 'A blue Volvo EX30 in front of snowy peaks');
    assert.equal(ex30.heroImage?.caption, 'The EX30 at the top of the pass');
  });
});
