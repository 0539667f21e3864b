// Real image files for media tests, made with sharp (no fixtures checked in).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';

/** A folder for one test's files, removed by the returned function. */
export function scratchDir(): { dir: string; file: (name: string, data: Buffer | string) => string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-images-'));
  return {
    dir,
    file: (name, data) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, data);
      return p;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Two colours side by side: left half `left`, right half `right`. Shows which way an image was turned. */
function halves(width: number, height: number, left: [number, number, number], right: [number, number, number]) {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(x < width / 2 ? left : right, (y * width + x) * 3);
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

export const RED: [number, number, number] = [220, 20, 20];
export const BLUE: [number, number, number] = [20, 20, 220];

/**
 * A camera-like JPEG: stored 300×200 (red left, blue right) with EXIF orientation 6 (shown turned
 * 90° clockwise, so upright it is 200×300, red on top) and a GPS position in its EXIF.
 */
export async function cameraJpeg(): Promise<Buffer> {
  return halves(300, 200, RED, BLUE)
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'Paddock Test Camera', Model: 'T-1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 45/1 2100/100', GPSLongitudeRef: 'E', GPSLongitude: '37/1 37/1 1200/100' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** A PNG with transparency (a logo-like graphic). */
export async function transparentPng(width = 800, height = 400): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 120, b: 200, alpha: 0.5 } } }).png().toBuffer();
}

/** A photo-like JPEG of any size: noise, so that it compresses like a photograph. */
export async function noisyJpeg(width: number, height: number, quality = 85): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .blur(1.2)
    .jpeg({ quality })
    .toBuffer();
}

/** A flat-colour JPEG (small whatever its size). */
export async function plainJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 90, g: 90, b: 90 } } }).jpeg().toBuffer();
}

/**
 * A decompression bomb: a valid PNG header claiming `size`×`size` pixels and a few bytes of
 * compressed zeros. Decoded, it would be gigabytes.
 */
export function bombPng(size = 100_000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(64 * 1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An animated GIF of three frames. */
export async function animatedGif(): Promise<Buffer> {
  const frame = (r: number) => sharp({ create: { width: 40, height: 40, channels: 3, background: { r, g: 0, b: 0 } } }).png().toBuffer();
  return sharp([await frame(255), await frame(128), await frame(0)], { join: { animated: true } }).gif({ loop: 0 }).toBuffer();
}

export const SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>';
