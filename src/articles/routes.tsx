import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { FastifyReply } from 'fastify';
import { Refusal } from '../errors';
import { renderPage } from '../web/render';
import { PageNumber, Query, SlugParams, Text } from '../web/schemas';
import type { SiteState } from '../web/site-state';
import { Picture } from '../media/picture';
import { parseLinks } from './authors/author-links';
import { isVisible, type ArticleLink } from './model';
import type { ArticlesRepository } from './repository';
import { ArticlePage } from './views/article-page';
import { ListPage } from './views/list-page';
import { FrontHead } from './seo/head';
import type { SiteContext } from '../web/context';
import { formatCursor, parseCursor, type Cursor } from './timeline';
import type { VNode } from 'preact';

export interface ArticleRoutesDeps {
  articles: ArticlesRepository;
  siteState: SiteState;
  now: () => Date;
  pageSize: number;
  /** The Grand Prix promo for an article, when a campaign is open (filled in by grandprix/). */
  promoFor?: (article: { rubric: { slug: string } | null }) => Promise<VNode | null>;
  /** "Read next": an article's related articles a reader may see, without those excluded (articles/related/read.ts). */
  related?: (articleId: number, exclude: Array<number | undefined>, now: Date) => Promise<ArticleLink[]>;
}

/** A listing's position: `?before=`/`?after=` cursors, or an old numbered `?page=N`. */
const ListingQuery = Query({ page: Type.Optional(PageNumber), before: Type.Optional(Text(60)), after: Type.Optional(Text(60)) });
type ListingQuery = Static<typeof ListingQuery>;
const schemas = {
  front: { querystring: ListingQuery },
  section: { params: SlugParams, querystring: ListingQuery },
  article: { params: SlugParams },
};

function cursorParam(raw: string | undefined, field: 'before' | 'after'): Cursor | undefined {
  if (raw === undefined) return undefined;
  const cursor = parseCursor(raw);
  if (!cursor) throw new Refusal('cursor_invalid', {}, field);
  return cursor;
}

export const articleRoutes: FastifyPluginAsyncTypebox<ArticleRoutesDeps> = async (app, deps) => {
  const { articles, siteState, now, pageSize } = deps;

  /**
   * A listing page by keyset: `?before=` (older) and `?after=` (newer) carry a position, so any
   * depth costs one index range. Numbered pages from before (`?page=N`) redirect to the position
   * where that page now begins.
   */
  async function listing(
    reply: FastifyReply,
    kind: { rubric?: string; tag?: string; author?: number },
    query: ListingQuery,
    { head, ...meta }: { title: string; description: string; path: string; intro?: VNode; head?: (site: SiteContext) => VNode },
  ) {
    const at = now();
    const before = cursorParam(query.before, 'before');
    const after = cursorParam(query.after, 'after');
    if (before && after) throw new Refusal('cursor_both', {}, 'before');
    if (query.page !== undefined) {
      const page = query.page;
      const start = page === 1 ? null : await articles.positionOfPage({ ...kind, pageSize, now: at }, page);
      if (page > 1 && !start) throw new Refusal('page_gone', { page }, 'page');
      return reply.redirect(start ? `${meta.path}?before=${formatCursor(start)}` : meta.path, 302);
    }
    const { site } = await siteState.current();
    const result = await articles.listVisible({ ...kind, pageSize, now: at, ...(before ? { before } : {}), ...(after ? { after } : {}) });
    if (!result) return reply.redirect(meta.path, 302);
    if ((before || after) && result.items.length === 0) throw new Refusal('list_end');
    const href = (key: 'before' | 'after', c: Cursor | null) => (c ? `${meta.path}?${key}=${formatCursor(c)}` : null);
    const first = result.items[0];
    const html = renderPage(
      <ListPage
        site={site}
        {...meta}
        head={head?.(site)}
        path={before ? href('before', before)! : after ? href('after', after)! : meta.path}
        subtitle={(before || after) && first ? site.i18n.t('list.until', { date: site.i18n.formatDate(first.publishedAt) }) : null}
        items={result.items}
        newer={href('after', result.newer)}
        older={href('before', result.older)}
      />,
    );
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
  }

  app.get('/', { schema: schemas.front, config: { pageCache: true } }, async (request, reply) => {
    const { t } = siteState.i18n;
    const description = t('front.description');
    return listing(reply, {}, request.query, { title: t('front.title'), description, path: '/', head: (site) => <FrontHead site={site} description={description} /> });
  });

  app.get('/rubric/:slug', { schema: schemas.section, config: { pageCache: true } }, async (request, reply) => {
    const rubric = await articles.findRubric(request.params.slug);
    if (!rubric) throw new Refusal('no_section');
    const { t, rubricName } = siteState.i18n;
    const name = rubricName(rubric.slug, rubric.name);
    return listing(reply, { rubric: rubric.slug }, request.query, {
      title: t('rubric.title', { name }),
      description: t('rubric.description', { name }),
      path: `/rubric/${rubric.slug}`,
    });
  });

  app.get('/tag/:slug', { schema: schemas.section, config: { pageCache: true } }, async (request, reply) => {
    const tag = await articles.findTag(request.params.slug);
    if (!tag) throw new Refusal('no_tag');
    const { t } = siteState.i18n;
    return listing(reply, { tag: tag.slug }, request.query, {
      title: t('tag.title', { name: tag.name }),
      description: t('tag.description', { name: tag.name }),
      path: `/tag/${tag.slug}`,
    });
  });

  // An author's page: their photo, bio and links above their published articles, paged like a tag's.
  app.get('/author/:slug', { schema: schemas.section, config: { pageCache: true } }, async (request, reply) => {
    const author = await articles.findAuthor(request.params.slug);
    if (!author) throw new Refusal('no_author');
    const { t } = siteState.i18n;
    const path = `/author/${author.slug}`;
    const { photo_key: key, photo_format: format, photo_width: width, photo_height: height } = author;
    const photo = key !== null && format !== null && width !== null && height !== null ? { key, format, width: Number(width), height: Number(height), alt: author.photo_alt ?? '' } : null;
    const links = parseLinks(author.links_json);
    // A blank line in the bio starts a new paragraph.
    const bio = author.bio.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
    return listing(reply, { author: author.id }, request.query, {
      title: t('author.title', { name: author.name }),
      description: author.bio.trim() || t('author.description', { name: author.name }),
      path,
      intro: (
        <div class="author-intro">
          {photo && <Picture image={photo} alt={author.name} sizes="8rem" priority="auto" class="author-photo" />}
          {bio.map((text, i) => (
            <p key={i} class="author-bio">
              {text}
            </p>
          ))}
          {links.length > 0 && (
            <ul class="author-links" aria-label={t('author.links', { name: author.name })}>
              {links.map((link) => (
                <li key={link.url}>
                  <a href={link.url} rel="me noopener">
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          )}
          <p>
            <a href={`${path}/feed.xml`} type="application/rss+xml">
              {t('author.feed', { name: author.name })}
            </a>
          </p>
        </div>
      ),
    });
  });

  app.get('/news/:slug', { schema: schemas.article, config: { pageCache: true } }, async (request, reply) => {
    const at = now();
    const article = await articles.findBySlug(request.params.slug);
    if (!article || !isVisible(article, at)) throw new Refusal('no_article');
    const { site } = await siteState.current();
    const { previous, next } = await articles.neighbours(article, at);
    const promo = deps.promoFor ? await deps.promoFor(article) : null;
    // Stored at save; the neighbours are linked already, so they are dropped here rather than stored.
    const related = deps.related ? await deps.related(article.id, [previous?.id, next?.id], at) : [];
    const html = renderPage(<ArticlePage site={site} article={article} previous={previous} next={next} promo={promo} related={related} />);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
  });
};
