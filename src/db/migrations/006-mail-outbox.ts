import type { Kysely } from 'kysely';
import type { Capabilities } from '../database';

/**
 * Mail waiting to be delivered, written in the same transaction as what it tells about (a
 * pending entry, a confirmation), so an acknowledged request never loses its mail and a rolled
 * back one never sends any. A row is deleted once delivered: the confirmation link it holds
 * lives in the database only until then.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Null: deliver now. Else not before this instant: a delivery in progress (its lease) or a retry.
    .addColumn('not_before', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('failed_at', 'text')
    .execute();
}
