import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { listAudit, listAuditActions, type AuditQuery } from '../../audit/audit';
import { badRequest } from '../../web/errors';
import { renderPage } from '../../web/render';
import { pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import { pageParam } from '../forms';
import { AuditView, type AuditFilters } from '../views/audit';

const PAGE_SIZE = 50;
type Query = { Querystring: Record<string, string | undefined> };

export async function auditRoutes(app: FastifyInstance, deps: AdminDeps) {
  const adminOnly = { config: { admin: 'admin' as const } };
  const zone = deps.site.zone;

  /** Dates are days in the site's time zone; "until" includes its whole day. */
  function day(value: string | undefined, name: 'from' | 'to'): string | undefined {
    if (!value) return undefined;
    const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone }) : null;
    if (!parsed?.isValid) throw badRequest(`"${name}" must be a date such as 2026-11-20.`, name);
    return (name === 'to' ? parsed.plus({ days: 1 }) : parsed).toUTC().toISO()!;
  }

  function readFilters(query: Record<string, string | undefined>): { filters: AuditFilters; query: AuditQuery } {
    const filters: AuditFilters = {
      actor: (query.actor ?? '').trim().slice(0, 254),
      action: (query.action ?? '').trim().slice(0, 100),
      target: (query.target ?? '').trim().slice(0, 300),
      from: query.from ?? '',
      to: query.to ?? '',
    };
    const from = day(filters.from, 'from');
    const to = day(filters.to, 'to');
    return {
      filters,
      query: {
        page: pageParam(query.page),
        pageSize: PAGE_SIZE,
        ...(filters.actor ? { actor: filters.actor } : {}),
        ...(filters.action ? { action: filters.action } : {}),
        ...(filters.target ? { target: filters.target } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      },
    };
  }

  app.get<Query>('/admin/audit', adminOnly, async (request, reply) => {
    const { filters, query } = readFilters(request.query);
    const { items, total } = await listAudit(deps.db, query);
    const ctx = pageContext(request, reply, deps.site);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return sendHtml(reply, renderPage(AuditView({ ctx, items, total, page: query.page, pages, filters, actions: await listAuditActions(deps.db) })));
  });

  app.get<Query>('/admin/api/audit', adminOnly, async (request) => {
    const { query } = readFilters(request.query);
    const { items, total } = await listAudit(deps.db, query);
    return { items, total, page: query.page, pageSize: PAGE_SIZE };
  });
}
