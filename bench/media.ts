/**
 * bench:media: images/s and peak memory of the media pipeline (media/library.ts `add`: check,
 * normalise, 15 resized copies, store, record) on a 24-megapixel JPEG and a large PNG made by
 * sharp, beside a bare sharp resize of the same file (to 1920 px JPEG) in the same run; the ratio
 * is how many bare resizes one upload costs. Each measurement runs in a child process of its own,
 * so its peak RSS is its own. BENCH_IMAGES (5) uploads per case, one at a time (as the server's
 * limiter runs them on two cores).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const IMAGES = Math.max(1, Number(process.env.BENCH_IMAGES ?? 5));
const here = fileURLToPath(import.meta.url);

interface Result {
  seconds: number;
  count: number;
  peakRssMb: number;
  startRssMb: number;
}

async function child(mode: string, file: string): Promise<void> {
  const startRssMb = process.memoryUsage.rss() / 1e6;
  const t0 = process.hrtime.bigint();
  if (mode === 'bare') {
    for (let i = 0; i < IMAGES; i++) await sharp(file).resize({ width: 1920 }).jpeg({ quality: 82 }).toBuffer();
  } else {
    const { createDatabase } = await import('../src/db/database');
    const { migrate } = await import('../src/db/migrate');
    const { createMediaLibrary } = await import('../src/media/library');
    const { localStorage } = await import('../src/media/local-storage');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-bench-media-'));
    const database = await createDatabase(`sqlite:${path.join(dir, 'bench.sqlite')}`);
    await migrate(database);
    const media = createMediaLibrary({ db: database.db, storage: localStorage(path.join(dir, 'media')), limits: { maxBytes: 500 * 1024 * 1024, maxPixels: 50_000_000 } });
    for (let i = 0; i < IMAGES; i++) {
      const { item, created } = await media.add({ file, name: path.basename(file), actor: 'bench' }, new Date());
      if (!created) throw new Error('expected a new item');
      // Forget it, so the next add of the same file does all the work again.
      await database.db.deleteFrom('media').execute();
      fs.rmSync(path.join(dir, 'media', item.key.slice(0, 2)), { recursive: true, force: true });
    }
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  // maxRSS is in kilobytes.
  const result: Result = { seconds, count: IMAGES, peakRssMb: process.resourceUsage().maxRSS / 1e3, startRssMb };
  process.stdout.write(JSON.stringify(result));
}

function measure(mode: string, file: string): Result {
  const out = execFileSync(process.execPath, [...process.execArgv, here, '--child', mode, file], { env: process.env, maxBuffer: 1 << 20 });
  return JSON.parse(out.toString()) as Result;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-bench-inputs-'));
  try {
    const inputs: { label: string; file: string }[] = [];
    process.stderr.write('making inputs…\n');
    // A photograph-like 24-megapixel JPEG: blurred noise compresses like a detailed photo.
    const jpeg = path.join(dir, 'photo-24mp.jpg');
    await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).blur(1.5).jpeg({ quality: 90 }).toFile(jpeg);
    inputs.push({ label: '24 MP JPEG (6000×4000)', file: jpeg });
    // A large PNG with transparency, as a graphic or a screenshot with soft shading is.
    const png = path.join(dir, 'graphic-12mp.png');
    await sharp({ create: { width: 4000, height: 3000, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 }, noise: { type: 'gaussian', mean: 128, sigma: 20 } } })
      .blur(4)
      .png()
      .toFile(png);
    inputs.push({ label: '12 MP PNG with alpha (4000×3000)', file: png });

    const rows: string[] = [];
    for (const { label, file } of inputs) {
      const mb = (fs.statSync(file).size / 1e6).toFixed(1);
      process.stderr.write(`${label}: pipeline…\n`);
      const pipeline = measure('pipeline', file);
      process.stderr.write(`${label}: bare sharp…\n`);
      const bare = measure('bare', file);
      const rate = (r: Result) => r.count / r.seconds;
      rows.push(
        `| ${label}, ${mb} MB | ${rate(pipeline).toFixed(2)} | ${rate(bare).toFixed(2)} | ${(rate(bare) / rate(pipeline)).toFixed(1)}× | ${pipeline.peakRssMb.toFixed(0)} MB | ${bare.peakRssMb.toFixed(0)} MB |`,
      );
    }
    process.stdout.write(`\nbench:media — ${IMAGES} images per case, one at a time, ${os.availableParallelism()} cores, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}\n\n`);
    process.stdout.write('| input | Paddock upload (images/s) | bare sharp resize to 1920 JPEG (images/s) | ratio (bare/Paddock) | peak RSS, Paddock | peak RSS, bare |\n|---|---:|---:|---:|---:|---:|\n');
    process.stdout.write(`${rows.join('\n')}\n\n`);
    process.stdout.write('Paddock upload = hash, check, normalised original (upright, no metadata), 5 widths × AVIF/WebP/JPEG|PNG, storage writes and the database row. Peak RSS includes Node, tsx and sharp themselves.\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
else await main();
