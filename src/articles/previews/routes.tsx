import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { cloneElement, type VNode } from 'preact';
import { Type } from 'typebox';
import { Refusal } from '../../errors';
import type { Lang } from '../../i18n/messages';
import { Layout } from '../../web/layout';
import { describeRefusal, statusOf } from '../../web/refusals';
import { renderPage } from '../../web/render';
import { Text } from '../../web/schemas';
import type { SiteState } from '../../web/site-state';
import { isVisible, type ArticleLink } from '../model';
import type { ArticlesRepository } from '../repository';
import { ArticlePage } from '../views/article-page';
import { MessagePage } from '../views/message-page';
import type { PreviewLinksService } from './preview-links';

export interface PreviewRoutesDeps {
  previews: PreviewLinksService;
  articles: ArticlesRepository;
  siteState: SiteState;
  now: () => Date;
  /** The same promo and "Read next" the public page shows, so the preview looks as the page will. */
  promoFor?: (article: { rubric: { slug: string } | null }) => Promise<VNode | null>;
  related?: (articleId: number, exclude: Array<number | undefined>, now: Date) => Promise<ArticleLink[]>;
}

/** The banner's and the gone page's words; the site's language, kept here beside the only page that uses them. */
const TEXT: Record<Lang, { banner: string; note: (date: string) => string; gone: string }> = {
  en: {
    banner: 'Preview — not published',
    note: (date) => `Readers cannot see this article yet. This link works until ${date}; please do not share it further.`,
    gone: 'This preview link no longer works',
  },
  ru: {
    banner: 'Предпросмотр — не опубликовано',
    note: (date) => `Читатели пока не видят эту статью. Ссылка действует до ${date}; пожалуйста, не передавайте её дальше.`,
    gone: 'Эта ссылка на предпросмотр больше не действует',
  },
};

const schemas = {
  preview: { params: Type.Object({ token: Text(100) }) },
};

/**
 * /preview/<id>.<secret>: a draft or scheduled article exactly as its page will look, with a
 * banner, for whoever holds the link. Never in the page cache (the route has no `pageCache`
 * flag, and the cache stores only routes that have it), never kept by a browser or a CDN
 * (`private, no-store`), never indexed, and the link is not passed on in a Referer. Once the
 * article is public the link sends to its public address, while the link itself is valid.
 */
export const previewRoutes: FastifyPluginAsyncTypebox<PreviewRoutesDeps> = async (app, deps) => {
  const { previews, articles, siteState, now } = deps;

  // Set before the handler runs, so the error pages (404, 410) carry them as well.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex').header('referrer-policy', 'no-referrer');
  });

  const html = (reply: FastifyReply, status: number, page: string) =>
    reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(page);

  app.get('/preview/:token', { schema: schemas.preview }, async (request, reply) => {
    const at = now();
    const { site } = await siteState.current();
    const text = TEXT[site.i18n.lang];
    let link;
    try {
      link = await previews.open(request.params.token, at);
    } catch (error) {
      if (!(error instanceof Refusal) || statusOf(error.code) !== 410) throw error;
      // Gone, not missing: the reader learns the link was real and whom to ask, never the article.
      const dated = new Refusal(error.code, { at: site.i18n.formatDate(String(error.params.at)) });
      return html(reply, 410, renderPage(MessagePage({ site, title: text.gone, text: describeRefusal(dated, site.i18n) })));
    }
    const article = await articles.findById(link.articleId);
    if (!article) throw new Refusal('no_preview');
    if (isVisible(article, at)) return reply.redirect(`/news/${article.slug}`, 302);

    const { previous, next } = await articles.neighbours(article, at);
    const promo = deps.promoFor ? await deps.promoFor(article) : null;
    const related = deps.related ? await deps.related(article.id, [previous?.id, next?.id], at) : [];
    const page = ArticlePage({ site, article, previous, next, promo, related });
    const banner = (
      <div class="notice preview-banner" role="status">
        <p>
          <strong>{text.banner}</strong>
        </p>
        <p>{text.note(site.i18n.formatDate(link.expiresAt))}</p>
      </div>
    );
    return html(reply, 200, renderPage(withBanner(page, banner)));
  });
};

/**
 * The article page itself (not a copy of it), marked noindex and with the banner first in its
 * main column. ArticlePage's root is the site's Layout; should that ever change, previews fail
 * loudly (and their tests with them) rather than go out without the banner or the noindex.
 */
function withBanner(page: VNode, banner: VNode): VNode {
  if (page.type === Layout) {
    const props = page.props as { children?: unknown };
    return cloneElement(page, { noindex: true }, banner, props.children as VNode);
  }
  throw new Error('ArticlePage no longer renders through Layout: update articles/previews/routes.tsx to add the preview banner and noindex');
}
