import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, RaffleEventsTable } from '../db/schema';
import { parseDrawRecord, type DrawRecord } from './record';

type Db = Kysely<Database> | Transaction<Database>;
export type RaffleEvent = Selectable<RaffleEventsTable>;
export type RaffleAction = RaffleEventsTable['action'];

export interface StoredDraw {
  /** The published text, byte for byte. */
  json: string;
  record: DrawRecord;
  drawnAt: string;
}

// The record is immutable, so its parse can be kept as long as the text is the same.
const parsed = new Map<string, DrawRecord>();
function parseStored(json: string): DrawRecord {
  let record = parsed.get(json);
  if (!record) {
    record = parseDrawRecord(json);
    if (parsed.size > 50) parsed.clear();
    parsed.set(json, record);
  }
  return record;
}

/** A unique key said no: the draw (or this notification, forfeit, claim) already exists. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  // PostgreSQL: 23505 unique_violation; better-sqlite3: SQLITE_CONSTRAINT_UNIQUE (or _PRIMARYKEY).
  return e?.code === '23505' || (typeof e?.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT'));
}

export function drawsRepository(db: Kysely<Database>) {
  return {
    async find(campaignId: number, trx: Db = db): Promise<StoredDraw | null> {
      const row = await trx.selectFrom('raffle_draws').select(['record_json', 'drawn_at']).where('campaign_id', '=', campaignId).executeTakeFirst();
      return row ? { json: row.record_json, record: parseStored(row.record_json), drawnAt: row.drawn_at } : null;
    },

    /** Fails with a unique violation when the campaign has been drawn already. */
    async insert(campaignId: number, json: string, drawnAt: string, trx: Db = db): Promise<void> {
      await trx.insertInto('raffle_draws').values({ campaign_id: campaignId, record_json: json, drawn_at: drawnAt }).execute();
    },

    /** Fails with a unique violation for a second notify/forfeit/claim of the same code. */
    async log(
      event: { campaignId: number; at: string; action: RaffleAction; code?: string | null; prize?: number | null; claimBy?: string | null; reason?: string | null; actor?: string | null },
      trx: Db = db,
    ): Promise<void> {
      await trx
        .insertInto('raffle_events')
        .values({
          campaign_id: event.campaignId,
          at: event.at,
          action: event.action,
          code: event.code ?? null,
          prize: event.prize ?? null,
          claim_by: event.claimBy ?? null,
          reason: event.reason ?? null,
          actor: event.actor ?? null,
        })
        .execute();
    },

    /**
     * Serialises acts on one campaign's prizes (a claim racing a forfeit) for the rest of the
     * caller's transaction: a no-op write takes the row lock on PostgreSQL and the write lock on
     * SQLite, where FOR UPDATE does not exist.
     */
    async lock(campaignId: number, trx: Transaction<Database>): Promise<void> {
      await trx.updateTable('raffle_draws').set((eb) => ({ drawn_at: eb.ref('drawn_at') })).where('campaign_id', '=', campaignId).execute();
    },

    /** In the order they happened (id order: `at` may tie). */
    events: (campaignId: number, trx: Db = db): Promise<RaffleEvent[]> =>
      trx.selectFrom('raffle_events').selectAll().where('campaign_id', '=', campaignId).orderBy('id').execute(),
  };
}

export type DrawsRepository = ReturnType<typeof drawsRepository>;
