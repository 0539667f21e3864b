import { escapeUTF8 } from 'entities';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * Sitemaps per sitemaps.org, each made from one bounded index range so that none costs more as
 * the archive grows: article sitemaps cover fixed ranges of ids (a file's URLs stay put as new
 * articles arrive, which crawlers like, and each is a primary-key range), tag and author
 * sitemaps fixed slices of the tag and author lists. The protocol allows 50,000 URLs a file; 2,000 keeps each response
 * small and its query within a few milliseconds.
 */
export const SITEMAP_SPAN = 2000;
/** Google News reads articles of the last two days, at most 1,000 of them. */
const NEWS_WINDOW_MS = 48 * 3600 * 1000;
const NEWS_MAX = 1000;

const x = (s: string) => escapeUTF8(s);
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

export function sitemapQueries(db: Kysely<Database>, siteUrl: string) {
  // Joined as text: parsing a URL per row was a third of an article sitemap's cost.
  const origin = new URL('/', siteUrl).href.replace(/\/$/, '');
  const abs = (path: string) => origin + path;

  /** How many article, tag and author sitemaps exist: the maximum id and the tag and author counts, each from an index. */
  async function limits(): Promise<{ articleFiles: number; tagFiles: number; authorFiles: number }> {
    const { maxId } = await db.selectFrom('articles').select((eb) => eb.fn.max('id').as('maxId')).executeTakeFirstOrThrow();
    const { tags } = await db.selectFrom('tags').select((eb) => eb.fn.countAll<number | string>().as('tags')).executeTakeFirstOrThrow();
    const { authors } = await db.selectFrom('authors').select((eb) => eb.fn.countAll<number | string>().as('authors')).executeTakeFirstOrThrow();
    return { articleFiles: Math.ceil(Number(maxId ?? 0) / SITEMAP_SPAN), tagFiles: Math.ceil(Number(tags) / SITEMAP_SPAN), authorFiles: Math.ceil(Number(authors) / SITEMAP_SPAN) };
  }

  return {
    async index(): Promise<string> {
      const { articleFiles, tagFiles, authorFiles } = await limits();
      const files = ['/sitemap-sections.xml', '/sitemap-news.xml'];
      for (let n = 1; n <= articleFiles; n++) files.push(`/sitemap-articles-${n}.xml`);
      for (let n = 1; n <= tagFiles; n++) files.push(`/sitemap-tags-${n}.xml`);
      for (let n = 1; n <= authorFiles; n++) files.push(`/sitemap-authors-${n}.xml`);
      return `${XML_HEAD}<sitemapindex xmlns="${NS}">${files.map((f) => `<sitemap><loc>${x(abs(f))}</loc></sitemap>`).join('')}</sitemapindex>`;
    },

    /** Visible articles with ids in the n-th range, each with the later of its publication and last change. */
    async articles(n: number, now: Date): Promise<string> {
      // Visibility is checked here, not in SQL: given status and date too, SQLite walked the
      // timeline index over the whole archive (100 ms at 100,000 articles) instead of this range.
      const at = now.toISOString();
      const rows = await db
        .selectFrom('articles')
        .select(['slug', 'status', 'published_at', 'updated_at'])
        .where('id', '>', (n - 1) * SITEMAP_SPAN)
        .where('id', '<=', n * SITEMAP_SPAN)
        .orderBy('id')
        .execute();
      const urls = rows.filter((r) => r.status === 'published' && r.published_at <= at).map((r) => `<url><loc>${x(abs(`/news/${r.slug}`))}</loc><lastmod>${r.updated_at > r.published_at ? r.updated_at : r.published_at}</lastmod></url>`);
      return `${XML_HEAD}<urlset xmlns="${NS}">${urls.join('')}</urlset>`;
    },

    /** The front page and every rubric. */
    async sections(): Promise<string> {
      const rubrics = await db.selectFrom('rubrics').select('slug').orderBy('slug').execute();
      const urls = ['/', ...rubrics.map((r) => `/rubric/${r.slug}`)].map((p) => `<url><loc>${x(abs(p))}</loc></url>`);
      return `${XML_HEAD}<urlset xmlns="${NS}">${urls.join('')}</urlset>`;
    },

    /** The n-th slice of tags, those with a visible article only (an empty tag page is no page to crawl). */
    async tags(n: number, now: Date): Promise<string> {
      const at = now.toISOString();
      const rows = await db
        .selectFrom('tags as t')
        .select('t.slug')
        .where((eb) =>
          eb.exists(eb.selectFrom('article_tags as at').select('at.article_id').whereRef('at.tag_slug', '=', 't.slug').where('at.status', '=', 'published').where('at.published_at', '<=', at)),
        )
        .orderBy('t.slug')
        .limit(SITEMAP_SPAN)
        .offset((n - 1) * SITEMAP_SPAN)
        .execute();
      const urls = rows.map((r) => `<url><loc>${x(abs(`/tag/${r.slug}`))}</loc></url>`);
      return `${XML_HEAD}<urlset xmlns="${NS}">${urls.join('')}</urlset>`;
    },

    /** The n-th slice of authors, those with a visible article only (their page lists nothing else). */
    async authors(n: number, now: Date): Promise<string> {
      const at = now.toISOString();
      const rows = await db
        .selectFrom('authors as p')
        .select('p.slug')
        .where((eb) =>
          eb.exists(eb.selectFrom('article_authors as aa').select('aa.article_id').whereRef('aa.author_id', '=', 'p.id').where('aa.status', '=', 'published').where('aa.published_at', '<=', at)),
        )
        .orderBy('p.slug')
        .limit(SITEMAP_SPAN)
        .offset((n - 1) * SITEMAP_SPAN)
        .execute();
      const urls = rows.map((r) => `<url><loc>${x(abs(`/author/${r.slug}`))}</loc></url>`);
      return `${XML_HEAD}<urlset xmlns="${NS}">${urls.join('')}</urlset>`;
    },

    /** Google News sitemap: articles of the last 48 hours, newest first. */
    async news(now: Date, publication: { name: string; lang: string }): Promise<string> {
      const rows = await db
        .selectFrom('articles')
        .select(['slug', 'title', 'published_at'])
        .where('status', '=', 'published')
        .where('published_at', '<=', now.toISOString())
        .where('published_at', '>=', new Date(now.getTime() - NEWS_WINDOW_MS).toISOString())
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(NEWS_MAX)
        .execute();
      const pub = `<news:publication><news:name>${x(publication.name)}</news:name><news:language>${x(publication.lang)}</news:language></news:publication>`;
      const urls = rows.map(
        (r) => `<url><loc>${x(abs(`/news/${r.slug}`))}</loc><news:news>${pub}<news:publication_date>${r.published_at}</news:publication_date><news:title>${x(r.title)}</news:title></news:news></url>`,
      );
      return `${XML_HEAD}<urlset xmlns="${NS}" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">${urls.join('')}</urlset>`;
    },

    limits,
  };
}
