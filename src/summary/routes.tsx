import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isVisible } from '../articles/model';
import type { ArticlesRepository } from '../articles/repository';
import { Refusal } from '../errors';
import { Layout } from '../web/layout';
import { renderPage } from '../web/render';
import { Choice, SlugParams, Text } from '../web/schemas';
import type { SiteState } from '../web/site-state';
import { summarize } from './index';
import { SummaryPanel } from './views';

/** Texts above this size get 413: a newsroom article is far below it, and it bounds the work per request. */
export const MAX_SUMMARIZE_BYTES = 200 * 1024;
export const SUMMARIZE_PER_MINUTE = 120;

const schemas = {
  article: { params: SlugParams },
  summarize: {
    body: Type.Object(
      {
        // No maxLength: the limit is in bytes, checked by the handler (413 too_large, as documented).
        text: Type.String({ minLength: 1 }),
        title: Type.Optional(Text(1000)),
        lang: Type.Optional(Choice(['en', 'ru'] as const)),
        points: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
      },
      { additionalProperties: false },
    ),
  },
};

export const summaryRoutes: FastifyPluginAsyncTypebox<{ articles: ArticlesRepository; siteState: SiteState; now: () => Date }> = async (app, deps) => {
  const { articles, siteState, now } = deps;

  async function visibleArticle(slug: string) {
    const article = await articles.findBySlug(slug);
    if (!article || !isVisible(article, now())) throw new Refusal('no_article');
    return article;
  }

  app.get('/news/:slug/summary', { schema: schemas.article, config: { pageCache: true } }, async (request, reply) => {
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

  app.get('/api/v1/articles/:slug/summary', { schema: schemas.article, config: { pageCache: true } }, async (request, reply) => {
    const article = await visibleArticle(request.params.slug);
    const summary = article.summary ?? { points: [], lang: 'und' };
    return reply.header('cache-control', 'public, max-age=60').send({
      points: summary.points.map((p) => ({ text: p.text, sentence: p.sentence, start: p.start, end: p.end })),
      lang: summary.lang,
      revision: article.revision,
      edited: article.summaryEdited,
    });
  });

  app.post(
    '/api/v1/summarize',
    {
      bodyLimit: MAX_SUMMARIZE_BYTES + 4096,
      schema: schemas.summarize,
      // A body over the limit is refused before the handler runs: say the same as the handler does.
      errorHandler: (error) => {
        throw (error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? new Refusal('too_large', { limit: `${MAX_SUMMARIZE_BYTES / 1024} KB` }, 'text') : error;
      },
      // Summarizing costs CPU on every call: a fair share per client, whatever the text.
      config: { rateLimit: { max: SUMMARIZE_PER_MINUTE, timeWindow: 60_000 } },
    },
    async (request) => {
      const { text, title, lang, points } = request.body;
      if (text.trim() === '') throw new Refusal('field_required', { field: 'text' }, 'text');
      if (Buffer.byteLength(text) > MAX_SUMMARIZE_BYTES) throw new Refusal('too_large', { limit: `${MAX_SUMMARIZE_BYTES / 1024} KB` }, 'text');
      const summary = summarize(text, {
        ...(title !== undefined ? { title } : {}),
        ...(lang !== undefined ? { lang } : {}),
        ...(points !== undefined ? { points } : {}),
      });
      return { points: summary.points, lang: summary.lang, revision: null };
    },
  );
};
