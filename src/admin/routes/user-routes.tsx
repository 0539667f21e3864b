import type { FastifyInstance } from 'fastify';
import { AccountError, setPasswordLink } from '../../accounts/users';
import { HttpError, notFound } from '../../web/errors';
import { renderPage } from '../../web/render';
import { currentUser, pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import { field, formBody, positiveInt } from '../forms';
import { UsersView, type IssuedLink } from '../views/users';

const STATUS: Record<AccountError['code'], number> = { invalid_email: 400, invalid_role: 400, exists: 409, not_found: 404 };

export async function userRoutes(app: FastifyInstance, deps: AdminDeps) {
  const { users, now, config } = deps;
  const adminOnly = { config: { admin: 'admin' as const } };
  const NOTICES: Record<string, string> = { disabled: 'The account is disabled and its sessions have ended.', enabled: 'The account is enabled.' };

  async function findUser(id: string) {
    const user = await users.findById(positiveInt(id, 'user number'));
    if (!user) throw notFound('There is no user with this number.');
    return user;
  }

  app.get<{ Querystring: { done?: string } }>('/admin/users', adminOnly, async (request, reply) => {
    const ctx = pageContext(request, reply, deps.site);
    return sendHtml(reply, renderPage(UsersView({ ctx, users: await users.list(), notice: NOTICES[request.query.done ?? ''] ?? null })));
  });

  app.post('/admin/users', adminOnly, async (request, reply) => {
    const actor = currentUser(request);
    const body = formBody(request.body);
    const email = field(body, 'email').trim();
    const role = field(body, 'role');
    let issued: IssuedLink;
    try {
      const added = await users.add({ email, role, actor: actor.email }, now());
      issued = { email: added.user.email, link: setPasswordLink(config.SITE_URL, added.token), expiresAt: added.expiresAt };
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const ctx = pageContext(request, reply, deps.site);
      return sendHtml(reply.status(STATUS[error.code]), renderPage(UsersView({ ctx, users: await users.list(), error: error.message, email, role })));
    }
    // The link is shown in this response only (never in a redirect URL, a log or the audit log).
    const ctx = pageContext(request, reply, deps.site);
    return sendHtml(reply.status(201), renderPage(UsersView({ ctx, users: await users.list(), issued, notice: `${issued.email} is added.` })));
  });

  app.post<{ Params: { id: string; op: string } }>('/admin/users/:id/:op', adminOnly, async (request, reply) => {
    const actor = currentUser(request);
    const { op } = request.params;
    if (op !== 'disable' && op !== 'enable' && op !== 'link') throw notFound(`There is no user action "${op}"; use disable, enable or link.`);
    const user = await findUser(request.params.id);
    if (op === 'link') {
      const { token, expiresAt } = await users.resetLink({ email: user.email, actor: actor.email }, now());
      const ctx = pageContext(request, reply, deps.site);
      const issued = { email: user.email, link: setPasswordLink(config.SITE_URL, token), expiresAt };
      return sendHtml(reply, renderPage(UsersView({ ctx, users: await users.list(), issued, notice: 'Earlier links for this account no longer work.' })));
    }
    if (user.id === actor.id) throw new HttpError(400, 'own_account', 'You cannot disable or enable your own account; ask another admin.');
    await users.setDisabled({ email: user.email, disabled: op === 'disable', actor: actor.email }, now());
    return reply.redirect(`/admin/users?done=${op === 'disable' ? 'disabled' : 'enabled'}`, 303);
  });
}
