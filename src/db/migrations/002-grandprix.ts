import type { Kysely } from 'kysely';
import type { Capabilities } from '../database';

export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    // The imported YAML is the source of truth; it is parsed again on load.
    .addColumn('definition_yaml', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    // Secret until the draw; its SHA-256 (the commitment) is public from import on.
    .addColumn('draw_seed', 'text', (c) => c.notNull())
    .addColumn('draw_commitment', 'text', (c) => c.notNull())
    .addColumn('frozen_at', 'text')
    .addColumn('frozen_codes_json', 'text')
    .addColumn('entries_digest', 'text')
    .addColumn('entries_count', 'integer')
    // Bumped when a counted entry changes (confirm, disqualify, erase): results are cached by it.
    .addColumn('results_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('entries')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    // normalizeEmail(email): one entry per person per campaign is this unique key.
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('adult', 'integer', (c) => c.notNull())
    .addColumn('consent', 'integer', (c) => c.notNull())
    .addColumn('complete', 'integer', (c) => c.notNull())
    .addColumn('ballot_json', 'text', (c) => c.notNull())
    .addColumn('answers_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('token_expires_at', 'text')
    .addColumn('disqualified_at', 'text')
    .addColumn('disqualified_reason', 'text')
    .addColumn('erased_at', 'text')
    .addUniqueConstraint('entries_one_per_person', ['campaign_id', 'email_key'])
    .execute();
  await db.schema.createIndex('entries_by_status').on('entries').columns(['campaign_id', 'status']).execute();

  // A retried request with the same Idempotency-Key gets the stored answer.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();

  // Solved proof-of-work challenges, so one solution cannot be replayed for many entries.
  await db.schema
    .createTable('pow_spent')
    .addColumn('signature', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  // Disqualifications and other admin acts on entries, kept (never deleted) with the reason.
  await db.schema
    .createTable('entry_events')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('entry_id', 'integer', (c) => c.notNull().references('entries.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('actor', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
}
