import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import etag from '@fastify/etag';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { adminRoutes } from './admin';
import { campaignAdminRoutes } from './admin/campaigns/campaign-routes';
import { articlesRepository } from './articles/repository';
import { articleRoutes } from './articles/routes';
import { feedRoutes } from './articles/feed-routes';
import { searchRoutes } from './articles/search-routes';
import { sitemapRoutes } from './articles/sitemap-routes';
import type { Config } from './config';
import type { PaddockDb } from './db/database';
import { grandPrixApiRoutes } from './grandprix/api-routes';
import { createGrandPrix } from './grandprix/grand-prix';
import { grandPrixPageRoutes } from './grandprix/page-routes';
import { Promo, promoCampaign } from './grandprix/promo';
import { startMailDelivery } from './mail/delivery-host';
import { createMailer, type Mailer } from './mail/mailer';
import { raffleRoutes } from './raffle/routes';
import { summaryRoutes } from './summary/routes';
import { HttpError } from './web/errors';
import { MessagePage } from './web/message-page';
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

/** Fastify's own client errors, said the way ours are. */
const FRAMEWORK_ERRORS: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'too_large', message: 'The request body is too large for this endpoint; send less.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', message: 'The request body is empty; send a JSON object.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'Send the body as application/json (or a form, for pages).' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad_request', message: 'The Content-Length header does not match the body.' },
};

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const now = deps.now ?? (() => new Date());
  // Bad URLs are rejected by the router before any route runs; they get the site's error page too.
  let frameworkError: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void = (_e, _q, reply) => void reply.code(400).send();
  const app = Fastify({
    logger: deps.logger === false ? false : { level: config.LOG_LEVEL, serializers: requestLogSerializers, ...(typeof deps.logger === 'object' ? deps.logger : {}) },
    bodyLimit: 256 * 1024,
    trustProxy: config.TRUST_PROXY,
    frameworkErrors: (error, request, reply) => frameworkError(error, request, reply),
    // Requests in flight finish on close(); new ones are refused while the server drains.
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
  });

  registerSecurityHeaders(app, config.SITE_URL);
  await app.register(etag, { weak: true });
  await app.register(formbody);
  // Without SESSION_SECRET a per-process secret still protects one instance; several instances need a shared one.
  const secret = config.SESSION_SECRET ?? crypto.randomBytes(32).toString('hex');
  await registerProtection(app, config, secret);
  await app.register(fastifyStatic, { root: STATIC_DIR, prefix: '/static/', maxAge: '1h', decorateReply: false });
  await app.register(fastifyStatic, { root: DEMO_IMAGES, prefix: '/static/demo/', maxAge: '1d', decorateReply: false });

  const articles = articlesRepository(database);
  const siteState = createSiteState(database.db, config, now);
  siteState.addNextEventSource((at) => articles.nextScheduled(at));
  if (config.PAGE_CACHE === 'on') registerPageCache(app, siteState, now);

  app.get('/healthz', async () => {
    await siteState.current();
    return { status: 'ok' };
  });

  await articleRoutes(app, {
    articles,
    siteState,
    now,
    pageSize: config.PAGE_SIZE,
    promoFor: async (article) => {
      const campaign = await promoCampaign(database.db, article.rubric?.slug ?? null, now());
      return campaign ? Promo({ site: (await siteState.current()).site, campaign }) : null;
    },
  });
  await summaryRoutes(app, { articles, siteState, now });
  await feedRoutes(app, { articles, siteState, now, config });
  await sitemapRoutes(app, { db: database.db, siteState, now, config });
  await searchRoutes(app, { database, articles, siteState, now, pageSize: config.PAGE_SIZE });
  const mailOptions = { smtpUrl: config.SMTP_URL, outboxDir: config.MAIL_OUTBOX, from: config.MAIL_FROM };
  const mailer = deps.mailer ?? createMailer(mailOptions);
  const mailDelivery = startMailDelivery({ mode: config.MAIL_DELIVERY, database, transport: mailer, mail: mailOptions, log: app.log });
  app.decorate('mailDelivery', mailDelivery);
  app.addHook('onClose', async () => {
    await mailDelivery.stop();
    mailer.close();
  });
  await adminRoutes(app, { config, database, articles, now, extraRoutes: [campaignAdminRoutes({ mailer })] });

  const grandPrix = createGrandPrix(database.db, config, mailDelivery, secret);
  siteState.addNextEventSource((at) => grandPrix.campaigns.nextEvent(at));
  await grandPrixApiRoutes(app, grandPrix, now);
  await grandPrixPageRoutes(app, grandPrix, siteState, now);
  await raffleRoutes(app, grandPrix, siteState, now);

  const wantsJson = (request: FastifyRequest) =>
    request.url.startsWith('/api/') || (request.headers.accept ?? '').split(',')[0]?.includes('application/json') === true;

  async function sendPage(request: FastifyRequest, reply: FastifyReply, status: number, title: string, text: string) {
    const { site } = await siteState.current();
    const latest = status === 404 ? await articles.latest(5, now()) : [];
    const html = renderPage(MessagePage({ site, title, text, latest }));
    return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  }

  app.setNotFoundHandler(async (request, reply) => {
    if (wantsJson(request)) return reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
    const { t } = siteState.i18n;
    return sendPage(request, reply, 404, t('notfound.title'), t('notfound.text'));
  });

  frameworkError = (error, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode < 500 ? error.statusCode : 400;
    const message = 'This address is not valid: check it for a typing error.';
    if (wantsJson(request)) void reply.status(status).send({ error: { code: 'bad_url', message } });
    else void sendPage(request, reply, status, siteState.i18n.t('badrequest.title'), siteState.i18n.t('error.bad-url'));
  };

  app.setErrorHandler(async (error: FastifyError | HttpError, request, reply) => {
    const { t } = siteState.i18n;
    let status = 500;
    let code = 'internal_error';
    let message = 'Something went wrong on our side. Please try again in a moment.';
    let field: string | undefined;
    if (error instanceof HttpError) {
      ({ status, code, message, field } = error);
    } else if (typeof error.code === 'string' && error.code.startsWith('FST_CSRF')) {
      status = 403;
      code = 'csrf_invalid';
      message = 'This form has expired or was opened in another browser. Reload the page and send it again.';
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      const known = FRAMEWORK_ERRORS[error.code ?? ''];
      const own = typeof error.code === 'string' && !error.code.startsWith('FST_') ? error.code.toLowerCase() : null; // e.g. rate_limited
      code = error.validation ? 'invalid_request' : (known?.code ?? own ?? 'bad_request');
      message = known?.message ?? error.message;
    }
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (wantsJson(request)) return reply.status(status).send({ error: { code, message, ...(field ? { field } : {}) } });
    // Pages speak the site's language where the catalogue has the message.
    if (error instanceof HttpError && error.localized) message = t(error.localized.key, error.localized.params);
    else if (code === 'csrf_invalid') message = t('error.csrf');
    else if (status === 429) message = t('toomany.text');
    if (status === 404) return sendPage(request, reply, 404, t('notfound.title'), message);
    if (status >= 500) return sendPage(request, reply, status, t('error.title'), t('error.text'));
    const title = status === 403 ? t('forbidden.title') : status === 429 ? t('toomany.title') : t('badrequest.title');
    return sendPage(request, reply, status, title, message);
  });

  return app;
}
