import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { loginThrottle } from '../accounts/login-throttle';
import { connectSessionRedis, redisSessionStore } from '../accounts/redis-sessions';
import { databaseSessionStore } from '../accounts/sessions';
import { ROLES, usersRepository, type Role } from '../accounts/users';
import { editorQueries } from '../articles/editor-queries';
import type { ArticlesRepository } from '../articles/repository';
import { revisionsQueries } from '../articles/revisions';
import type { Config } from '../config';
import type { PaddockDb } from '../db/database';
import { Refusal } from '../errors';
import { createI18n } from '../i18n/messages';
import type { Mailer } from '../mail/mailer';
import type { MediaLibrary } from '../media/library';
import { installErrorPages, wantsJson } from '../web/error-handler';
import { renderPage } from '../web/render';
import { campaignAdminRoutes } from './campaigns/campaign-routes';
import { adminI18nOf, allows, pageContext, sendHtml, SESSION_COOKIE, type Access } from './context';
import type { AdminI18n, AdminKey } from './i18n';
import { safeNext } from './forms';
import type { AdminDeps } from './deps';
export type { AdminDeps } from './deps';
export { currentUser } from './context';
import { accountRoutes } from './routes/account-routes';
import { articleRoutes } from './routes/article-routes';
import { apiKeyRoutes } from './routes/apikey-routes';
import { auditRoutes } from './routes/audit-routes';
import { authorRoutes } from './routes/author-routes';
import { mediaAdminRoutes } from './routes/media-routes';
import { redirectRoutes } from './routes/redirect-routes';
import { sessionRoutes } from './routes/session-routes';
import { userRoutes } from './routes/user-routes';
import { webhookRoutes } from './routes/webhook-routes';
import { editingRoutes } from './routes/editing-routes';
import { scheduleRoutes } from './routes/schedule-routes';
import { previewAdminRoutes } from './previews/preview-routes';
import { reviewRoutes } from './routes/review-routes';
import { MessageView } from './views/message';

export interface AdminOptions {
  config: Config;
  database: PaddockDb;
  articles: ArticlesRepository;
  mailer: Mailer;
  media: MediaLibrary;
  now: () => Date;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const ADMIN_CSS = fs.readFileSync(path.join(here, 'admin.css'), 'utf8');
const MEDIA_DROP_JS = fs.readFileSync(path.join(here, 'media-drop.js'), 'utf8');
const EDITOR_JS = fs.readFileSync(path.join(here, 'editor.js'), 'utf8');
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The newsroom's back office: sign-in, the article editor, summaries, users, the audit log and
 * the Grand Prix. Every route is refused unless its `config.admin` says who may use it; every
 * state-changing request needs a CSRF token. The query string is never logged on /admin:
 * set-password links carry their token there.
 */
export const adminRoutes: FastifyPluginAsyncTypebox<AdminOptions> = async (scope, options) => {
  const { config, database, now } = options;
  // Sessions live in Redis when REDIS_URL is set (shared by every instance), else in the database.
  const sessions = config.REDIS_URL ? redisSessionStore(connectSessionRedis(config.REDIS_URL, scope.log), database.db) : databaseSessionStore(database.db);
  scope.addHook('onClose', async () => sessions.close());
  const i18n = createI18n(config.SITE_LANG, config.SITE_TIMEZONE);
  const deps: AdminDeps = {
    ...options,
    db: database.db,
    users: usersRepository(database.db, sessions),
    sessions,
    throttle: loginThrottle(database.db),
    editor: editorQueries(database.db),
    revisions: revisionsQueries(database.db),
    site: { siteName: config.SITE_NAME, zone: config.SITE_TIMEZONE, lang: config.SITE_LANG },
    secureCookies: config.SITE_URL.startsWith('https:'),
    i18n,
  };

  scope.decorateRequest('adminUser', null);
  installErrorPages(scope, {
    i18n: (request) => adminI18nOf(request, deps.site).site,
    page: (request, reply, refusal, message) => {
      const ctx = pageContext(request, reply, deps.site);
      // A role is a word of the admin's catalogue: the refusal names it in the reader's language.
      const text = refusal.code === 'role_forbidden' ? ctx.i18n.refusal(new Refusal('role_forbidden', { role: roleName(ctx.i18n, refusal.params.role), needed: roleName(ctx.i18n, refusal.params.needed) })) : message;
      return sendHtml(reply, renderPage(MessageView({ ctx, title: ctx.i18n.t(titleFor(reply.statusCode)), text })));
    },
  });

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
      const expired = session.status === 'expired' ? 'expired=1&' : '';
      if (wantsJson(request)) throw new Refusal(session.status === 'expired' ? 'session_expired' : 'not_signed_in');
      // A form posted after the session ended: back to sign-in, then to where the form was.
      const back = request.method === 'GET' ? request.url : refererPath(request);
      return reply.redirect(`/admin/login?${expired}next=${encodeURIComponent(safeNext(back))}`, 303);
    }
    if (!allows(request.adminUser.role, access)) throw new Refusal('role_forbidden', { role: request.adminUser.role, needed: access });
  });

  scope.addHook('preValidation', (request, reply, done) => {
    if (!STATE_CHANGING.has(request.method) || request.routeOptions.config.csrf === 'route') return done();
    scope.csrfProtection(request, reply, done);
  });

  scope.get('/admin/static/admin.css', { schema: {}, config: { admin: 'public' } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(ADMIN_CSS),
  );
  scope.get('/admin/static/media-drop.js', { schema: {}, config: { admin: 'public' } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(MEDIA_DROP_JS),
  );
  scope.get('/admin/static/editor.js', { schema: {}, config: { admin: 'public' } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(EDITOR_JS),
  );
  // Everyone who signs in has a home: the "Paddock admin" link of the frame leads here.
  scope.get('/admin', { schema: {}, config: { admin: 'contributor' } }, async (_request, reply) => reply.redirect('/admin/articles', 303));
  scope.get('/admin/api/me', { schema: {}, config: { admin: 'editor' } }, async (request) => ({ email: request.adminUser?.email, role: request.adminUser?.role }));

  for (const routes of [sessionRoutes, articleRoutes, mediaAdminRoutes, userRoutes, redirectRoutes, authorRoutes, auditRoutes, campaignAdminRoutes, webhookRoutes, previewAdminRoutes, editingRoutes, scheduleRoutes]) await scope.register(routes, deps);
  await scope.register(apiKeyRoutes, deps);
  await scope.register(reviewRoutes, deps);
  await scope.register(accountRoutes, deps);
};

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

function roleName(i18n: AdminI18n, role: unknown): string {
  return ROLES.includes(role as Role) ? i18n.t(`role.${role as Role}`) : String(role);
}

function titleFor(status: number): AdminKey {
  if (status === 401) return 'error.401';
  if (status === 403) return 'error.403';
  if (status === 404) return 'error.404';
  if (status === 409) return 'error.409';
  if (status === 413) return 'error.413';
  if (status === 429) return 'error.429';
  if (status === 503) return 'error.503';
  if (status >= 500) return 'error.500';
  return 'error.4xx';
}
