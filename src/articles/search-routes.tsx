import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PaddockDb } from '../db/database';
import { Refusal } from '../errors';
import { renderPage } from '../web/render';
import { PageNumber, Query } from '../web/schemas';
import type { SiteState } from '../web/site-state';
import type { ArticlesRepository } from './repository';
import { searchArticles } from './search';
import { ArticleCard } from './views/article-card';
import { ListPage } from './views/list-page';

// Anything typed is a query (a repeated ?q= too: the first counts, and a long one is cut to 200
// characters); only the page number can be wrong.
const schemas = { search: { querystring: Query({ q: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])), page: Type.Optional(PageNumber) }) } };

export const searchRoutes: FastifyPluginAsyncTypebox<{ database: PaddockDb; articles: ArticlesRepository; siteState: SiteState; now: () => Date; pageSize: number }> = async (app, deps) => {
  app.get('/search', { schema: schemas.search }, async (request, reply) => {
    const rawQ = Array.isArray(request.query.q) ? request.query.q[0] : request.query.q;
    const q = (rawQ ?? '').trim().slice(0, 200);
    const page = request.query.page ?? 1;
    const { site } = await deps.siteState.current();
    const { t, formatNumber, rubricName } = site.i18n;
    const at = deps.now();
    const result = q ? await searchArticles(deps.database, q, { page, pageSize: deps.pageSize, now: at }) : { items: [], total: 0, capped: false };
    const pages = Math.max(1, Math.ceil(result.total / deps.pageSize));
    if (page > pages && result.total > 0) throw new Refusal('page_beyond', { page, pages }, 'page');
    const href = (n: number) => `/search?q=${encodeURIComponent(q)}${n > 1 ? `&page=${n}` : ''}`;
    const latest = q && result.total === 0 ? await deps.articles.latest(3, at) : [];
    const summary = result.capped ? t('search.results-capped', { n: formatNumber(result.total), q }) : t('search.results', { n: formatNumber(result.total), q });
    const html = renderPage(
      <ListPage
        site={site}
        title={t('search.title')}
        subtitle={page > 1 ? t('list.page', { page, pages }) : null}
        description={t('search.description')}
        path={q ? href(page) : '/search'}
        noindex
        items={result.items}
        newer={page > 1 ? href(page - 1) : null}
        older={page < pages ? href(page + 1) : null}
        intro={q && result.total > 0 ? <p>{summary}</p> : null}
        empty={
          q ? (
            <div class="search-none">
              <p>{t('search.none', { q })}</p>
              <p>{t('search.tips')}</p>
              {site.rubrics.length > 0 && (
                <p>
                  {t('search.browse')}{' '}
                  {site.rubrics.map((r, i) => (
                    <>
                      {i > 0 && ', '}
                      <a href={`/rubric/${r.slug}`}>{rubricName(r.slug, r.name)}</a>
                    </>
                  ))}
                </p>
              )}
              {latest.length > 0 && (
                <section aria-labelledby="latest-title">
                  <h2 id="latest-title">{t('search.latest')}</h2>
                  <div class="cards">
                    {latest.map((a) => (
                      <ArticleCard key={a.id} site={site} article={a} headingLevel={3} />
                    ))}
                  </div>
                </section>
              )}
            </div>
          ) : (
            <p>{t('search.label')}</p>
          )
        }
      />,
    );
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
  });
};
