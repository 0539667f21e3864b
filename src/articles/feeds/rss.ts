import { escapeUTF8 } from 'entities';
import type { FeedChannel, FeedImage, FeedItem } from './feed-items';

/**
 * Characters XML 1.0 cannot carry at all, even escaped (control characters, lone surrogates,
 * U+FFFE/U+FFFF): dropped, since one of them in a title would make the whole feed unreadable.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text or an attribute value in XML: escaped (never CDATA, so `]]>` in a title needs no care). */
export const xml = (s: string): string => escapeUTF8(s.replace(NOT_XML, ''));

/** RFC 822 date (with a four-digit year, as RSS 2.0 asks): `Sat, 10 Jan 2026 10:00:00 GMT`. */
export const rfc822 = (iso: string | number): string => new Date(iso).toUTCString();

const NAMESPACES = {
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  atom: 'http://www.w3.org/2005/Atom',
  media: 'http://search.yahoo.com/mrss/',
  yandex: 'http://news.yandex.ru',
} as const;

type Prefix = keyof typeof NAMESPACES;

const attrs = (pairs: Array<[string, string | number | null | undefined]>) =>
  pairs
    .filter((p): p is [string, string | number] => p[1] !== null && p[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xml(String(v))}"`)
    .join('');

function enclosure(image: FeedImage): string {
  // RSS requires all three attributes: an image whose type is unknown goes in media:content only.
  return image.type ? `<enclosure${attrs([['url', image.url], ['length', image.length], ['type', image.type]])}/>` : '';
}

function mediaContent(image: FeedImage): string {
  const inner =
    (image.alt ? `<media:description type="plain">${xml(image.alt)}</media:description>` : '') + (image.credit ? `<media:credit>${xml(image.credit)}</media:credit>` : '');
  const open = `<media:content${attrs([['url', image.url], ['medium', 'image'], ['type', image.type], ['fileSize', image.length > 0 ? image.length : null], ['width', image.width], ['height', image.height]])}`;
  return inner ? `${open}>${inner}</media:content>` : `${open}/>`;
}

function document(prefixes: Prefix[], channel: FeedChannel, selfUrl: string, updated: number | null, items: string): string {
  const xmlns = prefixes.map((p) => ` xmlns:${p}="${NAMESPACES[p]}"`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"${xmlns}><channel>` +
    `<title>${xml(channel.title)}</title><link>${xml(channel.homeUrl)}</link><description>${xml(channel.description)}</description>` +
    `<language>${xml(channel.lang)}</language>` +
    (updated !== null ? `<lastBuildDate>${rfc822(updated)}</lastBuildDate>` : '') +
    `<atom:link${attrs([['href', selfUrl], ['rel', 'self'], ['type', 'application/rss+xml']])}/>` +
    `${items}</channel></rss>\n`
  );
}

/**
 * RSS 2.0 with the full text (`content:encoded`), as feed readers and aggregators take it: every
 * author as `dc:creator`, the rubric and tags as categories, the hero as an enclosure and as
 * Media RSS `media:content`.
 */
export function renderRss(channel: FeedChannel, selfUrl: string, items: readonly FeedItem[], updated: number | null): string {
  const entries = items
    .map(
      (item) =>
        `<item><title>${xml(item.title)}</title><link>${xml(item.url)}</link><guid isPermaLink="true">${xml(item.url)}</guid>` +
        `<pubDate>${rfc822(item.publishedAt)}</pubDate>` +
        (item.summary ? `<description>${xml(item.summary)}</description>` : '') +
        `<content:encoded>${xml(item.contentHtml)}</content:encoded>` +
        item.authors.map((a) => `<dc:creator>${xml(a.name)}</dc:creator>`).join('') +
        (item.rubric ? `<category${attrs([['domain', item.rubric.url]])}>${xml(item.rubric.name)}</category>` : '') +
        item.tags.map((t) => `<category${attrs([['domain', t.url]])}>${xml(t.name)}</category>`).join('') +
        (item.image ? enclosure(item.image) + mediaContent(item.image) : '') +
        `</item>`,
    )
    .join('');
  return document(['content', 'dc', 'atom', 'media'], channel, selfUrl, updated, entries);
}

/** `message` for a news item, `article` for anything longer-lived (Yandex's own two genres of the sort). */
export type YandexGenre = 'message' | 'article';

/**
 * The variant Yandex's news feed reader takes: `yandex:full-text` with the article's plain text
 * (no markup), `yandex:genre`, the hero as an enclosure; no `content:encoded`.
 */
export function renderYandexRss(channel: FeedChannel, selfUrl: string, items: readonly FeedItem[], updated: number | null, genreOf: (item: FeedItem) => YandexGenre): string {
  const entries = items
    .map(
      (item) =>
        `<item><title>${xml(item.title)}</title><link>${xml(item.url)}</link><guid isPermaLink="true">${xml(item.url)}</guid>` +
        `<pubDate>${rfc822(item.publishedAt)}</pubDate>` +
        (item.summary ? `<description>${xml(item.summary)}</description>` : '') +
        item.authors.map((a) => `<dc:creator>${xml(a.name)}</dc:creator>`).join('') +
        (item.rubric ? `<category>${xml(item.rubric.name)}</category>` : '') +
        (item.image ? enclosure(item.image) : '') +
        `<yandex:genre>${genreOf(item)}</yandex:genre><yandex:full-text>${xml(item.plainText)}</yandex:full-text></item>`,
    )
    .join('');
  return document(['dc', 'atom', 'yandex'], channel, selfUrl, updated, entries);
}
