import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { LANGUAGE_CHOICES, setPasswordLink, type User } from '../../accounts/users';
import { Refusal } from '../../errors';
import { statusOf } from '../../web/refusals';
import { renderPage } from '../../web/render';
import { Choice, Form, Query, RowId, Text } from '../../web/schemas';
import { currentUser, pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import { field, formBody } from '../forms';
import type { AdminKey } from '../i18n';
import { mailPasswordLink } from '../password-mail';
import { UsersView, type IssuedLink } from '../views/users';

const schemas = {
  list: { querystring: Query({ done: Type.Optional(Text(40)) }) },
  add: { body: Form({ email: Type.Optional(Text(1000)), role: Type.Optional(Text(40)), lang: Type.Optional(Text(10)), mail: Type.Optional(Text(10)) }) },
  act: { params: Type.Object({ id: RowId, op: Choice(['disable', 'enable', 'link', 'mail'] as const) }), body: Form({}) },
  lang: { params: Type.Object({ id: RowId }), body: Form({ lang: Choice(LANGUAGE_CHOICES) }) },
};

const NOTICES: Record<string, AdminKey> = { disabled: 'users.disabled', enabled: 'users.enabled', lang: 'users.langSaved' };

export const userRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const { users, now, config } = deps;
  const adminOnly = { config: { admin: 'admin' as const } };

  async function findUser(id: number) {
    const user = await users.findById(id);
    if (!user) throw new Refusal('no_user', { who: `number ${id}` });
    return user;
  }

  /** The list with a just-made link: the link is shown in this response only (never in a redirect URL, a log or the audit log). */
  async function showIssued(request: FastifyRequest, reply: FastifyReply, issued: IssuedLink & { user: User; kind: 'welcome' | 'reset' }, mail: boolean, notice: AdminKey) {
    const ctx = pageContext(request, reply, deps.site);
    const { t } = ctx.i18n;
    const sent = mail ? await mailPasswordLink(deps, { kind: issued.kind, to: issued.user, link: issued.link, expiresAt: issued.expiresAt, actor: currentUser(request).email }, request.log) : null;
    const notices = [t(notice, { email: issued.email }), sent === true ? t('users.mailed', { email: issued.email }) : ''].filter(Boolean).join(' ');
    const error = sent === false ? t('users.mailFailed', { email: issued.email }) : null;
    return sendHtml(reply, renderPage(UsersView({ ctx, users: await users.list(), issued, notice: notices, error, siteLang: deps.site.lang })));
  }

  app.get('/admin/users', { ...adminOnly, schema: schemas.list }, async (request, reply) => {
    const ctx = pageContext(request, reply, deps.site);
    const notice = NOTICES[request.query.done ?? ''];
    return sendHtml(reply, renderPage(UsersView({ ctx, users: await users.list(), notice: notice ? ctx.i18n.t(notice) : null, siteLang: deps.site.lang })));
  });

  app.post('/admin/users', { ...adminOnly, schema: schemas.add }, async (request, reply) => {
    const actor = currentUser(request);
    const body = formBody(request.body);
    const email = field(body, 'email').trim();
    const role = field(body, 'role');
    const lang = field(body, 'lang') || 'site';
    let added;
    try {
      added = await users.add({ email, role, lang, actor: actor.email }, now());
    } catch (error) {
      if (!(error instanceof Refusal) || statusOf(error.code) >= 500) throw error;
      const ctx = pageContext(request, reply, deps.site);
      const form = { email, role, lang };
      return sendHtml(reply.status(statusOf(error.code)), renderPage(UsersView({ ctx, users: await users.list(), error: ctx.i18n.refusal(error), form, siteLang: deps.site.lang })));
    }
    const issued = { email: added.user.email, user: added.user, kind: 'welcome' as const, link: setPasswordLink(config.SITE_URL, added.token), expiresAt: added.expiresAt };
    reply.status(201);
    return showIssued(request, reply, issued, field(body, 'mail') !== '', 'users.added');
  });

  app.post('/admin/users/:id/:op', { ...adminOnly, schema: schemas.act }, async (request, reply) => {
    const actor = currentUser(request);
    const { op } = request.params;
    const user = await findUser(request.params.id);
    if (op === 'link' || op === 'mail') {
      const { token, expiresAt } = await users.resetLink({ email: user.email, actor: actor.email }, now());
      const issued = { email: user.email, user, kind: 'reset' as const, link: setPasswordLink(config.SITE_URL, token), expiresAt };
      return showIssued(request, reply, issued, op === 'mail', 'users.linkNotice');
    }
    if (user.id === actor.id) throw new Refusal('own_account');
    await users.setDisabled({ email: user.email, disabled: op === 'disable', actor: actor.email }, now());
    return reply.redirect(`/admin/users?done=${op === 'disable' ? 'disabled' : 'enabled'}`, 303);
  });

  app.post('/admin/users/:id/lang', { ...adminOnly, schema: schemas.lang }, async (request, reply) => {
    const user = await findUser(request.params.id);
    await users.setLanguage({ email: user.email, lang: request.body.lang, actor: currentUser(request).email }, now());
    return reply.redirect('/admin/users?done=lang', 303);
  });
};
