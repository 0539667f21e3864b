import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { loginThrottle } from '../accounts/login-throttle';
import { connectSessionRedis, redisSessionStore } from '../accounts/redis-sessions';
import { databaseSessionStore, SessionStoreUnavailable } from '../accounts/sessions';
import { usersRepository } from '../accounts/users';
import { editorQueries } from '../articles/editor-queries';
import type { ArticlesRepository } from '../articles/repository';
import { revisionsQueries } from '../articles/revisions';
import type { Config } from '../config';
import type { PaddockDb } from '../db/database';
import { HttpError } from '../web/errors';
import { requestLogSerializers } from '../web/log';
import { renderPage } from '../web/render';
import { allows, pageContext, sendHtml, SESSION_COOKIE, wantsJson, type Access } from './context';
import type { AdminDeps } from './deps';
export type { AdminDeps } from './deps';
export { currentUser } from './context';
import { articleRoutes } from './routes/article-routes';
import { auditRoutes } from './routes/audit-routes';
import { sessionRoutes } from './routes/session-routes';
import { userRoutes } from './routes/user-routes';
import { MessageView } from './views/message';

export interface AdminOptions {
  config: Config;
  database: PaddockDb;
  articles: ArticlesRepository;
  now: () => Date;
  /**
   * More admin routes (campaigns, entrants, draws) registered inside the guarded scope: they get
   * the session, role check (admin unless `config.admin` says 'editor'), CSRF check and error pages.
   */
  extraRoutes?: Array<(scope: FastifyInstance, deps: AdminDeps) => Promise<void>>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const ADMIN_CSS = fs.readFileSync(path.join(here, 'admin.css'), 'utf8');
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The query string is never logged on /admin: set-password links carry their token there. */

/**
 * The newsroom's back office: sign-in, the article editor, summaries, users and the audit log.
 * Every route is refused unless its `config.admin` says who may use it; every state-changing
 * request needs a CSRF token.
 */
export async function adminRoutes(app: FastifyInstance, options: AdminOptions): Promise<void> {
  const { config, database, now } = options;
  // Sessions live in Redis when REDIS_URL is set (shared by every instance), else in the database.
  const sessions = config.REDIS_URL ? redisSessionStore(connectSessionRedis(config.REDIS_URL, app.log), database.db) : databaseSessionStore(database.db);
  app.addHook('onClose', async () => sessions.close());
  const deps: AdminDeps = {
    ...options,
    db: database.db,
    users: usersRepository(database.db, sessions),
    sessions,
    throttle: loginThrottle(database.db),
    editor: editorQueries(database.db),
    revisions: revisionsQueries(database.db),
    site: { siteName: config.SITE_NAME, zone: config.SITE_TIMEZONE },
    secureCookies: config.SITE_URL.startsWith('https:'),
  };

  // Not awaited on purpose: awaiting a plugin here would load the routes registered so far at
  // once, binding them to Fastify's default error handler before buildApp sets the site's own.
  void app.register(
    async (scope) => {
      scope.decorateRequest('adminUser', null);

      scope.addHook('onRequest', async (request, reply) => {
        reply.header('cache-control', 'no-store');
        reply.header('x-robots-tag', 'noindex');
        const access: Access = request.routeOptions.config.admin ?? 'admin';
        const cookie = request.cookies[SESSION_COOKIE];
        const session = await deps.sessions.load(cookie, now());
        if (session.status === 'valid') request.adminUser = session.user;
        else if (cookie) reply.clearCookie(SESSION_COOKIE, { path: '/admin' });
        if (access === 'public') return;
        if (!request.adminUser) {
          const message = session.status === 'expired' ? 'Your session has expired. Please sign in again.' : 'Sign in to continue.';
          if (wantsJson(request) || request.method !== 'GET') {
            if (!wantsJson(request)) {
              // A form posted after the session ended: back to sign-in, then to where the form was.
              return reply.redirect(`/admin/login?${session.status === 'expired' ? 'expired=1&' : ''}next=${encodeURIComponent(refererPath(request))}`, 303);
            }
            return reply.status(401).send({ error: { code: session.status === 'expired' ? 'session_expired' : 'not_signed_in', message } });
          }
          return reply.redirect(`/admin/login?${session.status === 'expired' ? 'expired=1&' : ''}next=${encodeURIComponent(request.url)}`, 303);
        }
        if (!allows(request.adminUser.role, access)) {
          throw new HttpError(403, 'forbidden', `Your role (${request.adminUser.role}) does not allow this; it needs an ${access}.`);
        }
      });

      scope.addHook('preValidation', (request, reply, done) => {
        if (!STATE_CHANGING.has(request.method)) return done();
        scope.csrfProtection(request, reply, done);
      });

      scope.setErrorHandler(async (error: FastifyError | HttpError, request, reply) => {
        // The site's handler was not set yet when this scope was made, so 5xx are handled here too: logged, no internals shown.
        const described = describe(error) ?? { status: 500, code: 'internal_error', message: 'Something went wrong on our side. Please try again in a moment.' };
        if (described.status >= 500) request.log.error({ err: error }, 'admin request failed');
        const { status, code, message, field } = described;
        if (status === 503) reply.header('retry-after', '30');
        if (wantsJson(request)) return reply.status(status).send({ error: { code, message, ...(field ? { field } : {}) } });
        const ctx = pageContext(request, reply, deps.site);
        return sendHtml(reply.status(status), renderPage(MessageView({ ctx, title: titleFor(status), text: message })));
      });

      scope.get('/admin/static/admin.css', { config: { admin: 'public' } }, async (_request, reply) =>
        reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(ADMIN_CSS),
      );
      scope.get('/admin', { config: { admin: 'editor' } }, async (_request, reply) => reply.redirect('/admin/articles', 303));
      scope.get('/admin/api/me', { config: { admin: 'editor' } }, async (request) => ({ email: request.adminUser?.email, role: request.adminUser?.role }));

      await sessionRoutes(scope, deps);
      await articleRoutes(scope, deps);
      await userRoutes(scope, deps);
      await auditRoutes(scope, deps);
      for (const routes of options.extraRoutes ?? []) await routes(scope, deps);
    },
    { logSerializers: requestLogSerializers },
  );
}

function refererPath(request: FastifyRequest): string {
  const referer = request.headers.referer;
  if (!referer) return '/admin';
  try {
    const url = new URL(referer);
    return `${url.pathname}${url.search}`;
  } catch {
    return '/admin';
  }
}

function titleFor(status: number): string {
  if (status === 401) return 'Please sign in';
  if (status === 403) return 'Not allowed';
  if (status === 404) return 'Not found';
  if (status === 409) return 'Changed meanwhile';
  if (status === 413) return 'Too large';
  if (status === 429) return 'Too many attempts';
  if (status === 503) return 'Temporarily unavailable';
  if (status >= 500) return 'Something went wrong';
  return 'Not accepted';
}

function describe(error: FastifyError | HttpError): { status: number; code: string; message: string; field?: string } | null {
  if (!(error instanceof Error)) return null;
  if (error instanceof SessionStoreUnavailable) {
    return { status: 503, code: 'sessions_unavailable', message: 'Signing in is not possible right now: the session store cannot be reached. Please try again in a few minutes.' };
  }
  if (error instanceof HttpError) return error.status < 500 ? { status: error.status, code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } : null;
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status < 400 || status >= 500) return null;
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
    return { status: 403, code: 'csrf_invalid', message: 'The form was refused because its security token is missing or out of date. Go back, reload the page and submit it again.' };
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, code: 'too_large', message: 'What you sent is larger than the server accepts (256 KB). Shorten the text and try again.' };
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { status: 415, code: 'unsupported_media_type', message: 'Send the form as application/x-www-form-urlencoded or JSON.' };
  }
  if (status === 429) return { status, code: 'rate_limited', message: error.message };
  return { status, code: error.validation ? 'invalid_request' : (error.code ?? 'bad_request').toLowerCase(), message: error.message };
}
