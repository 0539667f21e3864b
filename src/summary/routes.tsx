import type { FastifyError, FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { isVisible } from '../articles/model';
import type { ArticlesRepository } from '../articles/repository';
import { badRequest, notFound } from '../web/errors';
import { Layout } from '../web/layout';
import { renderPage } from '../web/render';
import type { SiteState } from '../web/site-state';
import { summarize } from './index';
import { SummaryPanel } from './views';

/** Texts above this size get 413: a newsroom article is far below it, and it bounds the work per request. */
export const MAX_SUMMARIZE_BYTES = 200 * 1024;
export const SUMMARIZE_PER_MINUTE = 120;

const SummarizeBody = Type.Object({
  text: Type.Optional(Type.Unknown()),
  title: Type.Optional(Type.Unknown()),
  lang: Type.Optional(Type.Unknown()),
  points: Type.Optional(Type.Unknown()),
});
type SummarizeBody = Static<typeof SummarizeBody>;

const tooLarge = () => ({ error: { code: 'too_large', message: `"text" is larger than ${MAX_SUMMARIZE_BYTES / 1024} KB; send a shorter text.`, field: 'text' } });

export async function summaryRoutes(app: FastifyInstance, deps: { articles: ArticlesRepository; siteState: SiteState; now: () => Date }) {
  const { articles, siteState, now } = deps;

  async function visibleArticle(slug: string) {
    const article = await articles.findBySlug(slug);
    if (!article || !isVisible(article, now())) throw notFound('There is no published article at this address.').withLocalized('error.no-article');
    return article;
  }

  app.get<{ Params: { slug: string } }>('/news/:slug/summary', { config: { pageCache: true } }, async (request, reply) => {
    const article = await visibleArticle(request.params.slug);
    const { site } = await siteState.current();
    const { t } = site.i18n;
    const path = `/news/${article.slug}`;
    const html = renderPage(
      <Layout site={site} title={t('summary.title', { title: article.title })} description={article.standfirst} path={`${path}/summary`}>
        <p class="summary-of">
          <a href={path}>{article.title}</a>
        </p>
        <h1>{t('summary.title', { title: article.title })}</h1>
        <SummaryPanel site={site} summary={article.summary} edited={article.summaryEdited} id="summary" articlePath={path} />
        <p>
          <a href={path}>{t('summary.back')}</a>
        </p>
      </Layout>,
    );
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
  });

  app.get<{ Params: { slug: string } }>('/api/v1/articles/:slug/summary', { config: { pageCache: true } }, async (request, reply) => {
    const article = await visibleArticle(request.params.slug);
    const summary = article.summary ?? { points: [], lang: 'und' };
    return reply.header('cache-control', 'public, max-age=60').send({
      points: summary.points.map((p) => ({ text: p.text, sentence: p.sentence, start: p.start, end: p.end })),
      lang: summary.lang,
      revision: article.revision,
      edited: article.summaryEdited,
    });
  });

  app.post<{ Body: SummarizeBody }>(
    '/api/v1/summarize',
    {
      bodyLimit: MAX_SUMMARIZE_BYTES + 4096,
      schema: { body: SummarizeBody },
      // Summarizing costs CPU on every call: a fair share per client, whatever the text.
      config: { rateLimit: { max: SUMMARIZE_PER_MINUTE, timeWindow: 60_000 } },
      // A body over the limit is refused before the handler runs; say the same as the handler does.
      errorHandler: (error: FastifyError, _request, reply) => {
        if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
        return reply.status(413).send(tooLarge());
      },
    },
    async (request, reply) => {
      const { text, title, lang, points } = request.body ?? {};
      if (typeof text !== 'string' || text.trim() === '') throw badRequest('"text" is required: the article text to summarize, as a non-empty string.', 'text', 'missing_text');
      if (Buffer.byteLength(text) > MAX_SUMMARIZE_BYTES) {
        return reply.status(413).send(tooLarge());
      }
      if (title !== undefined && typeof title !== 'string') throw badRequest('"title" must be a string when given.', 'title');
      if (lang !== undefined && lang !== 'en' && lang !== 'ru') throw badRequest('"lang" must be "en" or "ru" when given (leave it out to detect it).', 'lang');
      if (points !== undefined && (!Number.isInteger(points) || (points as number) < 1 || (points as number) > 10)) {
        throw badRequest('"points" must be a whole number from 1 to 10 when given.', 'points');
      }
      const summary = summarize(text, {
        ...(title !== undefined ? { title } : {}),
        ...(lang !== undefined ? { lang } : {}),
        ...(points !== undefined ? { points: points as number } : {}),
      });
      return { points: summary.points, lang: summary.lang, revision: null };
    },
  );
}
