import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { passingOverLeased } from '../db/lease';
import type { Database } from '../db/schema';
import { LEASE_MS, MAX_ATTEMPTS, retryDelayMs, type AnyWebhookEvent, type WebhookEvent, type WebhookPayload } from './events';

type Db = Kysely<Database> | Transaction<Database>;

export interface WebhookEndpoint {
  id: number;
  url: string;
  description: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
}

export interface DeliveryLogRow {
  id: number;
  deliveryId: string;
  eventId: string;
  event: string;
  createdAt: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastLatencyMs: number | null;
  lastResponse: string | null;
  lastError: string | null;
  deliveredAt: string | null;
}

export interface ClaimedDelivery {
  id: number;
  deliveryId: string;
  endpointId: number;
  url: string;
  secret: string;
  body: string;
  attempts: number;
}

export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  latencyMs: number | null;
  response: string | null;
  error: string | null;
}

export interface EnqueueRequest {
  event: AnyWebhookEvent;
  data: Record<string, unknown>;
  /** What the event is about (`article:12`): a later change to it may replace this while not yet due. */
  subject?: string;
  /** Not due before this instant (a scheduled publication); else due at once. */
  notBefore?: Date | string | null;
  /** Only these endpoints (the test event), whatever they subscribe to. */
  endpointIds?: number[];
  /** Only endpoints registered at or before this instant (an event derived from a past moment). */
  registeredBy?: string;
}

const parseEvents = (json: string): WebhookEvent[] => {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? (list.filter((e) => typeof e === 'string') as WebhookEvent[]) : [];
  } catch {
    return [];
  }
};

const toEndpoint = (r: { id: number; url: string; description: string; events_json: string; active: number; created_at: string; created_by: string | null; updated_at: string }): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: parseEvents(r.events_json),
  active: Number(r.active) === 1,
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
});

const ENDPOINT_COLUMNS = ['id', 'url', 'description', 'events_json', 'active', 'created_at', 'created_by', 'updated_at'] as const;

/** Log rows older than this are pruned once delivered or given up. */
export const KEEP_LOG_MS = 30 * 86_400_000;

/**
 * Webhook endpoints and their deliveries. A delivery is written in the transaction of the change
 * it reports (enqueue takes the caller's transaction) and delivered afterwards by delivery.ts.
 */
export function webhookStore(db: Kysely<Database>) {
  return {
    async createEndpoint(trx: Db, input: { url: string; description: string; events: WebhookEvent[]; active: boolean; secret: string; by: string | null }, now: Date): Promise<number> {
      const at = now.toISOString();
      const row = await trx
        .insertInto('webhook_endpoints')
        .values({ url: input.url, description: input.description, events_json: JSON.stringify(input.events), active: input.active ? 1 : 0, secret: input.secret, created_at: at, created_by: input.by, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateEndpoint(trx: Db, id: number, input: { url: string; description: string; events: WebhookEvent[]; active: boolean }, now: Date): Promise<boolean> {
      const result = await trx
        .updateTable('webhook_endpoints')
        .set({ url: input.url, description: input.description, events_json: JSON.stringify(input.events), active: input.active ? 1 : 0, updated_at: now.toISOString() })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async deleteEndpoint(trx: Db, id: number): Promise<boolean> {
      await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
      const result = await trx.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async listEndpoints(trx: Db = db): Promise<WebhookEndpoint[]> {
      return (await trx.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).orderBy('id').execute()).map(toEndpoint);
    },

    async findEndpoint(id: number, trx: Db = db): Promise<WebhookEndpoint | null> {
      const row = await trx.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).where('id', '=', id).executeTakeFirst();
      return row ? toEndpoint(row) : null;
    },

    /**
     * Queues one event for every active endpoint that subscribes to it, in the caller's
     * transaction: rolled back with it, committed with it. Returns how many deliveries it wrote.
     */
    async enqueue(trx: Db, request: EnqueueRequest, now: Date): Promise<number> {
      let q = trx.selectFrom('webhook_endpoints').select(['id', 'events_json', 'created_at']);
      q = request.endpointIds ? q.where('id', 'in', request.endpointIds.length > 0 ? request.endpointIds : [-1]) : q.where('active', '=', 1);
      const endpoints = (await q.execute()).filter(
        (e) => (request.endpointIds !== undefined || parseEvents(e.events_json).includes(request.event as WebhookEvent)) && (request.registeredBy === undefined || e.created_at <= request.registeredBy),
      );
      if (endpoints.length === 0) return 0;
      const createdAt = now.toISOString();
      const payload: WebhookPayload = { id: `evt_${crypto.randomUUID()}`, event: request.event, created_at: createdAt, data: request.data };
      const body = JSON.stringify(payload);
      const notBefore = request.notBefore == null ? null : typeof request.notBefore === 'string' ? request.notBefore : request.notBefore.toISOString();
      await trx
        .insertInto('webhook_deliveries')
        .values(
          endpoints.map((e) => ({
            delivery_id: `dlv_${crypto.randomUUID()}`,
            event_id: payload.id,
            endpoint_id: e.id,
            event: request.event,
            subject: request.subject ?? null,
            body,
            created_at: createdAt,
            not_before: notBefore,
          })),
        )
        .execute();
      return endpoints.length;
    },

    /** Drops deliveries about `subject` that are not due yet and never tried: a newer change replaces them. */
    async supersede(trx: Db, subject: string, now: Date): Promise<number> {
      const result = await trx
        .deleteFrom('webhook_deliveries')
        .where('subject', '=', subject)
        .where('status', '=', 'pending')
        .where('attempts', '=', 0)
        .where('not_before', '>', now.toISOString())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /**
     * Takes up to `limit` deliveries due now, oldest first, for active endpoints, and leases them
     * (not_before moves a lease ahead) so no other deliverer takes them meanwhile. The due
     * condition is repeated outside the subquery: on PostgreSQL a second deliverer that waited
     * on the same rows re-checks it and skips what the first one leased (as mail/outbox.ts).
     */
    async claim(now: Date, limit: number): Promise<ClaimedDelivery[]> {
      const at = now.toISOString();
      const active = db.selectFrom('webhook_endpoints').select('id').where('active', '=', 1);
      const due = passingOverLeased(
        db,
        db
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('status', '=', 'pending')
          .where((eb) => eb.or([eb('not_before', 'is', null), eb('not_before', '<=', at)]))
          // An inactive endpoint's deliveries wait until it is switched on again; a test event is sent anyway.
          .where((eb) => eb.or([eb('endpoint_id', 'in', active), eb('event', '=', 'ping')]))
          .orderBy('id')
          .limit(limit),
      );
      const rows = await db
        .with('due', () => due)
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          not_before: new Date(now.getTime() + LEASE_MS).toISOString(),
          attempts: eb('attempts', '+', 1),
          // One whose every attempt died with its deliverer (never settled) is given up too.
          status: eb.case().when('attempts', '>=', MAX_ATTEMPTS).then('failed' as const).else('pending' as const).end(),
        }))
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('not_before', 'is', null), eb('not_before', '<=', at)]))
        .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
        .returning(['id', 'delivery_id', 'endpoint_id', 'body', 'attempts', 'status'])
        .execute();
      const live = rows.filter((r) => r.status === 'pending');
      if (live.length === 0) return [];
      const endpoints = await db
        .selectFrom('webhook_endpoints')
        .select(['id', 'url', 'secret'])
        .where('id', 'in', [...new Set(live.map((r) => r.endpoint_id))])
        .execute();
      const byId = new Map(endpoints.map((e) => [e.id, e]));
      return live
        .sort((a, b) => a.id - b.id)
        .flatMap((r) => {
          const e = byId.get(r.endpoint_id);
          return e ? [{ id: r.id, deliveryId: r.delivery_id, endpointId: r.endpoint_id, url: e.url, secret: e.secret, body: r.body, attempts: r.attempts }] : [];
        });
    },

    /** Records an attempt: delivered, or due again after the backoff, or given up after MAX_ATTEMPTS. */
    async settle(delivery: ClaimedDelivery, outcome: AttemptOutcome, now: Date): Promise<void> {
      const at = now.toISOString();
      const givingUp = !outcome.ok && delivery.attempts >= MAX_ATTEMPTS;
      await db
        .updateTable('webhook_deliveries')
        .set({
          status: outcome.ok ? 'delivered' : givingUp ? 'failed' : 'pending',
          not_before: outcome.ok || givingUp ? null : new Date(now.getTime() + retryDelayMs(delivery.attempts)).toISOString(),
          last_attempt_at: at,
          last_status: outcome.status,
          last_latency_ms: outcome.latencyMs,
          last_response: outcome.response,
          last_error: outcome.error === null ? null : outcome.error.slice(0, 500),
          delivered_at: outcome.ok ? at : null,
        })
        .where('id', '=', delivery.id)
        .execute();
    },

    /** An endpoint's latest deliveries, newest first. */
    async log(endpointId: number, limit: number): Promise<DeliveryLogRow[]> {
      const rows = await db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        id: r.id,
        deliveryId: r.delivery_id,
        eventId: r.event_id,
        event: r.event,
        createdAt: r.created_at,
        status: r.status,
        attempts: r.attempts,
        nextAttemptAt: r.status === 'pending' ? r.not_before : null,
        lastAttemptAt: r.last_attempt_at,
        lastStatus: r.last_status,
        lastLatencyMs: r.last_latency_ms,
        lastResponse: r.last_response,
        lastError: r.last_error,
        deliveredAt: r.delivered_at,
      }));
    },

    /** Settled deliveries older than KEEP_LOG_MS leave the log. */
    async prune(now: Date): Promise<void> {
      const before = new Date(now.getTime() - KEEP_LOG_MS).toISOString();
      await db.deleteFrom('webhook_deliveries').where('status', 'in', ['delivered', 'failed']).where('created_at', '<', before).execute();
    },

    /** Marks `subject` as announced; true only for the one caller that marked it first. */
    async announceOnce(trx: Db, subject: string, now: Date): Promise<boolean> {
      const result = await trx
        .insertInto('webhook_announcements')
        .values({ subject, created_at: now.toISOString() })
        .onConflict((oc) => oc.column('subject').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
  };
}

export type WebhookStore = ReturnType<typeof webhookStore>;
