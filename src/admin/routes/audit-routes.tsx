import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DateTime } from 'luxon';
import { Type, type Static } from 'typebox';
import { listAudit, listAuditActions, type AuditQuery } from '../../audit/audit';
import { Refusal } from '../../errors';
import { renderPage } from '../../web/render';
import { PageNumber, Query, Text } from '../../web/schemas';
import { pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import { AuditView, type AuditFilters as AuditFilterValues } from '../views/audit';

const PAGE_SIZE = 50;
const AuditFilters = Query({
  actor: Type.Optional(Text(1000)),
  action: Type.Optional(Text(1000)),
  target: Type.Optional(Text(1000)),
  from: Type.Optional(Text(40)),
  to: Type.Optional(Text(40)),
  page: Type.Optional(PageNumber),
});
const schemas = { audit: { querystring: AuditFilters } };

export const auditRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const adminOnly = { config: { admin: 'admin' as const } };
  const zone = deps.site.zone;

  /** Dates are days in the site's time zone; "until" includes its whole day. */
  function day(value: string | undefined, name: 'from' | 'to', label: (name: 'from' | 'to') => string): string | undefined {
    if (!value) return undefined;
    const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone }) : null;
    if (!parsed?.isValid) throw new Refusal('date_invalid', { field: label(name) }, name);
    return (name === 'to' ? parsed.plus({ days: 1 }) : parsed).toUTC().toISO()!;
  }

  /** `label`: how the refusal of a bad date names its field (the page: by its label; JSON: by its name). */
  function readFilters(query: Static<typeof AuditFilters>, label: (name: 'from' | 'to') => string = (name) => name): { filters: AuditFilterValues; query: AuditQuery } {
    const filters: AuditFilterValues = {
      actor: (query.actor ?? '').trim().slice(0, 254),
      action: (query.action ?? '').trim().slice(0, 100),
      target: (query.target ?? '').trim().slice(0, 300),
      from: query.from ?? '',
      to: query.to ?? '',
    };
    const from = day(filters.from, 'from', label);
    const to = day(filters.to, 'to', label);
    return {
      filters,
      query: {
        page: query.page ?? 1,
        pageSize: PAGE_SIZE,
        ...(filters.actor ? { actor: filters.actor } : {}),
        ...(filters.action ? { action: filters.action } : {}),
        ...(filters.target ? { target: filters.target } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      },
    };
  }

  app.get('/admin/audit', { ...adminOnly, schema: schemas.audit }, async (request, reply) => {
    const ctx = pageContext(request, reply, deps.site);
    const { filters, query } = readFilters(request.query, (name) => ctx.i18n.t(name === 'from' ? 'audit.from' : 'audit.until'));
    const { items, total } = await listAudit(deps.db, query);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return sendHtml(reply, renderPage(AuditView({ ctx, items, total, page: query.page, pages, filters, actions: await listAuditActions(deps.db) })));
  });

  app.get('/admin/api/audit', { ...adminOnly, schema: schemas.audit }, async (request) => {
    const { query } = readFilters(request.query);
    const { items, total } = await listAudit(deps.db, query);
    return { items, total, page: query.page, pageSize: PAGE_SIZE };
  });
};
