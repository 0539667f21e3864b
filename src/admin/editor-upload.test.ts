import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { Agent, createUser, TEST_PASSWORD } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { bombPng, noisyJpeg, SVG } from '../../test/support/images';
import { multipartBody, type Part } from '../../test/support/multipart';

const MAX_BYTES = 300_000;
const BODY =
  'The updated crossover reaches dealers in February with a new grille and a larger screen.\n\n' +
  'Its 2.0-litre engine now meets the latest emission rules, and prices rise by about three percent.';

/** A photo-sized JPEG of one colour, different for each call (the library merges identical pictures). */
let shade = 0;
async function photo(width = 1600, height = 900): Promise<Buffer> {
  shade += 1;
  return sharp({ create: { width, height, channels: 3, background: { r: (shade * 53) % 256, g: 120, b: (shade * 29) % 256 } } }).jpeg().toBuffer();
}

forEachEngine('uploading an image from the article editor', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let editor: Agent;
  const clock = new Date('2026-11-24T09:00:00Z');

  before(async () => {
    database = await open();
    app = await buildTestApp(database, { now: () => clock, env: { MEDIA_MAX_BYTES: String(MAX_BYTES) } });
    await createUser(database.db, 'ed@example.com', 'editor');
    editor = new Agent(app);
    await editor.login('ed@example.com', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const mediaCount = async () => (await database.db.selectFrom('media').select('id').execute()).length;
  const articleRow = (slug: string) => database.db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst();
  const decode = (html: string) => html.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

  /**
   * The editor's form as Chromium sends it: the CSRF token first, the fields in the page's order,
   * the image box's file picker among them (a part with no name and no bytes when nothing is picked).
   */
  async function postEditor(url: string, fields: Record<string, string>, file: { filename: string; data: Buffer | string; type?: string } | null, options: { csrf?: string | null; page?: string } = {}) {
    await editor.get(options.page ?? '/admin/articles/new');
    const token = options.csrf === undefined ? editor.csrf : options.csrf;
    const { action = 'save', ...rest } = fields;
    const before: Part[] = [];
    const afterFile: Part[] = [];
    const order = ['revision', 'title', 'standfirst', 'bodyMd', 'author', 'rubric', 'tags'];
    for (const name of order) if (name in rest) before.push({ name, value: rest[name]! });
    for (const [name, value] of Object.entries(rest)) if (!order.includes(name)) afterFile.push({ name, value });
    const picker: Part = file ? { name: 'heroFile', filename: file.filename, data: file.data, type: file.type ?? 'image/jpeg' } : { name: 'heroFile', filename: '', data: '' };
    const parts = [...(token === null ? [] : [{ name: '_csrf', value: token }]), ...before, picker, ...afterFile, { name: 'action', value: action }];
    const { payload, contentType } = multipartBody(parts);
    return editor.request({ method: 'POST', url, payload, headers: { 'content-type': contentType } });
  }

  test('the editor is a multipart form with a file picker in its image box, the CSRF token first, and the drop-zone script', async () => {
    const page = await editor.get('/admin/articles/new');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="post" action="\/admin\/articles" enctype="multipart\/form-data"[^>]*>\s*<input type="hidden" name="_csrf"/);
    assert.match(page.body, /<fieldset class="hero-field" data-drop-zone="pick"><legend>Image<\/legend>[\s\S]*?<input type="file" name="heroFile" accept="image\/jpeg[^"]*"/);
    assert.match(page.body, /<script src="\/admin\/static\/media-drop.js" defer/);
  });

  test('a picture uploaded in the editor joins the library and becomes the published article\'s image, with the alt text typed there', async () => {
    const before = await mediaCount();
    const res = await postEditor(
      '/admin/articles',
      { title: 'Updated crossover arrives', bodyMd: BODY, heroAlt: 'A silver crossover in a showroom', heroCredit: 'Press office', action: 'publish' },
      { filename: 'crossover.jpg', data: await photo() },
    );
    assert.equal(res.statusCode, 303, res.body);
    assert.match(String(res.headers.location), /\/admin\/articles\/\d+\?done=published$/);
    assert.equal(await mediaCount(), before + 1);
    const item = await database.db.selectFrom('media').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(item.original_name, 'crossover.jpg');
    assert.equal(item.created_by, 'ed@example.com');
    assert.equal(item.alt, 'A silver crossover in a showroom', 'the library item is described with what was typed in the editor');
    const row = await articleRow('updated-crossover-arrives');
    assert.equal(row?.hero_media_id, item.id);
    assert.equal(row?.status, 'published');
    const actions = (await database.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((a) => a.action);
    assert.deepEqual(actions.slice(-3), ['media.add', 'article.create', 'article.publish']);

    const edit = await editor.get(String(res.headers.location));
    assert.match(edit.body, new RegExp(`name="heroMedia" value="${item.id}"`), 'the editor shows the new image as the chosen one');
    const article = await app.inject({ method: 'GET', url: '/news/updated-crossover-arrives' });
    const hero = /<figure class="hero">([\s\S]*?)<\/figure>/.exec(article.body)![1]!;
    assert.match(hero, new RegExp(`<picture><source type="image/avif" srcset="/media/${item.key}/320\\.avif 320w`));
    assert.match(hero, /alt="A silver crossover in a showroom"/);
    assert.match(hero, /Photo: Press office/);
  });

  test('a picture uploaded while editing an existing article replaces its image', async () => {
    const draft = await postEditor('/admin/articles', { title: 'Winter tyre test', bodyMd: BODY }, null);
    assert.equal(draft.statusCode, 303, draft.body);
    const id = Number(/\/admin\/articles\/(\d+)/.exec(String(draft.headers.location))![1]);
    assert.equal((await articleRow('winter-tyre-test'))?.hero_media_id, null);
    const res = await postEditor(`/admin/articles/${id}`, { revision: '1', title: 'Winter tyre test', bodyMd: BODY, heroAlt: 'Tyres on a snowy track' }, { filename: 'tyres.jpg', data: await photo(1200, 800) }, { page: `/admin/articles/${id}` });
    assert.equal(res.statusCode, 303, res.body);
    const row = await articleRow('winter-tyre-test');
    const item = await database.db.selectFrom('media').select(['id', 'original_name']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(item.original_name, 'tyres.jpg');
    assert.equal(row?.hero_media_id, item.id);
    assert.equal(row?.revision, 2);
  });

  test('a bad file is refused with the library\'s 4xx beside the picker; the typed article comes back and nothing is stored', async () => {
    const whole = await noisyJpeg(300, 200);
    const cases: [string, Buffer | string, number, RegExp][] = [
      ['notes.jpg', 'These are notes, not a photo.', 415, /“notes\.jpg” is not an image/],
      ['logo.svg', SVG, 415, /“logo\.svg” is an SVG drawing, which is not accepted/],
      ['bomb.png', bombPng(100_000), 422, /“bomb\.png” is 100000×100000 pixels/],
      ['cut.jpg', whole.subarray(0, whole.length >> 1), 422, /“cut\.jpg” is damaged or incomplete/],
      ['huge.jpg', await noisyJpeg(1500, 1500, 100), 413, /“huge\.jpg” is larger than 293 KB/],
    ];
    const media = await mediaCount();
    const audits = (await database.db.selectFrom('audit_log').select('id').execute()).length;
    for (const [filename, data, status, message] of cases) {
      const typed = { title: `Spy shots: ${filename}`, standfirst: 'Seen near the test track.', bodyMd: BODY, tags: 'spy, prototypes', heroAlt: 'A camouflaged prototype', action: 'publish' };
      const res = await postEditor('/admin/articles', typed, { filename, data });
      assert.equal(res.statusCode, status, `${filename}: ${res.body.slice(0, 300)}`);
      const html = decode(res.body);
      assert.match(html, new RegExp(`<span class="field-error" id="heroFile-error">${message.source}`), `${filename}: the message is beside the picker`);
      assert.match(html, /name="heroFile" accept="[^"]+" aria-invalid="true" aria-describedby="heroFile-error"/);
      assert.ok(html.includes(`value="${typed.title}"`), `${filename}: the title is kept`);
      assert.ok(html.includes(`>${BODY}</textarea>`), `${filename}: the body is kept`);
      assert.ok(html.includes('value="spy, prototypes"') && html.includes('value="A camouflaged prototype"'), `${filename}: tags and alt text are kept`);
      assert.match(html, /role="alert"/);
    }
    assert.equal(await mediaCount(), media, 'no library item');
    assert.equal((await database.db.selectFrom('articles').select('id').where('title', 'like', 'Spy shots:%').execute()).length, 0, 'no article');
    assert.equal((await database.db.selectFrom('audit_log').select('id').execute()).length, audits, 'nothing audited');

    // Refused while editing: the stored article is untouched.
    const draft = await postEditor('/admin/articles', { title: 'Concept car revealed', bodyMd: BODY }, null);
    const id = Number(/\/admin\/articles\/(\d+)/.exec(String(draft.headers.location))![1]);
    const refused = await postEditor(`/admin/articles/${id}`, { revision: '1', title: 'Concept car revealed at last', bodyMd: BODY }, { filename: 'logo.svg', data: SVG }, { page: `/admin/articles/${id}` });
    assert.equal(refused.statusCode, 415);
    assert.match(refused.body, /value="Concept car revealed at last"/);
    const row = await articleRow('concept-car-revealed');
    assert.equal(row?.title, 'Concept car revealed');
    assert.equal(row?.revision, 1);
  });

  test('an accepted picture stays chosen when publishing is refused for its missing alt text, so it is not uploaded twice', async () => {
    const before = await mediaCount();
    const res = await postEditor('/admin/articles', { title: 'Electric van on sale', bodyMd: BODY, action: 'publish' }, { filename: 'van.jpg', data: await photo() });
    assert.equal(res.statusCode, 422, res.body.slice(0, 300));
    assert.equal(await mediaCount(), before + 1);
    const item = await database.db.selectFrom('media').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.match(res.body, new RegExp(`id="heroAlt-error">Image ${item.id} has no alt text`));
    assert.match(decode(res.body), new RegExp(`Image #${item.id} \\(van\\.jpg\\) is in the media library and is this article[’']s image\\.`), 'the page says the picture was kept');
    assert.match(res.body, new RegExp(`name="heroMedia" value="${item.id}"`));
    assert.equal(await articleRow('electric-van-on-sale'), undefined);

    const again = await postEditor('/admin/articles', { title: 'Electric van on sale', bodyMd: BODY, heroMedia: String(item.id), heroAlt: 'A white electric van', action: 'publish' }, null);
    assert.equal(again.statusCode, 303, again.body.slice(0, 300));
    assert.equal((await articleRow('electric-van-on-sale'))?.hero_media_id, item.id);
    assert.equal(await mediaCount(), before + 1);
  });

  test('without its CSRF token first the post is refused (403) before the file is read, and nothing is stored', async () => {
    const media = await mediaCount();
    const typed = { title: 'Forged upload', bodyMd: BODY };
    const file = { filename: 'x.jpg', data: await photo(200, 100) };
    assert.equal((await postEditor('/admin/articles', typed, file, { csrf: null })).statusCode, 403);
    assert.equal((await postEditor('/admin/articles', typed, file, { csrf: 'forged' })).statusCode, 403);
    // A forged token followed by a body that breaks off inside the file: a 403, not the 400 that reading the file would give.
    await editor.get('/admin/articles/new');
    const cut = multipartBody([{ name: '_csrf', value: 'forged' }, { name: 'title', value: 'Forged upload' }, { name: 'heroFile', filename: 'x.jpg', data: await photo(200, 100) }]);
    const res = await editor.request({ method: 'POST', url: '/admin/articles', payload: cut.payload.subarray(0, cut.payload.length - 200), headers: { 'content-type': cut.contentType } });
    assert.equal(res.statusCode, 403);
    assert.equal(await mediaCount(), media);
    assert.equal(await articleRow('forged-upload'), undefined);
  });
});
