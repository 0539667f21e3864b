import type { Kysely } from 'kysely';
import type { Capabilities } from '../database';

/**
 * The prize draw: one immutable record per campaign (the published JSON, stored as the exact
 * text served, so its bytes never change), and the public log of what happened after it
 * (draw, notification, forfeit, claim). Forfeits are never applied to the record: the holders
 * are recomputed from the record and the forfeits in log order.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('raffle_draws')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    // Unique: a second draw of the same campaign fails here even when two operators race.
    .addColumn('campaign_id', 'integer', (c) => c.notNull().unique().references('campaigns.id'))
    .addColumn('record_json', 'text', (c) => c.notNull())
    .addColumn('drawn_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('raffle_events')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('prize', 'integer')
    // For a notification: when the claim period ends.
    .addColumn('claim_by', 'text')
    // The operator's words: kept for the staff, never shown on the public page.
    .addColumn('reason', 'text')
    .addColumn('actor', 'text')
    .execute();
  // One notification, one forfeit and one claim per code: a repeated or racing command fails
  // here instead of mailing twice or forfeiting twice. (The draw event has no code; NULLs are
  // distinct on both engines.)
  await db.schema.createIndex('raffle_events_once').on('raffle_events').columns(['campaign_id', 'action', 'code']).unique().execute();
}
