import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { setPasswordLink } from '../../accounts/users';
import { Refusal } from '../../errors';
import { describeRefusal, statusOf } from '../../web/refusals';
import { renderPage } from '../../web/render';
import { Choice, Form, Query, RowId, Text } from '../../web/schemas';
import { currentUser, pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import { field, formBody } from '../forms';
import { UsersView, type IssuedLink } from '../views/users';

const schemas = {
  list: { querystring: Query({ done: Type.Optional(Text(40)) }) },
  add: { body: Form({ email: Type.Optional(Text(1000)), role: Type.Optional(Text(40)) }) },
  act: { params: Type.Object({ id: RowId, op: Choice(['disable', 'enable', 'link'] as const) }), body: Form({}) },
};

export const userRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const { users, now, config } = deps;
  const adminOnly = { config: { admin: 'admin' as const } };
  const NOTICES: Record<string, string> = { disabled: 'The account is disabled and its sessions have ended.', enabled: 'The account is enabled.' };

  async function findUser(id: number) {
    const user = await users.findById(id);
    if (!user) throw new Refusal('no_user', { who: `number ${id}` });
    return user;
  }

  app.get('/admin/users', { ...adminOnly, schema: schemas.list }, async (request, reply) => {
    const ctx = pageContext(request, reply, deps.site);
    return sendHtml(reply, renderPage(UsersView({ ctx, users: await users.list(), notice: NOTICES[request.query.done ?? ''] ?? null })));
  });

  app.post('/admin/users', { ...adminOnly, schema: schemas.add }, async (request, reply) => {
    const actor = currentUser(request);
    const body = formBody(request.body);
    const email = field(body, 'email').trim();
    const role = field(body, 'role');
    let issued: IssuedLink;
    try {
      const added = await users.add({ email, role, actor: actor.email }, now());
      issued = { email: added.user.email, link: setPasswordLink(config.SITE_URL, added.token), expiresAt: added.expiresAt };
    } catch (error) {
      if (!(error instanceof Refusal) || statusOf(error.code) >= 500) throw error;
      const ctx = pageContext(request, reply, deps.site);
      return sendHtml(reply.status(statusOf(error.code)), renderPage(UsersView({ ctx, users: await users.list(), error: describeRefusal(error, deps.i18n), email, role })));
    }
    // The link is shown in this response only (never in a redirect URL, a log or the audit log).
    const ctx = pageContext(request, reply, deps.site);
    return sendHtml(reply.status(201), renderPage(UsersView({ ctx, users: await users.list(), issued, notice: `${issued.email} is added.` })));
  });

  app.post('/admin/users/:id/:op', { ...adminOnly, schema: schemas.act }, async (request, reply) => {
    const actor = currentUser(request);
    const { op } = request.params;
    const user = await findUser(request.params.id);
    if (op === 'link') {
      const { token, expiresAt } = await users.resetLink({ email: user.email, actor: actor.email }, now());
      const ctx = pageContext(request, reply, deps.site);
      const issued = { email: user.email, link: setPasswordLink(config.SITE_URL, token), expiresAt };
      return sendHtml(reply, renderPage(UsersView({ ctx, users: await users.list(), issued, notice: 'Earlier links for this account no longer work.' })));
    }
    if (user.id === actor.id) throw new Refusal('own_account');
    await users.setDisabled({ email: user.email, disabled: op === 'disable', actor: actor.email }, now());
    return reply.redirect(`/admin/users?done=${op === 'disable' ? 'disabled' : 'enabled'}`, 303);
  });
};
