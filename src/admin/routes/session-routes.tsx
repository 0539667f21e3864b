import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { dummyHash, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblemCode, verifyPassword, type PasswordProblem } from '../../accounts/password';
import { SESSION_ABSOLUTE_MS } from '../../accounts/sessions';
import { normalizeEmail, type User } from '../../accounts/users';
import { audit } from '../../audit/audit';
import { renderPage } from '../../web/render';
import { Form, Query, Text } from '../../web/schemas';
import { pageContext, sendHtml, SESSION_COOKIE } from '../context';
import { adminI18n, type AdminKey } from '../i18n';
import type { AdminDeps } from '../deps';
import { field, formBody, safeNext } from '../forms';
import { LoginView, SetPasswordView } from '../views/login';

const PASSWORD_PROBLEMS: Record<PasswordProblem, AdminKey> = { too_short: 'password.tooShort', too_long: 'password.tooLong', is_email: 'password.isEmail', too_simple: 'password.tooSimple' };

const flag = Type.Optional(Text(10));
const schemas = {
  loginPage: { querystring: Query({ next: Type.Optional(Text(2000)), expired: flag, bye: flag, password: flag }) },
  login: { body: Form({ email: Type.Optional(Text(1000)), password: Type.Optional(Text(4000)), next: Type.Optional(Text(2000)) }) },
  logout: { body: Form({}) },
  setPasswordPage: { querystring: Query({ token: Type.Optional(Text(1000)) }) },
  setPassword: { body: Form({ token: Type.Optional(Text(1000)), password: Type.Optional(Text(4000)), confirm: Type.Optional(Text(4000)) }) },
};

export const sessionRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const { users, sessions, throttle, now, db } = deps;

  /** A set-password page is for the link's owner: it speaks their language once the link names them. */
  function ownerContext(request: FastifyRequest, reply: FastifyReply, owner: User | null) {
    const ctx = pageContext(request, reply, deps.site);
    return owner ? { ...ctx, i18n: adminI18n(owner.lang ?? deps.site.lang, deps.site.zone) } : ctx;
  }

  app.get('/admin/login', { schema: schemas.loginPage, config: { admin: 'public' } }, async (request, reply) => {
    const next = safeNext(request.query.next);
    if (request.adminUser) return reply.redirect(next, 303);
    const ctx = pageContext(request, reply, deps.site);
    const { t } = ctx.i18n;
    const notice = request.query.expired ? t('login.expired') : request.query.bye ? t('login.bye') : request.query.password ? t('login.passwordSet') : undefined;
    return sendHtml(reply, renderPage(LoginView({ ctx, email: '', next, ...(notice ? { notice } : {}) })));
  });

  app.post(
    '/admin/login',
    // A flood guard per address on top of the failure counts kept in the database (login-throttle.ts).
    { schema: schemas.login, config: { admin: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const body = formBody(request.body);
      const typed = field(body, 'email').slice(0, 320);
      const email = normalizeEmail(typed);
      const password = field(body, 'password');
      const next = safeNext(field(body, 'next'));
      const at = now();
      // Before sign-in the page speaks the site's language (nobody is known yet).
      const refuse = (status: number, error: AdminKey, params?: Record<string, string>) => {
        const ctx = pageContext(request, reply, deps.site);
        return sendHtml(reply.status(status), renderPage(LoginView({ ctx, email: typed, next, error: ctx.i18n.t(error, params) })));
      };
      if (email === '' || password === '') return refuse(400, 'login.missing');
      if (password.length > MAX_PASSWORD_LENGTH) return refuse(400, 'login.tooLong', { max: String(MAX_PASSWORD_LENGTH) });

      await throttle.recordAttempt(email, request.ip, at);
      const limit = await throttle.blockedBy(email, request.ip, at);
      if (limit) {
        await audit(db, { actor: null, action: 'login.throttled', details: { ip: request.ip, limit } }, at);
        return refuse(429, 'login.throttled');
      }
      const user = await users.findByEmail(email);
      // Always one scrypt computation, so a wrong email takes as long as a wrong password.
      const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
      if (!user || !user.passwordHash || user.disabled || !passwordOk) {
        const reason = !user ? 'unknown_account' : !user.passwordHash ? 'no_password_set' : user.disabled ? 'disabled' : 'wrong_password';
        // The typed email is recorded only when it names an account: a password typed into the email field stays out of the log.
        await audit(db, { actor: user ? user.email : null, action: 'login.failed', target: user ? `user:${user.email}` : null, details: { reason, ip: request.ip } }, at);
        return refuse(401, 'login.wrong');
      }

      // A new session id at every sign-in: an id planted before sign-in is worth nothing after.
      const id = await sessions.rotate(request.cookies[SESSION_COOKIE], user.id, at);
      await throttle.clear(email, request.ip);
      await audit(db, { actor: user.email, action: 'login', target: `user:${user.email}`, details: { ip: request.ip } }, at);
      reply.setCookie(SESSION_COOKIE, id, {
        path: '/admin',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.secureCookies,
        maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
      });
      return reply.redirect(next, 303);
    },
  );

  app.post('/admin/logout', { schema: schemas.logout, config: { admin: 'contributor' } }, async (request, reply) => {
    await sessions.destroy(request.cookies[SESSION_COOKIE]);
    const user = request.adminUser;
    if (user) await audit(db, { actor: user.email, action: 'logout', target: `user:${user.email}` }, now());
    reply.clearCookie(SESSION_COOKIE, { path: '/admin' });
    return reply.redirect('/admin/login?bye=1', 303);
  });

  app.get('/admin/set-password', { schema: schemas.setPasswordPage, config: { admin: 'public' } }, async (request, reply) => {
    const token = (request.query.token ?? '').slice(0, 200);
    const user = token ? await users.peekToken(token, now()) : null;
    const ctx = ownerContext(request, reply, user);
    // The token is in this page's URL: keep it out of Referer headers sent to other sites.
    reply.header('referrer-policy', 'no-referrer');
    return sendHtml(reply.status(user ? 200 : 400), renderPage(SetPasswordView({ ctx, token, email: user?.email ?? null })));
  });

  app.post('/admin/set-password', { schema: schemas.setPassword, config: { admin: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = formBody(request.body);
    const token = field(body, 'token').slice(0, 200);
    const password = field(body, 'password');
    const confirm = field(body, 'confirm');
    const at = now();
    const user = token ? await users.peekToken(token, at) : null;
    const show = (status: number, error?: AdminKey) => {
      const ctx = ownerContext(request, reply, user);
      const text = error ? ctx.i18n.t(error, { min: ctx.i18n.number(MIN_PASSWORD_LENGTH), max: ctx.i18n.number(MAX_PASSWORD_LENGTH) }) : undefined;
      return sendHtml(reply.status(status), renderPage(SetPasswordView({ ctx, token, email: user?.email ?? null, ...(text ? { error: text } : {}) })));
    };
    if (!user) return show(400);
    const problem = passwordProblemCode(password, user.email);
    if (problem) return show(400, PASSWORD_PROBLEMS[problem]);
    if (password !== confirm) return show(400, 'password.differ');
    const done = await users.setPasswordWithToken(token, await hashPassword(password), at);
    if (!done) return show(400);
    return reply.redirect('/admin/login?password=1', 303);
  });
};
