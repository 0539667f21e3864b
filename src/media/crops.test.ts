import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { addImage, testLibrary } from '../../test/support/media';
import { CROP_NAMES, CROPS, cropSize, cropStorageKey, cropUrl } from './model';

test('a crop is the largest box of its shape, at most 1200 wide, worked out from the size alone', () => {
  assert.deepEqual(cropSize({ width: 4000, height: 3000 }, '16x9'), { width: 1200, height: 675 });
  assert.deepEqual(cropSize({ width: 4000, height: 3000 }, '4x3'), { width: 1200, height: 900 });
  assert.deepEqual(cropSize({ width: 4000, height: 3000 }, '1x1'), { width: 1200, height: 1200 });
  // Smaller than the cap: never enlarged.
  assert.deepEqual(cropSize({ width: 960, height: 540 }, '16x9'), { width: 960, height: 540 });
  assert.deepEqual(cropSize({ width: 960, height: 540 }, '4x3'), { width: 720, height: 540 });
  assert.deepEqual(cropSize({ width: 960, height: 540 }, '1x1'), { width: 540, height: 540 });
  // A portrait picture: the width limits.
  assert.deepEqual(cropSize({ width: 600, height: 1000 }, '16x9'), { width: 600, height: 338 });
});

forEachEngine('cropped copies over HTTP', (open) => {
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

  test('each crop is made on first request, in its shape and the item format, cached for a year, then kept', async () => {
    const library = testLibrary(database);
    const item = await addImage(library, { width: 1600, height: 1000 });
    for (const crop of CROP_NAMES) {
      assert.equal(await library.storage.exists(cropStorageKey(item.key, crop, item.format)), false, 'not made at upload');
      const res = await app.inject({ method: 'GET', url: cropUrl(item, crop) });
      assert.equal(res.statusCode, 200, crop);
      assert.equal(res.headers['content-type'], 'image/jpeg');
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
      const meta = await sharp(res.rawPayload).metadata();
      const [w, h] = CROPS[crop];
      assert.deepEqual({ width: meta.width, height: meta.height }, cropSize(item, crop));
      assert.ok(Math.abs(meta.width! / meta.height! - w / h) < 0.01, `${crop} is ${meta.width}×${meta.height}`);
      assert.equal(await library.storage.exists(cropStorageKey(item.key, crop, item.format)), true);
    }
  });

  test('a crop in another format than the item, of an unknown item or of another shape is not found', async () => {
    const item = await addImage(testLibrary(database), { width: 800, height: 600 });
    assert.equal((await app.inject({ method: 'GET', url: `/media/${item.key}/16x9.png` })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/media/${item.key}/16x9.webp` })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/media/${'0'.repeat(64)}/16x9.jpg` })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/media/${item.key}/3x2.jpg` })).statusCode, 400);
  });
});
