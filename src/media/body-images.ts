import { decodeHTML } from 'entities';
import { renderToString } from 'preact-render-to-string';
import { Picture, SIZES, type PictureSource } from './picture';

/** `/media/<key>/<width or original>.<ext>`: a file of the media library, as the library serves it. */
const LIBRARY_SRC = /^\/media\/([0-9a-f]{64})\/(?:[1-9][0-9]{0,3}|original)\.(?:avif|webp|jpg|png)$/;

/** Tags that matter here, in the order they appear: a picture's start and end, and images. */
const TAGS = /<picture\b[^>]*>|<\/picture>|<img\b[^>]*>/gi;
const ATTRIBUTE = /([a-zA-Z-]+)="([^"]*)"/g;

export interface BodyImage {
  key: string;
  alt: string;
  /** Where its `<img …>` tag is in the HTML. */
  start: number;
  end: number;
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(ATTRIBUTE)) out.set(m[1]!.toLowerCase(), decodeHTML(m[2]!));
  return out;
}

/**
 * The library images of sanitized article HTML that stand alone, i.e. not inside a `<picture>`
 * an author wrote with sources of their own (that one is left as written). The HTML comes from
 * the sanitizer, which writes every attribute double-quoted and escaped, so a tag scan suffices.
 */
export function libraryImagesIn(html: string): BodyImage[] {
  const found: BodyImage[] = [];
  let depth = 0;
  for (const m of html.matchAll(TAGS)) {
    const tag = m[0];
    if (/^<picture/i.test(tag)) depth++;
    else if (/^<\/picture/i.test(tag)) depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      const attrs = attributes(tag);
      const key = LIBRARY_SRC.exec(attrs.get('src') ?? '')?.[1];
      if (key) found.push({ key, alt: attrs.get('alt') ?? '', start: m.index, end: m.index + tag.length });
    }
  }
  return found;
}

/**
 * Each standalone library image becomes the same `<picture>` as a hero (AVIF and WebP sources,
 * every width, the item's width and height, lazy), keeping the author's alt text or else taking
 * the item's. An image whose item is unknown stays as it was. Run when the article is saved, on
 * the sanitizer's output, so the markup is ours and an author cannot write it by hand.
 */
export function responsiveBodyImages(html: string, items: ReadonlyMap<string, PictureSource>): string {
  let out = '';
  let at = 0;
  for (const image of libraryImagesIn(html)) {
    const item = items.get(image.key);
    if (!item) continue;
    out += html.slice(at, image.start);
    out += renderToString(Picture({ image: item, alt: image.alt.trim() || item.alt, sizes: SIZES.article, priority: 'lazy', class: 'body-picture' }));
    at = image.end;
  }
  return out + html.slice(at);
}
