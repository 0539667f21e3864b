import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database';

/**
 * The recountable ballot list (grandprix/ballot-list.ts, docs/recount.md).
 *
 * - `entries.ballot_check_id`: SHA-256 of the ballot secret the entrant got at confirmation; the
 *   secret itself is never stored. Entries confirmed before this migration get the id of a secret
 *   nobody ever saw: their ballots are listed and counted like the others, but nobody can look
 *   them up by secret.
 * - `entries.disqualified_code`: the published reason code of a disqualification (the operator's
 *   own words, `disqualified_reason`, stay private); "other" for the older ones.
 * - `campaigns.ballots_digest` / `ballots_count`: published beside `entries_digest` at the freeze,
 *   written once with it.
 * - `campaign_ballots`: the list itself, stored once as the exact text served (it can be large, so
 *   it lives apart from the campaign row every page reads).
 */
export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema.alterTable('entries').addColumn('ballot_check_id', 'text').execute();
  await db.schema.alterTable('entries').addColumn('disqualified_code', 'text').execute();
  await db.schema.createIndex('entries_by_ballot_check_id').on('entries').columns(['ballot_check_id']).execute();
  await db.schema.alterTable('campaigns').addColumn('ballots_digest', 'text').execute();
  await db.schema.alterTable('campaigns').addColumn('ballots_count', 'integer').execute();
  await db.schema
    .createTable('campaign_ballots')
    .addColumn('campaign_id', 'integer', (c) => c.primaryKey().references('campaigns.id').onDelete('cascade'))
    .addColumn('list_json', 'text', (c) => c.notNull())
    .addColumn('frozen_at', 'text', (c) => c.notNull())
    .execute();

  const raw = db as Kysely<{ entries: { id: number; status: string; ballot_check_id: string | null; disqualified_at: string | null; disqualified_code: string | null } }>;
  await raw.updateTable('entries').set({ disqualified_code: 'other' }).where('disqualified_at', 'is not', null).execute();
  const confirmed = await raw.selectFrom('entries').select('id').where('status', '=', 'confirmed').where('ballot_check_id', 'is', null).execute();
  for (const { id } of confirmed) {
    const unseen = crypto.createHash('sha256').update(crypto.randomBytes(32)).digest('hex');
    await raw.updateTable('entries').set({ ballot_check_id: unseen }).where('id', '=', id).execute();
  }
}
