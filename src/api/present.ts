import { heroText, isLibraryHero, type Named } from '../articles/model';
import { articlePath } from '../articles/redirects/paths';
import { Refusal } from '../errors';
import { MIME, originalUrl, pictureData, srcset, variantFormats, type MediaItem } from '../media/model';
import type { ApiArticleSource } from './content-queries';
import { ARTICLE_FIELDS, type ArticleField, type FullArticle } from './schemas';

/** How the API writes things: absolute URLs on SITE_URL, snake_case names, nulls rather than absent values. */
export function presenter(siteUrl: string) {
  const base = siteUrl.replace(/\/+$/, '');
  const abs = (path: string) => (/^https?:\/\//i.test(path) ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`);
  const named = (kind: 'rubric' | 'tag' | 'author', n: Named) => ({ slug: n.slug, name: n.name, url: abs(`/${kind}/${encodeURIComponent(n.slug)}`) });

  function libraryImage(item: Pick<MediaItem, 'key' | 'format' | 'width' | 'height' | 'alt'>, text: { alt: string; credit: string | null; caption: string | null }) {
    const picture = pictureData(item);
    const withBase = (set: string) => set.replace(/(^|, )\//g, `$1${base}/`);
    return {
      url: abs(picture.img.src),
      alt: text.alt,
      credit: text.credit,
      caption: text.caption,
      width: item.width,
      height: item.height,
      original_url: abs(originalUrl(item)),
      sources: variantFormats(item).map((format) => ({ type: MIME[format], srcset: withBase(srcset(item, format)) })),
    };
  }

  function hero(source: ApiArticleSource) {
    const { hero: h, heroImage } = source;
    if (!h) return null;
    const text = heroText(h, heroImage);
    if (isLibraryHero(h)) return heroImage ? libraryImage(heroImage, text) : null;
    return { url: abs(h.url), alt: text.alt, credit: text.credit, caption: null, width: null, height: null, original_url: null, sources: [] };
  }

  return {
    abs,
    named,
    libraryImage,

    article(source: ApiArticleSource): FullArticle {
      return {
        id: source.id,
        slug: source.slug,
        url: abs(articlePath(source.slug)),
        title: source.title,
        standfirst: source.standfirst,
        published_at: source.publishedAt,
        updated_at: source.updatedAt,
        authors: source.authors.map((a) => named('author', a)),
        rubric: source.rubric ? named('rubric', source.rubric) : null,
        tags: source.tags.map((t) => named('tag', t)),
        hero: hero(source),
        summary: source.summary ? { lang: source.summary.lang, points: source.summary.points.map((p) => ({ text: p.text, sentence: p.sentence, start: p.start, end: p.end })) } : null,
        html: source.bodyHtml ?? '',
      };
    },
  };
}

export type Presenter = ReturnType<typeof presenter>;

/** `fields=title,url` as the list of properties to keep; null keeps them all. An unknown name is refused, naming the known ones. */
export function parseFields(text: string | undefined): ArticleField[] | null {
  if (text === undefined) return null;
  const names = [...new Set(text.split(','))];
  for (const name of names) {
    if (!(ARTICLE_FIELDS as string[]).includes(name)) throw new Refusal('field_choice', { field: 'fields', choices: ARTICLE_FIELDS.join(', ') }, 'fields');
  }
  return names as ArticleField[];
}

export function pick(article: FullArticle, fields: ArticleField[] | null): Partial<FullArticle> {
  if (fields === null) return article;
  const out: Partial<FullArticle> = {};
  for (const f of fields) (out as Record<string, unknown>)[f] = article[f];
  return out;
}

/** Whether a page with these fields needs bodies and summaries read. */
export const needsBody = (fields: ArticleField[] | null): boolean => fields === null || fields.includes('html') || fields.includes('summary');
