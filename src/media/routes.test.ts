import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { buildTestApp, testConfig } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { cameraJpeg, scratchDir } from '../../test/support/images';
import { mediaLibraryFromConfig, type MediaLibrary } from './library';
import { variantStorageKey, type MediaItem } from './model';

forEachEngine('media files over HTTP', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let media: MediaLibrary;
  let item: MediaItem;
  const scratch = scratchDir();
  before(async () => {
    database = await open();
    app = await buildTestApp(database);
    // The same MEDIA_DIR as the app's.
    media = mediaLibraryFromConfig(database.db, testConfig());
    ({ item } = await media.add({ file: scratch.file('camera.jpg', await cameraJpeg()), name: 'camera.jpg', actor: 'cli' }, new Date()));
  });
  after(async () => {
    await app.close();
    await database.close();
    scratch.remove();
  });

  test('each copy is served with its type and a year of immutable caching', async () => {
    for (const [file, type, format] of [['200.avif', 'image/avif', 'heif'], ['200.webp', 'image/webp', 'webp'], ['200.jpg', 'image/jpeg', 'jpeg'], ['original.jpg', 'image/jpeg', 'jpeg']] as const) {
      const res = await app.inject({ method: 'GET', url: `/media/${item.key}/${file}` });
      assert.equal(res.statusCode, 200, file);
      assert.equal(res.headers['content-type'], type);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(Number(res.headers['content-length']), res.rawPayload.length);
      const meta = await sharp(res.rawPayload).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height, meta.exif], [format, 200, 300, undefined]);
    }
  });

  test('unknown pictures, widths it does not have and formats we do not make are not found or refused', async () => {
    const unknown = await app.inject({ method: 'GET', url: `/media/${'0'.repeat(64)}/320.webp` });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.headers['cache-control']?.includes('immutable'), false);
    // 200 pixels wide: no 640 copy (never upscaled), and no PNG of a JPEG original.
    assert.equal((await app.inject({ method: 'GET', url: `/media/${item.key}/640.webp` })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/media/${item.key}/200.png` })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/media/${item.key}/original.png` })).statusCode, 404);
    for (const bad of [`/media/${item.key}/200.gif`, `/media/${item.key}/200.svg`, `/media/${item.key.toUpperCase()}/200.jpg`, `/media/../../etc/passwd/200.jpg`, `/media/${item.key}/0200.jpg`]) {
      const res = await app.inject({ method: 'GET', url: bad });
      assert.ok(res.statusCode === 400 || res.statusCode === 404, `${bad}: ${res.statusCode}`);
    }
  });

  test('a copy missing from storage is made again from the original on its first request', async () => {
    await media.storage.delete(variantStorageKey(item.key, 200, 'webp'));
    const res = await app.inject({ method: 'GET', url: `/media/${item.key}/200.webp` });
    assert.equal(res.statusCode, 200);
    assert.equal((await sharp(res.rawPayload).metadata()).width, 200);
    assert.equal(await media.storage.exists(variantStorageKey(item.key, 200, 'webp')), true);
  });

  test('a picture added with its copies left for later (the demo) stores none until one is asked for', async () => {
    // A colour of its own: storage is by content, and another engine's run may share the folder.
    const background = { r: Math.floor(Math.random() * 256), g: Math.floor(Math.random() * 256), b: Math.floor(Math.random() * 256) };
    const png = await sharp({ create: { width: 700, height: 400, channels: 3, background } }).png().toBuffer();
    const { item: later } = await media.add({ file: scratch.file('later.png', png), name: 'later.png', actor: 'cli', copies: 'on-request' }, new Date());
    assert.equal(await media.storage.exists(variantStorageKey(later.key, 640, 'avif')), false);
    const res = await app.inject({ method: 'GET', url: `/media/${later.key}/640.avif` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/avif');
    assert.equal((await sharp(res.rawPayload).metadata()).width, 640);
    assert.equal(await media.storage.exists(variantStorageKey(later.key, 640, 'avif')), true);
  });
});
