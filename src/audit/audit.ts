import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export interface AuditEvent {
  /** Who did it: an email, `cli`, or null for an anonymous visitor. */
  actor: string | null;
  /** A stable dotted name: `login`, `article.publish`, `user.add`, `campaign.disqualify`… */
  action: string;
  /** What it was done to: `article:12`, `user:editor@example.com`, `campaign:gp-2026`. */
  target?: string | null;
  details?: Record<string, unknown> | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
}

/** Keys whose values never enter the log, however a caller names its details. */
const SECRET_KEY = /pass(word)?|token|secret|session|cookie|csrf|hash/i;

function scrub(value: unknown, depth = 0): unknown {
  if (depth > 4) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => scrub(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : scrub(v, depth + 1);
    return out;
  }
  if (typeof value === 'string' && value.length > 500) return `${value.slice(0, 500)}…`;
  return value;
}

/**
 * Records who did what and when. Pass the transaction of the change itself when there is one,
 * so the change and its record commit together.
 */
export async function audit(db: Db, event: AuditEvent, at: Date = new Date()): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: at.toISOString(),
      actor: event.actor,
      action: event.action,
      target: event.target ?? null,
      details_json: event.details ? JSON.stringify(scrub(event.details)) : null,
    })
    .execute();
}

export interface AuditQuery {
  actor?: string;
  /** Exact action, or a prefix ending in `.` (`article.`). */
  action?: string;
  target?: string;
  /** ISO instants, inclusive from, exclusive to. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export async function listAudit(db: Db, query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
  let q = db.selectFrom('audit_log');
  if (query.actor) q = q.where('actor', '=', query.actor.trim().toLowerCase());
  if (query.action) {
    const action = query.action;
    q = action.endsWith('.')
      ? q.where(sql<boolean>`substr(action, 1, ${action.length}) = ${action}`)
      : q.where('action', '=', action);
  }
  if (query.target) q = q.where('target', '=', query.target);
  if (query.from) q = q.where('at', '>=', query.from);
  if (query.to) q = q.where('at', '<', query.to);
  const { total } = await q.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      target: r.target,
      details: r.details_json ? (JSON.parse(r.details_json) as Record<string, unknown>) : null,
    })),
  };
}

export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
