import type { Config } from '../../config';
import type { Article } from '../model';
import type { ShareImages } from './share-images';

/*
 * schema.org structured data (JSON-LD) for search engines: NewsArticle and BreadcrumbList on an
 * article page, WebSite (with the site search) and Organization on the front page. Built as plain
 * objects here and written into the page by jsonLd() below; every URL is absolute, from SITE_URL.
 */

type SiteConfig = Pick<Config, 'SITE_NAME' | 'SITE_URL' | 'SITE_LANG'>;
type Json = Record<string, unknown>;

/** The site logo in static/ (a 512×512 PNG: Google wants one at least 112 pixels square). */
export const LOGO = { path: '/static/logo.png', width: 512, height: 512 } as const;

/** Google shows at most 110 characters of an Article's headline. */
export const HEADLINE_LIMIT = 110;

export const absolute = (config: Pick<Config, 'SITE_URL'>, path: string): string => new URL(path, config.SITE_URL).href;

/**
 * The title, cut to at most HEADLINE_LIMIT characters at the end of a word, with an ellipsis.
 * Counted in code points, so a character outside the BMP is never split in half.
 */
export function headline(title: string, limit = HEADLINE_LIMIT): string {
  const chars = Array.from(title.trim());
  if (chars.length <= limit) return chars.join('');
  const cut = chars.slice(0, limit - 1).join('');
  const space = cut.search(/\s\S*$/);
  // A title without a space in its second half is cut mid-word rather than left very short.
  const words = space > limit / 2 ? cut.slice(0, space) : cut;
  return `${words.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

/** An article's last change as readers see it: a piece scheduled after its last edit was modified when it appeared. */
export function dateModified(article: Pick<Article, 'publishedAt' | 'updatedAt'>): string {
  return article.updatedAt > article.publishedAt ? article.updatedAt : article.publishedAt;
}

export function organizationLd(config: SiteConfig): Json {
  return {
    '@type': 'Organization',
    '@id': absolute(config, '/#organization'),
    name: config.SITE_NAME,
    url: absolute(config, '/'),
    logo: { '@type': 'ImageObject', url: absolute(config, LOGO.path), width: LOGO.width, height: LOGO.height },
  };
}

export function newsArticleLd(config: SiteConfig, article: Article, options: { description: string; section: string | null; images: ShareImages }): Json {
  const url = absolute(config, `/news/${article.slug}`);
  const authors =
    article.authors.length > 0
      ? article.authors.map((p) => ({ '@type': 'Person', name: p.name, url: absolute(config, `/author/${p.slug}`) }))
      : // A byline that names no known person is still credited as written; with none, the publisher.
        article.author.trim()
        ? [{ '@type': 'Person', name: article.author.trim() }]
        : [{ '@type': 'Organization', name: config.SITE_NAME, url: absolute(config, '/') }];
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    headline: headline(article.title),
    ...(options.description ? { description: options.description } : {}),
    image: options.images.structured,
    datePublished: article.publishedAt,
    dateModified: dateModified(article),
    author: authors,
    publisher: organizationLd(config),
    ...(options.section ? { articleSection: options.section } : {}),
    ...(article.tags.length > 0 ? { keywords: article.tags.map((t) => t.name).join(', ') } : {}),
    inLanguage: config.SITE_LANG,
    isAccessibleForFree: true,
  };
}

/** Front page → rubric (when the article has one) → the article. */
export function breadcrumbLd(config: SiteConfig, article: Pick<Article, 'slug' | 'title' | 'rubric'>, section: string | null): Json {
  const crumbs: Array<{ name: string; path: string }> = [{ name: config.SITE_NAME, path: '/' }];
  if (article.rubric && section) crumbs.push({ name: section, path: `/rubric/${article.rubric.slug}` });
  crumbs.push({ name: headline(article.title), path: `/news/${article.slug}` });
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((c, i) => ({ '@type': 'ListItem', position: i + 1, name: c.name, item: absolute(config, c.path) })),
  };
}

/** The site and its search (/search?q=…), for the front page. */
export function websiteLd(config: SiteConfig): Json {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    '@id': absolute(config, '/#website'),
    name: config.SITE_NAME,
    url: absolute(config, '/'),
    inLanguage: config.SITE_LANG,
    publisher: { '@id': absolute(config, '/#organization') },
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${absolute(config, '/search')}?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    },
  };
}

/**
 * JSON for inside `<script type="application/ld+json">`: `<`, `>` and `&` as \u escapes, so no
 * text of an article (`</script>`, `<!--`) can end the element or start markup; U+2028/2029 too.
 * It stays the same JSON to a parser.
 */
export function jsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
