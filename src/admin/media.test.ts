import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { Agent, createUser, TEST_PASSWORD } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { bombPng, cameraJpeg, noisyJpeg, SVG, transparentPng } from '../../test/support/images';
import { multipartBody, type Part } from '../../test/support/multipart';

const MAX_BYTES = 300_000;

forEachEngine('admin media library', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let agent: Agent;
  let oversize: Buffer;
  before(async () => {
    database = await open();
    app = await buildTestApp(database, { env: { MEDIA_MAX_BYTES: String(MAX_BYTES) } });
    await createUser(database.db, 'editor@example.com', 'editor');
    agent = new Agent(app);
    await agent.login('editor@example.com', TEST_PASSWORD);
    oversize = await noisyJpeg(1500, 1500, 100);
    assert.ok(oversize.length > MAX_BYTES);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const count = async () => (await database.db.selectFrom('media').select('id').execute()).length;
  /** Posts the upload form as a browser does: the CSRF token first, then the files and texts. */
  async function upload(parts: Part[], options: { csrf?: string | null; headers?: Record<string, string> } = {}) {
    await agent.get('/admin/media');
    const token = options.csrf === undefined ? agent.csrf : options.csrf;
    const { payload, contentType } = multipartBody([...(token === null ? [] : [{ name: '_csrf', value: token }]), ...parts]);
    return agent.request({ method: 'POST', url: '/admin/media', payload, headers: { 'content-type': contentType, ...(options.headers ?? {}) } });
  }

  test('the library page has a plain upload form that needs no JavaScript', async () => {
    const page = await agent.get('/admin/media');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="post" action="\/admin\/media" enctype="multipart\/form-data"[^>]*>\s*<input type="hidden" name="_csrf"/);
    assert.match(page.body, /<input type="file" name="file" multiple/);
    assert.match(page.body, /href="\/admin\/media" aria-current="page"/);
    assert.equal((await agent.get('/admin/static/media-drop.js')).statusCode, 200);
  });

  test('uploading two images adds them with their alt text, audited, and shows them in the library', async () => {
    const res = await upload([
      { name: 'file', filename: 'camera.jpg', data: await cameraJpeg(), type: 'image/jpeg' },
      { name: 'file', filename: 'logo.png', data: await transparentPng(400, 200), type: 'image/png' },
      { name: 'alt', value: 'Two colours, red above blue' },
      { name: 'credit', value: 'Paddock test' },
    ]);
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, '/admin/media?done=added');
    const rows = await database.db.selectFrom('media').select(['id', 'key', 'alt', 'credit', 'created_by', 'original_name']).orderBy('id').execute();
    assert.deepEqual(
      rows.map((r) => [r.original_name, r.alt, r.credit, r.created_by]),
      [
        ['camera.jpg', 'Two colours, red above blue', 'Paddock test', 'editor@example.com'],
        ['logo.png', 'Two colours, red above blue', 'Paddock test', 'editor@example.com'],
      ],
    );
    const audit = await database.db.selectFrom('audit_log').select(['actor', 'target']).where('action', '=', 'media.add').orderBy('id').execute();
    assert.deepEqual(audit, rows.map((r) => ({ actor: 'editor@example.com', target: `media:${r.id}` })));

    const page = await agent.get('/admin/media?done=added');
    assert.match(page.body, /The images are in the library/);
    assert.match(page.body, new RegExp(`<img class="media-thumb" src="/media/${rows[0]!.key}/200\\.webp" width="200" height="300" alt="Two colours, red above blue"`));
    const thumb = await app.inject({ method: 'GET', url: `/media/${rows[1]!.key}/320.webp` });
    assert.equal(thumb.statusCode, 200);
    assert.equal((await sharp(thumb.rawPayload).metadata()).width, 320);

    // The same file again is the same item.
    const again = await upload([{ name: 'file', filename: 'camera-copy.jpg', data: await cameraJpeg() }]);
    assert.equal(again.statusCode, 303);
    assert.equal(await count(), 2);
  });

  test('each kind of bad file gets its 4xx with the catalogue message, and nothing is stored', async () => {
    const before = await count();
    const whole = await noisyJpeg(300, 200);
    const cases: [string, Buffer | string, number, RegExp][] = [
      ['notes.jpg', 'These are notes, not a photo.', 415, /“notes\.jpg” is not an image: upload a JPEG, PNG/],
      ['logo.svg', SVG, 415, /“logo\.svg” is an SVG drawing, which is not accepted/],
      ['bomb.png', bombPng(100_000), 422, /“bomb\.png” is 100000×100000 pixels, more than the 50 megapixels accepted/],
      ['cut.jpg', whole.subarray(0, whole.length >> 1), 422, /“cut\.jpg” is damaged or incomplete/],
      ['huge.jpg', oversize, 413, /“huge\.jpg” is larger than 293 KB/],
    ];
    for (const [filename, data, status, message] of cases) {
      const res = await upload([{ name: 'file', filename, data, type: 'image/jpeg' }]);
      assert.equal(res.statusCode, status, `${filename}: ${res.body.slice(0, 300)}`);
      assert.match(res.body.replace(/&amp;/g, '&'), message, filename);
      assert.match(res.body, /role="alert"/);
    }
    assert.equal(await count(), before);

    const json = await upload([{ name: 'file', filename: 'notes.txt', data: 'plain text' }], { headers: { accept: 'application/json' } });
    assert.equal(json.statusCode, 415);
    assert.equal(json.json().error.code, 'media_not_image');

    const none = await upload([{ name: 'file', filename: '', data: '' }]);
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /No file was sent/);
  });

  test('a good and a bad file together: the good one is added, the page names the bad one', async () => {
    const before = await count();
    const res = await upload([
      { name: 'file', filename: 'fresh.png', data: await transparentPng(300, 300) },
      { name: 'file', filename: 'drawing.svg', data: SVG },
    ]);
    assert.equal(res.statusCode, 415);
    assert.match(res.body, /Added: fresh\.png \(#\d+\)/);
    assert.match(res.body, /“drawing\.svg” is an SVG drawing/);
    assert.equal(await count(), before + 1);
  });

  test('an upload without its CSRF token, or with it after the file, is refused before any file is read', async () => {
    const before = await count();
    const file = { name: 'file', filename: 'x.png', data: await transparentPng(50, 50) };
    assert.equal((await upload([file], { csrf: null })).statusCode, 403);
    assert.equal((await upload([file], { csrf: 'forged' })).statusCode, 403);
    const late = multipartBody([file, { name: '_csrf', value: agent.csrf }]);
    const res = await agent.request({ method: 'POST', url: '/admin/media', payload: late.payload, headers: { 'content-type': late.contentType } });
    assert.equal(res.statusCode, 403);
    assert.equal(await count(), before);
    const stray = await upload([{ name: 'photo', filename: 'x.png', data: await transparentPng(50, 50) }]);
    assert.equal(stray.statusCode, 400);
    assert.match(stray.body, /“photo” is not a known field here/);
  });

  test('a malformed or cut-off upload body, or too many files, is a 4xx, not a 500', async () => {
    await agent.get('/admin/media');
    const { payload, contentType } = multipartBody([{ name: '_csrf', value: agent.csrf }, { name: 'file', filename: 'x.png', data: await transparentPng(50, 50) }]);
    const cut = await agent.request({ method: 'POST', url: '/admin/media', payload: payload.subarray(0, payload.length - 40), headers: { 'content-type': contentType } });
    assert.equal(cut.statusCode, 400);
    assert.match(cut.body, /malformed or ends early/);
    const garbage = await agent.request({ method: 'POST', url: '/admin/media', payload: 'not multipart at all', headers: { 'content-type': 'multipart/form-data; boundary=xyz' } });
    assert.ok(garbage.statusCode >= 400 && garbage.statusCode < 500, String(garbage.statusCode));
    const urlencoded = await agent.post('/admin/media', { alt: 'x' });
    assert.equal(urlencoded.statusCode, 415);
    const many = await upload(Array.from({ length: 21 }, (_, i) => ({ name: 'file', filename: `${i}.txt`, data: 'x' })));
    assert.equal(many.statusCode, 413);
  });

  test('alt text, credit and caption are edited on the item page (audited); search finds them', async () => {
    const item = await database.db.selectFrom('media').select(['id']).orderBy('id').executeTakeFirstOrThrow();
    const page = await agent.get(`/admin/media/${item.id}`);
    assert.equal(page.statusCode, 200);
    const saved = await agent.post(`/admin/media/${item.id}`, { alt: 'A red and blue test card', credit: 'Studio', caption: 'Shot for the test' });
    assert.equal(saved.statusCode, 303);
    assert.match((await agent.get(saved.headers.location!)).body, /Saved\./);
    const audit = await database.db.selectFrom('audit_log').select(['actor', 'target']).where('action', '=', 'media.update').execute();
    assert.deepEqual(audit, [{ actor: 'editor@example.com', target: `media:${item.id}` }]);

    const found = await agent.get('/admin/media?q=test+card');
    assert.match(found.body, new RegExp(`href="/admin/media/${item.id}"`));
    assert.doesNotMatch((await agent.get('/admin/media?q=nothing-like-this')).body, /class="media-thumb"/);

    const tooLong = await agent.post(`/admin/media/${item.id}`, { alt: 'a'.repeat(501) });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /“alt” is too long: at most 500 characters/);
    assert.equal((await agent.get('/admin/media/999999')).statusCode, 404);
    assert.equal((await agent.get('/admin/media?before=nonsense')).statusCode, 400);
  });

  test('signed-out visitors are sent to sign in', async () => {
    const res = await app.inject({ method: 'GET', url: '/admin/media' });
    assert.equal(res.statusCode, 303);
    assert.match(res.headers.location!, /^\/admin\/login/);
  });
});
