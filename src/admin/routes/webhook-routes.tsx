import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Refusal } from '../../errors';
import { statusOf } from '../../web/refusals';
import { renderPage } from '../../web/render';
import { Form, Query, RowId, Text } from '../../web/schemas';
import { WEBHOOK_EVENTS } from '../../webhooks/events';
import { webhookService, type EndpointInput } from '../../webhooks/service';
import { adminI18nOf, currentUser, pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import type { AdminKey } from '../i18n';
import { field, fields, formBody } from '../forms';
import { WebhooksView, WebhookView, type EndpointForm } from '../views/webhooks';

const IdParams = Type.Object({ id: RowId });
const Events = Type.Union([Text(40), Type.Array(Text(40), { maxItems: WEBHOOK_EVENTS.length * 2 })]);
const EndpointBody = Form({
  url: Type.Optional(Text(2000)),
  description: Type.Optional(Text(1000)),
  events: Type.Optional(Events),
  active: Type.Optional(Text(10)),
});

const schemas = {
  list: { querystring: Query({ done: Type.Optional(Text(40)) }) },
  add: { body: EndpointBody },
  show: { params: IdParams, querystring: Query({ done: Type.Optional(Text(40)) }) },
  update: { params: IdParams, body: EndpointBody },
  action: { params: IdParams, body: Form({}) },
};

const NOTICES: Record<string, AdminKey> = {
  removed: 'webhooks.notice.removed',
  saved: 'webhooks.notice.saved',
  test: 'webhooks.notice.test',
};
const LOG_SIZE = 100;

/** Admins register webhook endpoints, read each one's delivery log and send it a test event. */
export const webhookRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const service = webhookService(deps.db, { allowPrivate: deps.config.WEBHOOK_ALLOW_PRIVATE, now: deps.now });
  const adminOnly = { config: { admin: 'admin' as const } };
  // Started by app.ts; absent only where the admin runs without the app (no delivery to hurry).
  const nudge = () => (app.hasDecorator('webhookDelivery') ? app.webhookDelivery.nudge() : undefined);

  const readForm = (body: unknown): EndpointForm => {
    const b = formBody(body);
    return { url: field(b, 'url').trim(), description: field(b, 'description'), events: fields(b, 'events'), active: field(b, 'active') !== '' };
  };
  const asInput = (form: EndpointForm): EndpointInput => form;

  /** A refusal the admin can fix is shown with the form kept; anything else is the error page. */
  function refused(error: unknown, request: FastifyRequest, reply: FastifyReply): string {
    if (!(error instanceof Refusal) || statusOf(error.code) >= 500 || error.code === 'no_webhook') throw error;
    reply.status(statusOf(error.code));
    return adminI18nOf(request, deps.site).refusal(error);
  }

  /** The notice a `?done=` names, in the person's language; an unknown one says nothing. */
  function noticeOf(request: FastifyRequest, done: string | undefined): string | null {
    const key = done && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
    return key ? adminI18nOf(request, deps.site).t(key) : null;
  }

  async function list(request: FastifyRequest, reply: FastifyReply, extra: Omit<Parameters<typeof WebhooksView>[0], 'ctx' | 'endpoints'> = {}) {
    const ctx = pageContext(request, reply, deps.site);
    return sendHtml(reply, renderPage(WebhooksView({ ctx, endpoints: await service.list(), ...extra })));
  }

  async function show(request: FastifyRequest, reply: FastifyReply, id: number, extra: Omit<Parameters<typeof WebhookView>[0], 'ctx' | 'endpoint' | 'log'> = {}) {
    const endpoint = await service.find(id);
    const log = await service.store.log(id, LOG_SIZE);
    const ctx = pageContext(request, reply, deps.site);
    return sendHtml(reply, renderPage(WebhookView({ ctx, endpoint, log, ...extra })));
  }

  app.get('/admin/webhooks', { ...adminOnly, schema: schemas.list }, async (request, reply) => list(request, reply, { notice: noticeOf(request, request.query.done) }));

  // The answer is the page itself, not a redirect: the secret must not travel in a URL, and it is shown this once.
  app.post('/admin/webhooks', { ...adminOnly, schema: schemas.add }, async (request, reply) => {
    const form = readForm(request.body);
    try {
      const { id, secret } = await service.register(asInput(form), currentUser(request).email);
      const endpoint = await service.find(id);
      return list(request, reply, { notice: adminI18nOf(request, deps.site).t('webhooks.notice.registered'), created: { id, url: endpoint.url, secret } });
    } catch (error) {
      return list(request, reply, { error: refused(error, request, reply), form });
    }
  });

  app.get('/admin/webhooks/:id', { ...adminOnly, schema: schemas.show }, async (request, reply) => show(request, reply, request.params.id, { notice: noticeOf(request, request.query.done) }));

  app.post('/admin/webhooks/:id', { ...adminOnly, schema: schemas.update }, async (request, reply) => {
    const form = readForm(request.body);
    try {
      await service.update(request.params.id, asInput(form), currentUser(request).email);
    } catch (error) {
      return show(request, reply, request.params.id, { error: refused(error, request, reply), form });
    }
    nudge();
    return reply.redirect(`/admin/webhooks/${request.params.id}?done=saved`, 303);
  });

  app.post('/admin/webhooks/:id/test', { ...adminOnly, schema: schemas.action }, async (request, reply) => {
    await service.sendTest(request.params.id, currentUser(request).email);
    nudge();
    return reply.redirect(`/admin/webhooks/${request.params.id}?done=test`, 303);
  });

  app.post('/admin/webhooks/:id/delete', { ...adminOnly, schema: schemas.action }, async (request, reply) => {
    await service.remove(request.params.id, currentUser(request).email);
    return reply.redirect('/admin/webhooks?done=removed', 303);
  });
};
