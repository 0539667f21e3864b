import type { FastifyInstance } from 'fastify';
import type { PaddockDb } from '../db/database';
import { renderPage } from '../web/render';
import type { SiteState } from '../web/site-state';
import { parsePage } from './routes';
import { searchArticles } from './search';
import { ListPage } from './views/list-page';

export async function searchRoutes(app: FastifyInstance, deps: { database: PaddockDb; siteState: SiteState; now: () => Date; pageSize: number }) {
  app.get<{ Querystring: { q?: unknown; page?: string } }>('/search', async (request, reply) => {
    const q = typeof request.query.q === 'string' ? request.query.q.trim().slice(0, 200) : '';
    const page = parsePage(request.query.page);
    const { site } = await deps.siteState.current();
    const { t, formatNumber } = site.i18n;
    const result = q ? await searchArticles(deps.database, q, { page, pageSize: deps.pageSize, now: deps.now() }) : { items: [], total: 0 };
    const pages = Math.max(1, Math.ceil(result.total / deps.pageSize));
    const href = (n: number) => `/search?q=${encodeURIComponent(q)}${n > 1 ? `&page=${n}` : ''}`;
    const html = renderPage(
      <ListPage
        site={site}
        title={t('search.title')}
        description={t('search.description')}
        path="/search"
        items={result.items}
        page={Math.min(page, pages)}
        pages={pages}
        pageHref={href}
        intro={q && result.total > 0 ? <p>{t('search.results', { n: formatNumber(result.total), q })}</p> : null}
        empty={q ? t('search.none', { q }) : t('search.label')}
      />,
    );
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
  });
}
