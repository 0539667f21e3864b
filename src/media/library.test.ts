import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { animatedGif, BLUE, bombPng, cameraJpeg, noisyJpeg, plainJpeg, RED, scratchDir, SVG, transparentPng } from '../../test/support/images';
import { Refusal } from '../errors';
import { createMediaLibrary, type MediaLibrary } from './library';
import { localStorage } from './local-storage';
import { originalStorageKey, pictureData, variantStorageKey, variantWidths } from './model';
import { decodeCursor } from './repository';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const LIMITS = { maxBytes: 25 * 1024 * 1024, maxPixels: 50_000_000 };

/** Every file under a folder, relative (what the storage holds). */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

const near = (pixel: number[], colour: number[]) => pixel.every((v, i) => Math.abs(v - colour[i]!) < 40);

async function pixelAt(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)];
}

forEachEngine('media library', (open) => {
  let database: TestDatabase;
  let scratch: ReturnType<typeof scratchDir>;
  let mediaDir: string;
  let media: MediaLibrary;
  before(async () => {
    database = await open();
    scratch = scratchDir();
    mediaDir = path.join(scratch.dir, 'media');
    media = createMediaLibrary({ db: database.db, storage: localStorage(mediaDir), limits: LIMITS });
  });
  after(async () => {
    await database.close();
    scratch.remove();
  });

  test('a camera JPEG is stored upright, without EXIF or GPS, with every copy; adding it again returns the same item', async () => {
    const source = await cameraJpeg();
    const exif = (await sharp(source).metadata()).exif!;
    assert.ok(exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])), 'the test image carries a GPS block');
    const file = scratch.file('IMG_0042.JPG', source);

    const { item, created } = await media.add({ file, name: file, actor: 'editor@example.com', alt: ' Two colours ', credit: 'Test' }, NOW);
    assert.equal(created, true);
    assert.deepEqual([item.width, item.height, item.format, item.sourceFormat, item.alt, item.originalName], [200, 300, 'jpeg', 'jpeg', 'Two colours', 'IMG_0042.JPG']);
    assert.match(item.key, /^[0-9a-f]{64}$/);

    const original = (await media.storage.get(originalStorageKey(item.key, 'jpeg')))!;
    const meta = await sharp(original).metadata();
    assert.equal(meta.exif, undefined, 'no EXIF (and so no GPS) in the stored original');
    assert.equal(meta.orientation, undefined);
    assert.deepEqual([meta.width, meta.height], [200, 300]);
    // Orientation 6 turns the picture a quarter clockwise: its left half (red) is on top.
    assert.ok(near(await pixelAt(original, 100, 20), RED), 'red on top');
    assert.ok(near(await pixelAt(original, 100, 280), BLUE), 'blue below');

    // Narrower than every standard width: one copy at its own width, never upscaled.
    for (const format of ['avif', 'webp', 'jpeg'] as const) {
      const copy = (await media.storage.get(variantStorageKey(item.key, 200, format)))!;
      const m = await sharp(copy).metadata();
      assert.equal(m.format, format === 'avif' ? 'heif' : format);
      assert.deepEqual([m.width, m.height, m.exif], [200, 300, undefined]);
    }
    assert.equal(await media.storage.exists(variantStorageKey(item.key, 320, 'webp')), false);

    const again = await media.add({ file, name: 'copy.jpg', actor: 'other@example.com' }, NOW);
    assert.deepEqual([again.created, again.item.id], [false, item.id]);
    const rows = await database.db.selectFrom('media').select('id').execute();
    assert.equal(rows.length, 1);
    const audits = await database.db.selectFrom('audit_log').select(['actor', 'action', 'target']).execute();
    assert.deepEqual(audits, [{ actor: 'editor@example.com', action: 'media.add', target: `media:${item.id}` }]);
  });

  test('a PNG with transparency stays PNG, with its alpha, in widths up to its own', async () => {
    const file = scratch.file('logo.png', await transparentPng(800, 400));
    const { item } = await media.add({ file, name: 'logo.png', actor: 'cli' }, NOW);
    assert.deepEqual([item.format, item.width, item.height], ['png', 800, 400]);
    assert.deepEqual(variantWidths(item.width), [320, 640, 800]);
    for (const width of [320, 640, 800]) {
      for (const format of ['avif', 'webp', 'png'] as const) {
        const m = await sharp((await media.storage.get(variantStorageKey(item.key, width, format)))!).metadata();
        assert.equal(m.width, width);
        assert.equal(m.hasAlpha, true, `${width}.${format} keeps transparency`);
      }
    }
  });

  test('a large photo gets every standard width and nothing wider than 1920', async () => {
    const file = scratch.file('wide.jpg', await noisyJpeg(2400, 1600));
    const { item } = await media.add({ file, name: 'wide.jpg', actor: 'cli' }, NOW);
    assert.deepEqual(variantWidths(item.width), [320, 640, 960, 1280, 1920]);
    const widest = await sharp((await media.storage.get(variantStorageKey(item.key, 1920, 'avif')))!).metadata();
    assert.deepEqual([widest.width, widest.height], [1920, 1280]);
    const picture = pictureData(item);
    assert.equal(picture.img.src, `/media/${item.key}/960.jpg`);
    assert.deepEqual(picture.sources.map((s) => s.type), ['image/avif', 'image/webp']);
    assert.match(picture.sources[0]!.srcset, new RegExp(`^/media/${item.key}/320\\.avif 320w, .* /media/${item.key}/1920\\.avif 1920w$`));
    assert.deepEqual([picture.img.width, picture.img.height], [2400, 1600]);
  });

  test('bad files are refused by name, and nothing of them is stored', async () => {
    const tight = createMediaLibrary({ db: database.db, storage: localStorage(path.join(scratch.dir, 'tight')), limits: { maxBytes: 200_000, maxPixels: 1_000_000 } });
    const whole = await noisyJpeg(600, 400);
    const cases: [string, Buffer | string, string, Record<string, string | number>?, MediaLibrary?][] = [
      ['bomb.png', bombPng(100_000), 'media_too_many_pixels', { width: 100_000, height: 100_000, limit: '50' }],
      ['just-over.jpg', await plainJpeg(1001, 1000), 'media_too_many_pixels', { width: 1001, height: 1000, limit: '1' }, tight],
      ['truncated.jpg', whole.subarray(0, Math.floor(whole.length / 2)), 'media_corrupt'],
      ['notes.jpg', 'These are my notes, not a photo.\n', 'media_not_image'],
      ['empty.png', Buffer.alloc(0), 'media_not_image'],
      ['drawing.svg', SVG, 'media_svg'],
      ['drawing.png', `  ${SVG.replace('<?xml version="1.0"?>\n', '')}`, 'media_svg'],
      ['spinner.gif', await animatedGif(), 'media_animated', { pages: 3 }],
      ['huge.jpg', await noisyJpeg(1000, 1000, 100), 'media_too_large', { limit: '195 KB' }, tight],
      ['random.bin', Buffer.from('\x89PNG\r\n\x1a\n' + 'x'.repeat(100), 'latin1'), 'media_corrupt'],
    ];
    for (const [name, data, code, params, library] of cases) {
      const file = scratch.file(name, data);
      await assert.rejects(
        (library ?? media).add({ file, name, actor: 'cli' }, NOW),
        (error: unknown) => {
          assert.ok(error instanceof Refusal, `${name}: ${String(error)}`);
          assert.equal(error.code, code, name);
          assert.equal(error.params.name, name);
          for (const [k, v] of Object.entries(params ?? {})) assert.equal(String(error.params[k]), String(v), `${name} ${k}`);
          return true;
        },
      );
    }
    const before = await database.db.selectFrom('media').select('id').execute();
    assert.equal(before.length, 3, 'only the three good images of the tests above');
    assert.deepEqual(filesUnder(path.join(scratch.dir, 'tight')), []);
    assert.deepEqual(filesUnder(path.join(mediaDir, '.tmp')), []);
  });

  test('alt text, credit and caption are edited through one audited function', async () => {
    const { items } = await media.repo.list({ limit: 1 });
    const item = items[0]!;
    const updated = await media.update({ id: item.id, alt: 'A blue-grey square\u0000', credit: 'Photo: Paddock', caption: 'Line one\r\nline two', actor: 'editor@example.com' }, NOW);
    assert.deepEqual([updated.alt, updated.credit, updated.caption], ['A blue-grey square', 'Photo: Paddock', 'Line one\nline two']);
    const audit = await database.db.selectFrom('audit_log').select(['action', 'target', 'details_json']).where('action', '=', 'media.update').execute();
    assert.deepEqual(audit.map((a) => [a.target, JSON.parse(a.details_json!)]), [[`media:${item.id}`, { changed: ['alt', 'credit', 'caption'] }]]);
    await assert.rejects(media.update({ id: 999_999, alt: '', credit: '', caption: '', actor: 'x' }, NOW), (e: unknown) => e instanceof Refusal && e.code === 'no_media');
    await assert.rejects(media.update({ id: item.id, alt: 'a'.repeat(501), credit: '', caption: '', actor: 'x' }, NOW), (e: unknown) => e instanceof Refusal && e.code === 'field_too_long' && e.field === 'alt');
  });

  test('the library lists newest first in pages and finds items by alt, caption, credit or file name', async () => {
    const first = await media.repo.list({ limit: 2 });
    assert.equal(first.items.length, 2);
    assert.ok(first.next);
    const second = await media.repo.list({ limit: 2, cursor: decodeCursor(first.next!) });
    assert.equal(second.items.length, 1);
    assert.equal(second.next, null);
    const ids = [...first.items, ...second.items].map((i) => i.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'same instant: newest id first');
    assert.deepEqual((await media.repo.list({ limit: 10, search: 'BLUE-GREY' })).items.length, 1);
    assert.deepEqual((await media.repo.list({ limit: 10, search: 'img_0042' })).items.map((i) => i.originalName), ['IMG_0042.JPG']);
    assert.equal((await media.repo.list({ limit: 10, search: '%' })).items.length, 0, '% is a letter, not a wildcard');
    assert.equal(decodeCursor('1-2-3'), null);
  });
});
