import { MIME, originalUrl } from '../../media/model';
import { heroText, isLibraryHero, type ArticleLink } from '../model';
import { absoluteUrls } from './absolute-urls';
import type { FeedExtras } from './feed-queries';

export interface FeedLink {
  name: string;
  url: string;
}

export interface FeedImage {
  url: string;
  /** Null when the address does not say (a linked image with no known extension). */
  type: string | null;
  /** Bytes of the file; 0 when unknown, as RSS allows for an enclosure. */
  length: number;
  width: number | null;
  height: number | null;
  alt: string;
  credit: string | null;
}

/** One article as every feed format carries it: addresses absolute, dates ISO 8601 in UTC. */
export interface FeedItem {
  id: number;
  url: string;
  title: string;
  summary: string;
  contentHtml: string;
  plainText: string;
  publishedAt: string;
  /** The later of the last change and the publication (a scheduled article edited before it appeared). */
  modifiedAt: string;
  authors: Array<{ name: string; url: string | null }>;
  rubric: (FeedLink & { slug: string }) | null;
  tags: FeedLink[];
  image: FeedImage | null;
}

export interface FeedChannel {
  title: string;
  description: string;
  /** Absolute address of the page the feed follows. */
  homeUrl: string;
  lang: string;
}

const EXTENSION_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif', svg: 'image/svg+xml' };

function imageOf(link: ArticleLink, extras: FeedExtras, siteUrl: string): FeedImage | null {
  const hero = link.hero;
  if (!hero) return null;
  if (isLibraryHero(hero)) {
    const item = link.heroImage;
    // A library hero whose item is gone has nothing to show (the page shows none either).
    if (!item) return null;
    const text = heroText(hero, item);
    // The normalised original: the one copy whose size in bytes the media table knows.
    return { url: new URL(originalUrl(item), siteUrl).href, type: MIME[item.format], length: extras.heroBytes ?? 0, width: item.width, height: item.height, alt: text.alt, credit: text.credit };
  }
  let url: URL;
  try {
    url = new URL(hero.url, siteUrl);
  } catch {
    return null;
  }
  const extension = /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1]?.toLowerCase();
  return { url: url.href, type: (extension && EXTENSION_TYPES[extension]) || null, length: 0, width: null, height: null, alt: hero.alt, credit: hero.credit };
}

/** The feed's items in the listing's order; an article without a body row (none should be) is left out. */
export function feedItems(links: readonly ArticleLink[], extras: Map<number, FeedExtras>, site: { url: string; rubricName: (slug: string, stored: string) => string }): FeedItem[] {
  const abs = (path: string) => new URL(path, site.url).href;
  const out: FeedItem[] = [];
  for (const link of links) {
    const more = extras.get(link.id);
    if (!more) continue;
    const url = abs(`/news/${link.slug}`);
    const authors = link.authors && link.authors.length > 0 ? link.authors.map((a) => ({ name: a.name, url: abs(`/author/${a.slug}`) })) : more.byline.trim() ? [{ name: more.byline.trim(), url: null }] : [];
    out.push({
      id: link.id,
      url,
      title: link.title,
      summary: link.standfirst,
      contentHtml: absoluteUrls(more.bodyHtml, url),
      plainText: more.plainText,
      publishedAt: new Date(link.publishedAt).toISOString(),
      modifiedAt: new Date(Math.max(Date.parse(more.updatedAt), Date.parse(link.publishedAt))).toISOString(),
      authors,
      rubric: link.rubric ? { slug: link.rubric.slug, name: site.rubricName(link.rubric.slug, link.rubric.name), url: abs(`/rubric/${link.rubric.slug}`) } : null,
      tags: more.tags.map((t) => ({ name: t.name, url: abs(`/tag/${t.slug}`) })),
      image: imageOf(link, more, site.url),
    });
  }
  return out;
}

/** When the feed last changed as far as its items tell: the newest change or publication among them. */
export function lastModified(items: readonly FeedItem[]): number | null {
  let newest: number | null = null;
  for (const item of items) {
    const at = Date.parse(item.modifiedAt);
    if (newest === null || at > newest) newest = at;
  }
  return newest;
}
