import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { Refusal } from '../errors';
import { cropSize, variantWidths, type CropName, type FallbackFormat, type MediaItem, type VariantFormat } from './model';

/*
 * The image pipeline. An upload is checked from its bytes (never its name or declared type),
 * refused before decoding when its header promises too many pixels, then decoded once into a
 * normalised original: turned upright by its EXIF orientation, converted to sRGB and stripped of
 * every metadata block (EXIF, GPS, XMP, IPTC, ICC) — sharp writes none unless asked. The resized
 * copies are made from that original, so they carry nothing either.
 */

// libvips keeps recently opened files and operations for reuse; a server that sees every image
// once gains nothing from that and would hold up to ~50 MB for it.
sharp.cache(false);

export interface PipelineLimits {
  maxBytes: number;
  maxPixels: number;
}

/** Formats we decode. Everything else is refused by its magic bytes before sharp sees it. */
export type SourceFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'heif';

/** What the first bytes say the file is; `svg` and `text`-like files are named so the refusal can be precise. */
export function sniff(head: Buffer): SourceFormat | 'svg' | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  if (/^GIF8[79]a/.test(head.subarray(0, 6).toString('latin1'))) return 'gif';
  const tiff = head.subarray(0, 4).toString('hex');
  if (tiff === '49492a00' || tiff === '4d4d002a') return 'tiff';
  if (head.subarray(4, 8).toString('latin1') === 'ftyp') return 'heif';
  // An SVG is text: skip a byte-order mark, white space, an XML declaration, comments and a doctype.
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(text)) return 'svg';
  return null;
}

const FORMAT_NAMES: Record<string, string> = { heif: 'HEIC', jpeg: 'JPEG', png: 'PNG', webp: 'WebP', gif: 'GIF', tiff: 'TIFF' };

export type Normalised = Pick<MediaItem, 'key' | 'format' | 'sourceFormat' | 'width' | 'height' | 'bytes'> & {
  /** A temporary file holding the normalised original (its SHA-256 is `key`); the caller stores it and removes it. */
  file: string;
};

async function readHead(file: string, length = 512): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Sharp's options for every decode: the pixel limit as a backstop, and a broken file is an error. */
const input = (limits: PipelineLimits) => ({ limitInputPixels: limits.maxPixels, failOn: 'error' as const });

/**
 * Checks an upload without decoding its pixels: its size, its type from the magic bytes and then
 * its header (through sharp), its frame count and its pixel count. Throws the refusal naming the
 * problem; returns what the header says.
 */
export async function inspect(file: string, name: string, limits: PipelineLimits): Promise<{ format: SourceFormat; width: number; height: number; hasAlpha: boolean }> {
  const { size } = await fs.promises.stat(file);
  if (size > limits.maxBytes) throw new Refusal('media_too_large', { name, limit: sizeText(limits.maxBytes) }, 'file');
  const sniffed = sniff(await readHead(file));
  if (sniffed === 'svg') throw new Refusal('media_svg', { name }, 'file');
  if (sniffed === null) throw new Refusal('media_not_image', { name }, 'file');
  let meta: Metadata;
  try {
    // Only the header is read here, so no pixel limit yet: the refusal below can then name the
    // dimensions a bomb claims. Every decode after this one carries the limit.
    meta = await sharp(file, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch {
    // The magic bytes said image, but the header cannot be read.
    throw new Refusal('media_corrupt', { name }, 'file');
  }
  if (meta.format === 'heif' && meta.compression !== 'av1') throw new Refusal('media_unsupported', { name, format: FORMAT_NAMES.heif! }, 'file');
  if (!['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif'].includes(meta.format ?? '')) throw new Refusal('media_unsupported', { name, format: String(meta.format ?? 'unknown').toUpperCase() }, 'file');
  if ((meta.format === 'gif' || meta.format === 'webp') && (meta.pages ?? 1) > 1) throw new Refusal('media_animated', { name, pages: meta.pages ?? 2 }, 'file');
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > limits.maxPixels) {
    throw new Refusal('media_too_many_pixels', { name, width, height, limit: megapixels(limits.maxPixels) }, 'file');
  }
  if (width < 1 || height < 1) throw new Refusal('media_corrupt', { name }, 'file');
  // Orientations 5–8 are stored on their side: the upright picture swaps width and height.
  const sideways = (meta.orientation ?? 1) >= 5;
  return { format: meta.format as SourceFormat, width: sideways ? height : width, height: sideways ? width : height, hasAlpha: meta.hasAlpha === true };
}

/**
 * The normalised original: upright, sRGB, no metadata. A JPEG stays a JPEG and a PNG a PNG;
 * other formats become PNG when they have transparency, else JPEG, so every item has a fallback
 * format every browser shows.
 */
export async function normalise(file: string, name: string, limits: PipelineLimits): Promise<Normalised> {
  const head = await inspect(file, name, limits);
  const format: FallbackFormat = head.format === 'png' || head.hasAlpha ? 'png' : 'jpeg';
  const out = path.join(await fs.promises.mkdtemp(path.join(os.tmpdir(), 'paddock-media-')), `original.${format === 'png' ? 'png' : 'jpg'}`);
  try {
    const image = sharp(file, input(limits)).rotate();
    const info = await (format === 'png' ? image.png({ compressionLevel: 8 }) : image.jpeg({ quality: 90, chromaSubsampling: '4:4:4' })).toFile(out);
    return { file: out, key: await sha256File(out), format, sourceFormat: head.format === 'heif' ? 'avif' : head.format, width: info.width, height: info.height, bytes: info.size };
  } catch (error) {
    await fs.promises.rm(path.dirname(out), { recursive: true, force: true });
    if (error instanceof Refusal) throw error;
    if (/pixel limit/i.test((error as Error).message)) throw new Refusal('media_too_many_pixels', { name, width: head.width, height: head.height, limit: megapixels(limits.maxPixels) }, 'file');
    // Decoding failed after the header was fine: a truncated or damaged file.
    throw new Refusal('media_corrupt', { name }, 'file');
  }
}

export async function discard(normalised: Pick<Normalised, 'file'>): Promise<void> {
  await fs.promises.rm(path.dirname(normalised.file), { recursive: true, force: true });
}

export interface Variant {
  width: number;
  format: VariantFormat;
  data: Buffer;
}

/** Encoder settings per format; AVIF at effort 2 costs a third of its default for a few percent in size. */
function encode(image: Sharp, format: VariantFormat): Sharp {
  switch (format) {
    case 'avif':
      return image.avif({ quality: 55, effort: 2 });
    case 'webp':
      return image.webp({ quality: 80 });
    case 'jpeg':
      return image.jpeg({ quality: 82, progressive: true });
    case 'png':
      return image.png({ compressionLevel: 8 });
  }
}

/**
 * Resized copies of a normalised original. The original is decoded once, shrunk to the widest
 * copy (JPEG shrinks while decoding, so a 24-megapixel photo never sits in memory whole), and
 * each copy is resized from those pixels.
 */
export async function makeVariants(original: string | Buffer, item: { width: number; format: FallbackFormat }, wanted: { widths?: number[]; formats?: VariantFormat[] } = {}, limits?: PipelineLimits): Promise<Variant[]> {
  const widths = wanted.widths ?? variantWidths(item.width);
  const formats = wanted.formats ?? (['avif', 'webp', item.format] as VariantFormat[]);
  const widest = Math.max(...widths);
  const base = await sharp(original, limits ? input(limits) : { failOn: 'error' })
    .resize({ width: widest, withoutEnlargement: true })
    // 8-bit sRGB whatever the original's depth (a 16-bit PNG), as the raw pixels below are read.
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { width: base.info.width, height: base.info.height, channels: base.info.channels };
  const out: Variant[] = [];
  for (const width of widths) {
    for (const format of formats) {
      const image = sharp(base.data, { raw }).resize({ width, withoutEnlargement: true });
      out.push({ width, format, data: await encode(image, format).toBuffer() });
    }
  }
  return out;
}

/**
 * One cropped copy (see CROPS): the box of that shape around the most salient part of the
 * picture (libvips' attention strategy), scaled to cropSize.
 */
export async function makeCrop(original: string | Buffer, item: { width: number; height: number; format: FallbackFormat }, crop: CropName, limits?: PipelineLimits): Promise<Buffer> {
  const size = cropSize(item, crop);
  const image = sharp(original, limits ? input(limits) : { failOn: 'error' })
    .resize({ ...size, fit: 'cover', position: sharp.strategy.attention })
    .toColourspace('srgb');
  return encode(image, item.format).toBuffer();
}

const megapixels = (pixels: number) => String(Math.round(pixels / 1e4) / 100);

export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}
