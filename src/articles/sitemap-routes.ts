import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { Config } from '../config';
import { Refusal } from '../errors';
import type { SiteState } from '../web/site-state';
import { sitemapQueries } from './sitemaps';

/** /robots.txt and the sitemaps it names; all page-cached, since they change only with the content. */
// No minimum here: /sitemap-articles-0.xml is a sitemap that does not exist (404), not a malformed request.
const FileParams = Type.Object({ n: Type.Integer({ maximum: 999_999_999 }) });

export const sitemapRoutes: FastifyPluginAsyncTypebox<{ db: Parameters<typeof sitemapQueries>[0]; siteState: SiteState; now: () => Date; config: Config }> = async (app, deps) => {
  const sitemaps = sitemapQueries(deps.db, deps.config.SITE_URL);
  const xml = (reply: FastifyReply, body: string) => reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(body);
  const cached = { config: { pageCache: true }, schema: {} };
  const numbered = { config: { pageCache: true }, schema: { params: FileParams } };
  const fileNumber = async (n: number, kind: 'articleFiles' | 'tagFiles' | 'authorFiles') => {
    if (n < 1 || n > (await sitemaps.limits())[kind]) throw new Refusal('no_sitemap');
    return n;
  };

  app.get('/robots.txt', cached, async (_request, reply) => {
    const base = deps.config.SITE_URL;
    const text = [
      'User-agent: *',
      'Disallow: /admin',
      'Disallow: /api/',
      'Disallow: /search',
      '',
      `Sitemap: ${new URL('/sitemap.xml', base).href}`,
      `Sitemap: ${new URL('/sitemap-news.xml', base).href}`,
      '',
    ].join('\n');
    return reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(text);
  });
  app.get('/sitemap.xml', cached, async (_request, reply) => xml(reply, await sitemaps.index()));
  app.get('/sitemap-sections.xml', cached, async (_request, reply) => xml(reply, await sitemaps.sections()));
  app.get('/sitemap-news.xml', cached, async (_request, reply) => {
    const { site } = await deps.siteState.current();
    return xml(reply, await sitemaps.news(deps.now(), { name: site.config.SITE_NAME, lang: site.i18n.lang }));
  });
  app.get('/sitemap-articles-:n(^\\d{1,9}).xml', numbered, async (request, reply) =>
    xml(reply, await sitemaps.articles(await fileNumber(request.params.n, 'articleFiles'), deps.now())),
  );
  app.get('/sitemap-tags-:n(^\\d{1,9}).xml', numbered, async (request, reply) =>
    xml(reply, await sitemaps.tags(await fileNumber(request.params.n, 'tagFiles'), deps.now())),
  );
  app.get('/sitemap-authors-:n(^\\d{1,9}).xml', numbered, async (request, reply) =>
    xml(reply, await sitemaps.authors(await fileNumber(request.params.n, 'authorFiles'), deps.now())),
  );
};
