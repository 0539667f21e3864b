import type { FastifyInstance, FastifyReply } from 'fastify';
import { badRequest, notFound } from '../web/errors';
import { renderPage } from '../web/render';
import type { SiteState } from '../web/site-state';
import { isVisible } from './model';
import type { ArticlesRepository } from './repository';
import { ArticlePage } from './views/article-page';
import { ListPage } from './views/list-page';
import { formatCursor, parseCursor, type Cursor } from './timeline';
import type { VNode } from 'preact';

export interface ArticleRoutesDeps {
  articles: ArticlesRepository;
  siteState: SiteState;
  now: () => Date;
  pageSize: number;
  /** The Grand Prix promo for an article, when a campaign is open (filled in by grandprix/). */
  promoFor?: (article: { rubric: { slug: string } | null }) => Promise<VNode | null>;
}

/** `?page=` must be a whole number from 1; anything else is the reader's typo, said plainly. */
export function parsePage(raw: unknown): number {
  if (raw === undefined || raw === '') return 1;
  if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw) || Number(raw) < 1) {
    throw badRequest('The page number must be a whole number from 1, for example ?page=2.', 'page').withLocalized('error.page-number');
  }
  return Number(raw);
}

type ListingQuery = { page?: unknown; before?: unknown; after?: unknown };

function cursorParam(raw: unknown): Cursor | undefined {
  if (raw === undefined) return undefined;
  const cursor = typeof raw === 'string' ? parseCursor(raw) : null;
  if (!cursor) throw badRequest('This list link is damaged: ?before= and ?after= take the value of an "Older articles" or "Newer articles" link.', 'before').withLocalized('error.cursor');
  return cursor;
}

export async function articleRoutes(app: FastifyInstance, deps: ArticleRoutesDeps) {
  const { articles, siteState, now, pageSize } = deps;

  /**
   * A listing page by keyset: `?before=` (older) and `?after=` (newer) carry a position, so any
   * depth costs one index range. Numbered pages from before (`?page=N`) redirect to the position
   * where that page now begins.
   */
  async function listing(reply: FastifyReply, kind: { rubric?: string; tag?: string }, query: ListingQuery, meta: { title: string; description: string; path: string }) {
    const at = now();
    const before = cursorParam(query.before);
    const after = cursorParam(query.after);
    if (before && after) throw badRequest('A list link takes either ?before= or ?after=, not both.', 'before').withLocalized('error.cursor-both');
    if (query.page !== undefined) {
      const page = parsePage(query.page);
      const start = page === 1 ? null : await articles.positionOfPage({ ...kind, pageSize, now: at }, page);
      if (page > 1 && !start) throw notFound(`There is no page ${page} here any more: the list is shorter now.`).withLocalized('error.page-gone', { page });
      return reply.redirect(start ? `${meta.path}?before=${formatCursor(start)}` : meta.path, 302);
    }
    const { site } = await siteState.current();
    const result = await articles.listVisible({ ...kind, pageSize, now: at, ...(before ? { before } : {}), ...(after ? { after } : {}) });
    if (!result) return reply.redirect(meta.path, 302);
    if ((before || after) && result.items.length === 0) throw notFound('There are no older articles here.').withLocalized('error.list-end');
    const href = (key: 'before' | 'after', c: Cursor | null) => (c ? `${meta.path}?${key}=${formatCursor(c)}` : null);
    const first = result.items[0];
    const html = renderPage(
      <ListPage
        site={site}
        {...meta}
        path={before ? href('before', before)! : after ? href('after', after)! : meta.path}
        subtitle={(before || after) && first ? site.i18n.t('list.until', { date: site.i18n.formatDate(first.publishedAt) }) : null}
        items={result.items}
        newer={href('after', result.newer)}
        older={href('before', result.older)}
      />,
    );
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
  }

  app.get<{ Querystring: ListingQuery }>('/', { config: { pageCache: true } }, async (request, reply) => {
    const { t } = siteState.i18n;
    return listing(reply, {}, request.query, { title: t('front.title'), description: t('front.description'), path: '/' });
  });

  app.get<{ Params: { slug: string }; Querystring: ListingQuery }>('/rubric/:slug', { config: { pageCache: true } }, async (request, reply) => {
    const rubric = await articles.findRubric(request.params.slug);
    if (!rubric) throw notFound('There is no such section.').withLocalized('error.no-section');
    const { t, rubricName } = siteState.i18n;
    const name = rubricName(rubric.slug, rubric.name);
    return listing(reply, { rubric: rubric.slug }, request.query, {
      title: t('rubric.title', { name }),
      description: t('rubric.description', { name }),
      path: `/rubric/${rubric.slug}`,
    });
  });

  app.get<{ Params: { slug: string }; Querystring: ListingQuery }>('/tag/:slug', { config: { pageCache: true } }, async (request, reply) => {
    const tag = await articles.findTag(request.params.slug);
    if (!tag) throw notFound('There is no such tag.').withLocalized('error.no-tag');
    const { t } = siteState.i18n;
    return listing(reply, { tag: tag.slug }, request.query, {
      title: t('tag.title', { name: tag.name }),
      description: t('tag.description', { name: tag.name }),
      path: `/tag/${tag.slug}`,
    });
  });

  app.get<{ Params: { slug: string } }>('/news/:slug', { config: { pageCache: true } }, async (request, reply) => {
    const at = now();
    const article = await articles.findBySlug(request.params.slug);
    if (!article || !isVisible(article, at)) throw notFound('There is no published article at this address.').withLocalized('error.no-article');
    const { site } = await siteState.current();
    const { previous, next } = await articles.neighbours(article, at);
    const promo = deps.promoFor ? await deps.promoFor(article) : null;
    const html = renderPage(<ArticlePage site={site} article={article} previous={previous} next={next} promo={promo} />);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
  });
}
