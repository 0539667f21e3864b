import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { escapeUTF8 } from 'entities';
import type { Config } from '../config';
import { Refusal } from '../errors';
import { SlugParams } from '../web/schemas';
import type { SiteState } from '../web/site-state';
import type { ArticleLink } from './model';
import type { ArticlesRepository } from './repository';

const FEED_SIZE = 20;

const schemas = {
  site: {},
  author: { params: SlugParams },
};

/** RSS 2.0 of the latest visible articles (the site's, or one author's); readers' feed apps poll it, so it carries ETag/Cache-Control too. */
export const feedRoutes: FastifyPluginAsyncTypebox<{ articles: ArticlesRepository; siteState: SiteState; now: () => Date; config: Config }> = async (app, deps) => {
  const base = deps.config.SITE_URL;
  const x = (s: string) => escapeUTF8(s);
  const rss = (channel: { title: string; path: string; description: string; lang: string }, items: ArticleLink[]) => {
    const entries = items
      .map((a) => {
        const url = new URL(`/news/${a.slug}`, base).href;
        return `<item><title>${x(a.title)}</title><link>${x(url)}</link><guid isPermaLink="true">${x(url)}</guid><pubDate>${new Date(a.publishedAt).toUTCString()}</pubDate>${a.standfirst ? `<description>${x(a.standfirst)}</description>` : ''}</item>`;
      })
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${x(channel.title)}</title><link>${x(new URL(channel.path, base).href)}</link><description>${x(channel.description)}</description><language>${channel.lang}</language>${entries}</channel></rss>`;
  };

  app.get('/feed.xml', { schema: schemas.site, config: { pageCache: true } }, async (_request, reply) => {
    const { site } = await deps.siteState.current();
    const items = await deps.articles.latest(FEED_SIZE, deps.now());
    const xml = rss({ title: site.config.SITE_NAME, path: '/', description: site.i18n.t('front.description'), lang: site.i18n.lang }, items);
    return reply.type('application/rss+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
  });

  app.get('/author/:slug/feed.xml', { schema: schemas.author, config: { pageCache: true } }, async (request, reply) => {
    const author = await deps.articles.findAuthor(request.params.slug);
    if (!author) throw new Refusal('no_author');
    const { site } = await deps.siteState.current();
    const items = await deps.articles.latest(FEED_SIZE, deps.now(), undefined, { author: author.id });
    const channel = { title: `${author.name} · ${site.config.SITE_NAME}`, path: `/author/${author.slug}`, description: site.i18n.t('author.description', { name: author.name }), lang: site.i18n.lang };
    return reply.type('application/rss+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(rss(channel, items));
  });
};
