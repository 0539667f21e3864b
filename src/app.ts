import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import etag from '@fastify/etag';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { adminRoutes } from './admin';
import { contentApiRoutesPlugin } from './api/routes';
import { articleObservers } from './article-observers';
import { articlesRepository } from './articles/repository';
import { relatedReader } from './articles/related/read';
import { articleRoutes } from './articles/routes';
import { previewLinksService } from './articles/previews/preview-links';
import { previewRoutes } from './articles/previews/routes';
import { shareCardsFromConfig } from './articles/seo/share-card';
import { shareCardRoutes } from './articles/seo/share-card-routes';
import { locationOf, lookupPath, wordpressIdKey } from './articles/redirects/paths';
import { redirectsRepository } from './articles/redirects/repository';
import { feedRoutes } from './articles/feed-routes';
import { searchRoutes } from './articles/search-routes';
import { sitemapRoutes } from './articles/sitemap-routes';
import type { Config } from './config';
import type { PaddockDb } from './db/database';
import { grandPrixApiRoutes } from './grandprix/api-routes';
import { createGrandPrix } from './grandprix/grand-prix';
import { grandPrixPageRoutes } from './grandprix/page-routes';
import { specDocRoutes } from './grandprix/spec-docs';
import { ballotRoutes } from './grandprix/ballot-routes';
import { Promo, promoCampaign } from './grandprix/promo';
import { startMailDelivery } from './mail/delivery-host';
import { mediaLibraryFromConfig } from './media/library';
import { mediaRoutes } from './media/routes';
import { createMailer, type Mailer } from './mail/mailer';
import { raffleRoutes } from './raffle/routes';
import { summaryRoutes } from './summary/routes';
import { Refusal } from './errors';
import { installErrorPages } from './web/error-handler';
import { validatorCompiler } from './web/validation';
import { MessagePage } from './articles/views/message-page';
import { renderPage } from './web/render';
import { requestLogSerializers } from './web/log';
import { registerPageCache } from './web/page-cache';
import { registerProtection } from './web/protection';
import { registerSecurityHeaders } from './web/security-headers';
import { createSiteState } from './web/site-state';

export interface AppDeps {
  config: Config;
  database: PaddockDb;
  /** The clock; tests move it to exercise schedules and deadlines. */
  now?: () => Date;
  /** False keeps tests quiet; an object adds pino options (a test's `stream`) to the defaults. */
  logger?: false | object;
  /** Defaults to SMTP_URL or the file outbox; tests pass their own. */
  mailer?: Mailer;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const STATIC_DIR = path.join(here, 'web', 'static');
const DEMO_IMAGES = path.resolve(here, '..', 'content', 'demo', 'articles', 'images');

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const now = deps.now ?? (() => new Date());
  // Bad URLs are rejected by the router before any route runs; they get the site's error page too.
  let respond: (error: unknown, request: FastifyRequest, reply: FastifyReply) => Promise<unknown> = async (_e, _q, reply) => reply.code(400).send();
  const app = Fastify({
    logger: deps.logger === false ? false : { level: config.LOG_LEVEL, serializers: requestLogSerializers, ...(typeof deps.logger === 'object' ? deps.logger : {}) },
    bodyLimit: 256 * 1024,
    trustProxy: config.TRUST_PROXY,
    frameworkErrors: (error, request, reply) => void respond(error, request, reply),
    // Requests in flight finish on close(); new ones are refused while the server drains.
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // Every route declares its input (web/schemas.ts); one that forgets does not start.
  app.addHook('onRoute', (route) => {
    if (!route.schema && !route.url.startsWith('/static/')) throw new Error(`${String(route.method)} ${route.url} declares no schema`);
  });
  registerSecurityHeaders(app, config.SITE_URL);
  await app.register(etag, { weak: true });
  await app.register(formbody);
  // Without SESSION_SECRET a per-process secret still protects one instance; several instances need a shared one.
  const secret = config.SESSION_SECRET ?? crypto.randomBytes(32).toString('hex');
  await registerProtection(app, config, secret);
  await app.register(fastifyStatic, { root: STATIC_DIR, prefix: '/static/', maxAge: '1h', decorateReply: false });
  await app.register(fastifyStatic, { root: DEMO_IMAGES, prefix: '/static/demo/', maxAge: '1d', decorateReply: false });

  const articles = articlesRepository(database, { observers: articleObservers(database, config) });
  const siteState = createSiteState(database.db, config, now);
  siteState.addNextEventSource((at) => articles.nextScheduled(at));
  if (config.PAGE_CACHE === 'on') registerPageCache(app, siteState, now);
  const redirects = redirectsRepository(database.db);
  // Set before any route is added, so that every route and plugin below answers errors this way.
  respond = installErrorPages(app, {
    i18n: () => siteState.i18n,
    page: async (_request, reply, refusal, message) => {
      const { site } = await siteState.current();
      const { t } = siteState.i18n;
      const status = reply.statusCode;
      const latest = status === 404 ? await articles.latest(5, now()) : [];
      // A confirmation link that does not work says so in its heading; other refusals by their status.
      const title = refusal.code.startsWith('token_') ? t('gp.confirm-failed') : status === 404 ? t('notfound.title') : status === 403 ? t('forbidden.title') : status === 429 ? t('toomany.title') : status >= 500 ? t('error.title') : t('badrequest.title');
      const text = refusal.code === 'no_route' ? t('notfound.text') : message;
      return reply.type('text/html; charset=utf-8').send(renderPage(MessagePage({ site, title, text, latest })));
    },
    movedTo: async (request) => {
      const q = request.url.indexOf('?');
      const from = lookupPath(q < 0 ? request.url : request.url.slice(0, q));
      const found = from === null ? null : await redirects.find(from);
      return found ? { status: found.status, location: locationOf(found.to, q < 0 ? '' : request.url.slice(q + 1)) } : null;
    },
  });
  // `/?p=123` is the front page to the router; only a request of exactly that shape asks (one indexed read).
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const id = /^\/\?p=(\d{1,12})$/.exec(request.url)?.[1];
    const key = id === undefined ? null : wordpressIdKey(id);
    const found = key === null ? null : await redirects.find(key);
    if (found) return reply.status(found.status).header('location', locationOf(found.to, '')).header('cache-control', 'public, max-age=300').send();
  });
  app.setNotFoundHandler(async (request, reply) => respond(new Refusal('no_route', { method: request.method, path: request.url.split('?')[0] ?? '/' }), request, reply));

  app.get('/healthz', { schema: {} }, async () => {
    await siteState.current();
    return { status: 'ok' };
  });

  await app.register(articleRoutes, {
    articles,
    siteState,
    now,
    pageSize: config.PAGE_SIZE,
    promoFor: async (article) => {
      const campaign = await promoCampaign(database.db, article.rubric?.slug ?? null, now());
      return campaign ? Promo({ site: (await siteState.current()).site, campaign }) : null;
    },
    related: relatedReader(database.db),
  });
  // Drafts by their preview links: never page-cached (no pageCache flag), private and no-store.
  await app.register(previewRoutes, {
    previews: previewLinksService(database.db),
    articles,
    siteState,
    now,
    promoFor: async (article) => {
      const campaign = await promoCampaign(database.db, article.rubric?.slug ?? null, now());
      return campaign ? Promo({ site: (await siteState.current()).site, campaign }) : null;
    },
    related: relatedReader(database.db),
  });
  await app.register(summaryRoutes, { articles, siteState, now });
  await app.register(feedRoutes, { articles, siteState, now, config });
  await app.register(sitemapRoutes, { db: database.db, siteState, now, config });
  await app.register(searchRoutes, { database, articles, siteState, now, pageSize: config.PAGE_SIZE });
  const mailOptions = { smtpUrl: config.SMTP_URL, outboxDir: config.MAIL_OUTBOX, from: config.MAIL_FROM };
  const mailer = deps.mailer ?? createMailer(mailOptions);
  const mailDelivery = startMailDelivery({ mode: config.MAIL_DELIVERY, database, transport: mailer, mail: mailOptions, log: app.log });
  app.decorate('mailDelivery', mailDelivery);
  app.addHook('onClose', async () => {
    await mailDelivery.stop();
    mailer.close();
  });
  const { startWebhookDelivery } = await import('./webhooks/host');
  const webhookDelivery = startWebhookDelivery({ database, config, log: app.log, now });
  app.decorate('webhookDelivery', webhookDelivery);
  app.addHook('onClose', () => webhookDelivery.stop());
  const media = mediaLibraryFromConfig(database.db, config);
  await app.register(mediaRoutes, { media });
  await app.register(shareCardRoutes, { articles, cards: shareCardsFromConfig(config), site: config, now });
  await app.register(contentApiRoutesPlugin, { database, articles, siteUrl: config.SITE_URL, siteName: config.SITE_NAME, now });
  await app.register(adminRoutes, { config, database, articles, media, now, mailer, logSerializers: requestLogSerializers });

  const grandPrix = createGrandPrix(database.db, config, mailDelivery, secret);
  siteState.addNextEventSource((at) => grandPrix.campaigns.nextEvent(at));
  await app.register(grandPrixApiRoutes, { gp: grandPrix, now });
  await app.register(grandPrixPageRoutes, { gp: grandPrix, siteState, now });
  await app.register(ballotRoutes, { gp: grandPrix, siteState, now });
  await app.register(raffleRoutes, { gp: grandPrix, siteState, now });
  await app.register(specDocRoutes);

  return app;
}
