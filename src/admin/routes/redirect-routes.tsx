import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { redirectsRepository } from '../../articles/redirects/repository';
import { redirectsService } from '../../articles/redirects/service';
import { Refusal } from '../../errors';
import { statusOf } from '../../web/refusals';
import { renderPage } from '../../web/render';
import { Form, Query, Text } from '../../web/schemas';
import { currentUser, pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import { field, formBody } from '../forms';
import type { AdminKey } from '../i18n';
import { RedirectsView } from '../views/redirects';

const PAGE = 200;

const schemas = {
  list: { querystring: Query({ after: Type.Optional(Text(2000)), done: Type.Optional(Text(40)) }) },
  add: { body: Form({ from: Type.Optional(Text(2000)), to: Type.Optional(Text(2000)), status: Type.Optional(Text(3)) }) },
  remove: { body: Form({ from: Type.Optional(Text(2000)) }) },
};

const NOTICES: Record<string, AdminKey> = { added: 'redirects.added', removed: 'redirects.removed' };

/** Admins manage redirects here through the same service as `paddock redirects`. */
export const redirectRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const repo = redirectsRepository(deps.db);
  const service = redirectsService(deps.db, deps.now);
  const adminOnly = { config: { admin: 'admin' as const } };

  async function show(request: FastifyRequest, reply: FastifyReply, extra: { after?: string; notice?: AdminKey | null; error?: Refusal | null; form?: { from: string; to: string; status: string } } = {}) {
    const page = await repo.list({ limit: PAGE + 1, ...(extra.after !== undefined ? { after: extra.after } : {}) });
    const shown = page.slice(0, PAGE);
    const next = page.length > PAGE ? shown[shown.length - 1]!.from : null;
    const ctx = pageContext(request, reply, deps.site);
    const notice = extra.notice ? ctx.i18n.t(extra.notice) : null;
    const error = extra.error ? ctx.i18n.refusal(extra.error) : null;
    return sendHtml(reply, renderPage(RedirectsView({ ctx, redirects: shown, total: await repo.count(), next, notice, error, ...(extra.form ? { form: extra.form } : {}) })));
  }

  app.get('/admin/redirects', { ...adminOnly, schema: schemas.list }, async (request, reply) =>
    show(request, reply, { ...(request.query.after !== undefined ? { after: request.query.after } : {}), notice: NOTICES[request.query.done ?? ''] ?? null }),
  );

  app.post('/admin/redirects', { ...adminOnly, schema: schemas.add }, async (request, reply) => {
    const body = formBody(request.body);
    const form = { from: field(body, 'from').trim(), to: field(body, 'to').trim(), status: field(body, 'status') || '301' };
    try {
      await service.add({ from: form.from, to: form.to, status: Number(form.status) }, currentUser(request).email);
    } catch (error) {
      if (!(error instanceof Refusal) || statusOf(error.code) >= 500) throw error;
      reply.status(statusOf(error.code));
      return show(request, reply, { error, form });
    }
    return reply.redirect('/admin/redirects?done=added', 303);
  });

  app.post('/admin/redirects/remove', { ...adminOnly, schema: schemas.remove }, async (request, reply) => {
    await service.remove(field(formBody(request.body), 'from'), currentUser(request).email);
    return reply.redirect('/admin/redirects?done=removed', 303);
  });
};
