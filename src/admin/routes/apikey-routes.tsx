import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { apiKeysService, DEFAULT_RATE_PER_MINUTE, type ApiKey } from '../../api/keys';
import { Refusal } from '../../errors';
import { statusOf } from '../../web/refusals';
import { renderPage } from '../../web/render';
import { Form, Query, RowId, Text } from '../../web/schemas';
import { currentUser, pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import { field, formBody } from '../forms';
import type { AdminKey } from '../i18n';
import { ApiKeysView } from '../views/apikeys';

const schemas = {
  list: { querystring: Query({ done: Type.Optional(Text(40)) }) },
  add: { body: Form({ name: Type.Optional(Text(200)), origins: Type.Optional(Text(4000)), rate: Type.Optional(Text(12)) }) },
  revoke: { params: Type.Object({ id: RowId }), body: Form({}) },
};

const NOTICES: Record<string, AdminKey> = { revoked: 'apikeys.revoked' };

/** Admins make and revoke Content API keys here, through the same service as `paddock apikey`. */
export const apiKeyRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const service = apiKeysService(deps.db, deps.now);
  const adminOnly = { config: { admin: 'admin' as const } };

  async function show(request: FastifyRequest, reply: FastifyReply, extra: { notice?: AdminKey | null; error?: Refusal | null; created?: { key: ApiKey; token: string }; form?: { name: string; origins: string; rate: string } } = {}) {
    const ctx = pageContext(request, reply, deps.site);
    return sendHtml(
      reply,
      renderPage(
        ApiKeysView({
          ctx,
          keys: await service.list(),
          created: extra.created ?? null,
          notice: extra.notice ? ctx.i18n.t(extra.notice) : null,
          error: extra.error ? ctx.i18n.refusal(extra.error) : null,
          defaultRate: DEFAULT_RATE_PER_MINUTE,
          ...(extra.form ? { form: extra.form } : {}),
        }),
      ),
    );
  }

  app.get('/admin/api-keys', { ...adminOnly, schema: schemas.list }, async (request, reply) => show(request, reply, { notice: NOTICES[request.query.done ?? ''] ?? null }));

  // The new key is shown in this answer (never in a redirect's URL); the admin area sends no-store.
  app.post('/admin/api-keys', { ...adminOnly, schema: schemas.add }, async (request, reply) => {
    const body = formBody(request.body);
    const form = { name: field(body, 'name'), origins: field(body, 'origins'), rate: field(body, 'rate').trim() };
    try {
      const rate = form.rate === '' ? undefined : /^\d{1,9}$/.test(form.rate) ? Number(form.rate) : NaN;
      const created = await service.add({ name: form.name, origins: form.origins.split(/\s+/), ...(rate !== undefined ? { ratePerMinute: rate } : {}) }, currentUser(request).email);
      return show(request, reply, { created });
    } catch (error) {
      if (!(error instanceof Refusal) || statusOf(error.code) >= 500) throw error;
      reply.status(statusOf(error.code));
      return show(request, reply, { error, form });
    }
  });

  app.post('/admin/api-keys/:id/revoke', { ...adminOnly, schema: schemas.revoke }, async (request, reply) => {
    await service.revoke(request.params.id, currentUser(request).email);
    return reply.redirect('/admin/api-keys?done=revoked', 303);
  });
};
