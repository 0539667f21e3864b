/**
 * A media item as the rest of the site sees it, and the URLs of its files. Resized copies exist
 * in every width of WIDTHS below the original's, plus the original's own width when it is
 * narrower than the widest (never upscaled), each in AVIF, WebP and the fallback format.
 */
export const WIDTHS = [320, 640, 960, 1280, 1920] as const;

export type FallbackFormat = 'jpeg' | 'png';
export type VariantFormat = 'avif' | 'webp' | FallbackFormat;
/** Best first: a browser takes the first <source> type it supports. */
export const VARIANT_FORMATS: readonly VariantFormat[] = ['avif', 'webp', 'jpeg', 'png'];

export const EXTENSION: Record<VariantFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg', png: 'png' };
export const MIME: Record<VariantFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg', png: 'image/png' };

export interface MediaItem {
  id: number;
  /** SHA-256 (hex) of the normalised original: the storage folder and the URL segment. */
  key: string;
  format: FallbackFormat;
  sourceFormat: string;
  width: number;
  height: number;
  bytes: number;
  originalName: string;
  alt: string;
  credit: string;
  caption: string;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
}

/** The widths this item has copies in, ascending. */
export function variantWidths(width: number): number[] {
  const below = WIDTHS.filter((w) => w < width);
  return width <= WIDTHS[WIDTHS.length - 1]! ? [...below, width] : [...WIDTHS];
}

/** The formats this item has copies in: AVIF, WebP and its own fallback (JPEG or PNG). */
export function variantFormats(item: Pick<MediaItem, 'format'>): VariantFormat[] {
  return ['avif', 'webp', item.format];
}

export function storageFolder(key: string): string {
  return `${key.slice(0, 2)}/${key}`;
}

export function originalStorageKey(key: string, format: FallbackFormat): string {
  return `${storageFolder(key)}/original.${EXTENSION[format]}`;
}

export function variantStorageKey(key: string, width: number, format: VariantFormat): string {
  return `${storageFolder(key)}/${width}.${EXTENSION[format]}`;
}

/**
 * Cropped copies for sharing and search results, which want a picture in a fixed shape (Google's
 * Article markup asks for 16:9, 4:3 and 1:1): the largest box of that shape centred on the
 * picture's most salient part, at most CROP_WIDTH wide, in the item's fallback format. Made on
 * first request (MediaLibrary.ensureCrop).
 */
export const CROPS = { '16x9': [16, 9], '4x3': [4, 3], '1x1': [1, 1] } as const;
export type CropName = keyof typeof CROPS;
export const CROP_NAMES = Object.keys(CROPS) as CropName[];
export const CROP_WIDTH = 1200;

/** The size of a cropped copy: worked out from the original's size alone, so pages can name it without reading the file. */
export function cropSize(item: Pick<MediaItem, 'width' | 'height'>, crop: CropName): { width: number; height: number } {
  const [w, h] = CROPS[crop];
  const boxWidth = Math.min(item.width, Math.floor((item.height * w) / h));
  const width = Math.max(1, Math.min(CROP_WIDTH, boxWidth));
  return { width, height: Math.max(1, Math.round((width * h) / w)) };
}

export function cropStorageKey(key: string, crop: CropName, format: FallbackFormat): string {
  return `${storageFolder(key)}/${crop}.${EXTENSION[format]}`;
}

export function cropUrl(item: Pick<MediaItem, 'key' | 'format'>, crop: CropName): string {
  return `/media/${item.key}/${crop}.${EXTENSION[item.format]}`;
}

/** Site-relative URL of one copy. Immutable: the key changes whenever the pixels do. */
export function mediaUrl(item: Pick<MediaItem, 'key'>, width: number, format: VariantFormat): string {
  return `/media/${item.key}/${width}.${EXTENSION[format]}`;
}

export function originalUrl(item: Pick<MediaItem, 'key' | 'format'>): string {
  return `/media/${item.key}/original.${EXTENSION[item.format]}`;
}

/** `url 320w, url 640w, …` for one format. */
export function srcset(item: Pick<MediaItem, 'key' | 'width'>, format: VariantFormat): string {
  return variantWidths(item.width)
    .map((w) => `${mediaUrl(item, w, format)} ${w}w`)
    .join(', ');
}

export interface PictureData {
  /** One <source> per modern format, best first. */
  sources: { type: string; srcset: string }[];
  /** The <img>: fallback format, its srcset, and the intrinsic size (no layout shift). */
  img: { src: string; srcset: string; width: number; height: number; alt: string };
}

/**
 * Everything a `<picture>` needs, for the article page, cards and nominees (rendering is theirs:
 * they add `sizes` and `loading`). The img's src is the 960 copy or the widest below it.
 */
export function pictureData(item: Pick<MediaItem, 'key' | 'format' | 'width' | 'height' | 'alt'>): PictureData {
  const widths = variantWidths(item.width);
  const srcWidth = [...widths].reverse().find((w) => w <= 960) ?? widths[0]!;
  return {
    sources: (['avif', 'webp'] as const).map((format) => ({ type: MIME[format], srcset: srcset(item, format) })),
    img: { src: mediaUrl(item, srcWidth, item.format), srcset: srcset(item, item.format), width: item.width, height: item.height, alt: item.alt },
  };
}
