import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { withoutSentenceAnchors } from '../../../test/support/articles';
import { captureIo } from '../../../test/support/capture-io';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines';
import { testLibrary } from '../../../test/support/media';
import { isLibraryHero } from '../model';
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
    // The site's time zone plays no part: Ghost's dates are UTC instants.
    const report = await importPaths([GHOST], { repo, timeZone: 'America/New_York' });
    assert.deepEqual([report.added, report.updated, report.unchanged, report.failed], [4, 0, 0, 0]);
    assert.deepEqual(report.skipped, { page: 1 });
    assert.deepEqual(report.notes, {
      'post whose images address the old site (__GHOST_URL__: made site-relative)': 1,
      'featured image without alt text (caption or title used)': 1,
      'featured image kept as an external address (no --media)': 2,
    });

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

  test('importing it again changes nothing; a dry run of a changed export stores nothing', async () => {
    const repo = articlesRepository(database);
    const again = await importPaths([GHOST], { repo, timeZone: 'UTC' });
    assert.deepEqual([again.added, again.updated, again.unchanged], [0, 0, 4]);
    const changed = path.join(dir, 'changed.json');
    fs.writeFileSync(changed, fs.readFileSync(GHOST, 'utf8').replace('"title": "Le Mans preview"', '"title": "Le Mans 24 Hours preview"'));
    const dry = await importPaths([changed], { repo, timeZone: 'UTC', dryRun: true });
    assert.deepEqual([dry.added, dry.updated, dry.unchanged], [0, 1, 3]);
    assert.equal((await repo.findBySlug('le-mans-preview'))!.title, 'Le Mans preview', 'the dry run stored nothing');
    const real = await importPaths([changed], { repo, timeZone: 'UTC' });
    assert.deepEqual([real.added, real.updated, real.unchanged], [0, 1, 3]);
    assert.equal((await repo.findBySlug('le-mans-preview'))!.title, 'Le Mans 24 Hours preview');
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
    const report = await importPaths([file], { repo: articlesRepository(database), timeZone: 'UTC', composer: counting, batchSize: 50, listener: { article: () => held-- } });
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
    const repo = articlesRepository(database);
    const report = await importPaths([GHOST], { repo, timeZone: 'UTC', media: { library: testLibrary(database), dir: images } });
    assert.equal(report.added, 4);
    assert.equal(report.notes['featured image added to the media library'], 1);
    assert.equal(report.notes['featured image from another site kept as an external address'], 1);
    const ex30 = (await repo.findBySlug('volvo-ex30-first-drive'))!;
    assert.ok(isLibraryHero(ex30.hero));
    assert.equal(ex30.heroImage?.alt, 'A blue Volvo EX30 in front of snowy peaks');
    assert.equal(ex30.heroImage?.caption, 'The EX30 at the top of the pass');
  });
});
