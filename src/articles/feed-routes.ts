import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { escapeUTF8 } from 'entities';
import type { Config } from '../config';
import type { SiteState } from '../web/site-state';
import type { ArticlesRepository } from './repository';

const FEED_SIZE = 20;

/** RSS 2.0 of the latest visible articles; readers' feed apps poll it, so it carries ETag/Cache-Control too. */
export const feedRoutes: FastifyPluginAsyncTypebox<{ articles: ArticlesRepository; siteState: SiteState; now: () => Date; config: Config }> = async (app, deps) => {
  app.get('/feed.xml', { schema: {}, config: { pageCache: true } }, async (_request, reply) => {
    const { site } = await deps.siteState.current();
    const items = await deps.articles.latest(FEED_SIZE, deps.now());
    const base = deps.config.SITE_URL;
    const x = (s: string) => escapeUTF8(s);
    const entries = items
      .map((a) => {
        const url = new URL(`/news/${a.slug}`, base).href;
        return `<item><title>${x(a.title)}</title><link>${x(url)}</link><guid isPermaLink="true">${x(url)}</guid><pubDate>${new Date(a.publishedAt).toUTCString()}</pubDate>${a.standfirst ? `<description>${x(a.standfirst)}</description>` : ''}</item>`;
      })
      .join('');
    const xml = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${x(site.config.SITE_NAME)}</title><link>${x(new URL('/', base).href)}</link><description>${x(site.i18n.t('front.description'))}</description><language>${site.i18n.lang}</language>${entries}</channel></rss>`;
    return reply.type('application/rss+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
  });
};
