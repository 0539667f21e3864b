import type { Kysely } from 'kysely';
import type { Capabilities } from '../database';

/**
 * Webhooks (src/webhooks/). An endpoint's secret is kept as is: it is needed to sign every
 * delivery, and Paddock has no key store to encrypt it with (the README says so).
 *
 * A delivery is one event for one endpoint, written in the same transaction as the change it
 * reports (the outbox pattern of mail_outbox); unlike mail it is kept after delivery, as the
 * endpoint's log, and pruned after 30 days. `not_before` is when it is due: null now, a scheduled
 * publication's time, a retry, or the lease of a delivery in progress.
 *
 * `webhook_announcements` remembers events derived from time rather than from a write (a
 * campaign's close): its primary key makes sure only one process queues each.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('events_json', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull().unique())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    // What the event is about (`article:12`), so a later change can replace a delivery not yet due.
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('not_before', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_latency_ms', 'integer')
    .addColumn('last_response', 'text')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'not_before']).execute();
  await db.schema.createIndex('webhook_deliveries_log').on('webhook_deliveries').columns(['endpoint_id', 'id']).execute();
  await db.schema.createIndex('webhook_deliveries_subject').on('webhook_deliveries').columns(['subject', 'status']).execute();

  await db.schema
    .createTable('webhook_announcements')
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
