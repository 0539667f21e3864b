import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../web/errors';
import { renderPage } from '../web/render';
import type { SiteState } from '../web/site-state';
import { isVisible } from './model';
import type { ArticlesRepository } from './repository';
import { ArticlePage } from './views/article-page';
import { ListPage } from './views/list-page';
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

export async function articleRoutes(app: FastifyInstance, deps: ArticleRoutesDeps) {
  const { articles, siteState, now, pageSize } = deps;

  async function listing(kind: { rubric?: string; tag?: string }, pageRaw: unknown, meta: { title: string; description: string; path: string }) {
    const page = parsePage(pageRaw);
    const { site } = await siteState.current();
    const result = await articles.listVisible({ ...kind, page, pageSize, now: now() });
    const pages = Math.max(1, Math.ceil(result.total / pageSize));
    if (page > pages) throw notFound(`There is no page ${page} here: the last page is ${pages}.`).withLocalized('error.page-beyond', { page, pages });
    return renderPage(<ListPage site={site} {...meta} items={result.items} page={page} pages={pages} />);
  }

  app.get<{ Querystring: { page?: string } }>('/', { config: { pageCache: true } }, async (request, reply) => {
    const { site } = await siteState.current();
    const { t } = site.i18n;
    const html = await listing({}, request.query.page, { title: t('front.title'), description: t('front.description'), path: '/' });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
  });

  app.get<{ Params: { slug: string }; Querystring: { page?: string } }>('/rubric/:slug', { config: { pageCache: true } }, async (request, reply) => {
    const rubric = await articles.findRubric(request.params.slug);
    if (!rubric) throw notFound('There is no such section.').withLocalized('error.no-section');
    const { site } = await siteState.current();
    const name = site.i18n.rubricName(rubric.slug, rubric.name);
    const html = await listing({ rubric: rubric.slug }, request.query.page, {
      title: site.i18n.t('rubric.title', { name }),
      description: site.i18n.t('rubric.description', { name }),
      path: `/rubric/${rubric.slug}`,
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
  });

  app.get<{ Params: { slug: string }; Querystring: { page?: string } }>('/tag/:slug', { config: { pageCache: true } }, async (request, reply) => {
    const tag = await articles.findTag(request.params.slug);
    if (!tag) throw notFound('There is no such tag.').withLocalized('error.no-tag');
    const { site } = await siteState.current();
    const html = await listing({ tag: tag.slug }, request.query.page, {
      title: site.i18n.t('tag.title', { name: tag.name }),
      description: site.i18n.t('tag.description', { name: tag.name }),
      path: `/tag/${tag.slug}`,
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
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
