import crypto from 'node:crypto';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database, EntriesTable } from '../db/schema';
import type { Selectable } from 'kysely';
import { numeric, onPostgres, preparedQuery } from '../db/prepared';
import { normalizeEmail } from './email-normalize';
import type { NormalizedEntry } from './entry-validate';

type Db = Kysely<Database> | Transaction<Database>;
export type EntryRow = Selectable<EntriesTable>;

export interface PendingEntry {
  campaignId: number;
  code: string;
  entry: NormalizedEntry;
  complete: boolean;
  tokenHash: string;
  tokenExpiresAt: Date;
  submittedAt: Date;
}

/**
 * The stored "one entry per person" key is a digest of the normalised address, not the address:
 * erasing a person's data leaves it in place, so the person still cannot enter a second time.
 */
export const emailKeyOf = (normalizedEmail: string) => crypto.createHash('sha256').update(`paddock-email:${normalizedEmail}`).digest('hex');

/** The confirmed entry as the receipt needs it. */
export interface ConfirmedEntry {
  id: number;
  campaign_id: number;
  code: string;
  email: string;
  name: string;
}

/**
 * PostgreSQL's forms of the two hot writes for many entries in one statement: each column goes as
 * an array and the arrays are unnested into rows, so the text is the same whatever the number of
 * entries. Group commit runs them once per batch (db/group-commit.ts `shared`).
 */
const UPSERT_MANY = `insert into entries (email, name, adult, consent, complete, ballot_json, answers_json, submitted_at, token_hash, token_expires_at, campaign_id, code, email_key, status)
select v.*, 'pending' from unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::int[], $12::text[], $13::text[])
  as v(email, name, adult, consent, complete, ballot_json, answers_json, submitted_at, token_hash, token_expires_at, campaign_id, code, email_key)
on conflict (campaign_id, email_key) do update set email = excluded.email, name = excluded.name, adult = excluded.adult, consent = excluded.consent,
  complete = excluded.complete, ballot_json = excluded.ballot_json, answers_json = excluded.answers_json, submitted_at = excluded.submitted_at,
  token_hash = excluded.token_hash, token_expires_at = excluded.token_expires_at
  where entries.status = 'pending'
returning entries.id, entries.code, entries.campaign_id, entries.email_key`;
// Two confirmations of one link in a batch match one row, which PostgreSQL updates once, with one
// of the two ballot-check ids: returning it says which confirmation won.
const CONFIRM_MANY = `update entries set status = 'confirmed', confirmed_at = v.now, ballot_check_id = v.ballot_check_id
from unnest($1::text[], $2::text[], $3::text[]) as v(token_hash, now, ballot_check_id)
where entries.token_hash = v.token_hash and entries.status = 'pending' and entries.token_expires_at > v.now
returning entries.id, entries.campaign_id, entries.code, entries.email, entries.name, v.ballot_check_id`;

export function entriesRepository(db: Kysely<Database>) {
  // The ballot's hot path: compiled once (db/prepared.ts).
  const pendingColumns = ['email', 'name', 'adult', 'consent', 'complete', 'ballot_json', 'answers_json', 'submitted_at', 'token_hash', 'token_expires_at'] as const;
  const upsertValues = ['email', 'name', 'adult', 'consent', 'complete', 'ballot', 'answers', 'submittedAt', 'tokenHash', 'tokenExpiresAt', 'campaignId', 'code', 'emailKey'] as const;
  const upsert = preparedQuery(db, upsertValues, (q, v) => {
    return q
      .insertInto('entries')
      .values({
        email: v.email,
        name: v.name,
        adult: numeric(v.adult),
        consent: numeric(v.consent),
        complete: numeric(v.complete),
        ballot_json: v.ballot,
        answers_json: v.answers,
        submitted_at: v.submittedAt,
        token_hash: v.tokenHash,
        token_expires_at: v.tokenExpiresAt,
        campaign_id: numeric(v.campaignId),
        code: v.code,
        email_key: v.emailKey,
        status: 'pending',
      })
      .onConflict((oc) =>
        oc
          .columns(['campaign_id', 'email_key'])
          .doUpdateSet((eb) => Object.fromEntries(pendingColumns.map((c) => [c, eb.ref(`excluded.${c}`)])))
          .where('entries.status', '=', 'pending'),
      )
      .returning(['id', 'code']);
  });
  const byTokenHash = preparedQuery(db, ['tokenHash'], (q, v) =>
    q.selectFrom('entries').select(['id', 'campaign_id', 'code', 'email', 'name', 'status', 'token_expires_at']).where('token_hash', '=', v.tokenHash),
  );
  const confirmByToken = preparedQuery(db, ['tokenHash', 'now', 'ballotCheckId'], (q, v) =>
    q
      .updateTable('entries')
      .set({ status: 'confirmed', confirmed_at: v.now, ballot_check_id: v.ballotCheckId })
      .where('token_hash', '=', v.tokenHash)
      .where('status', '=', 'pending')
      .where('token_expires_at', '>', v.now)
      .returning(['id', 'campaign_id', 'code', 'email', 'name']),
  );
  const pendingValues = (p: PendingEntry) => ({
    email: p.entry.email,
    name: p.entry.name,
    adult: p.entry.adult ? 1 : 0,
    consent: p.entry.consent ? 1 : 0,
    complete: p.complete ? 1 : 0,
    ballot: JSON.stringify(p.entry.ballot),
    answers: JSON.stringify(p.entry.answers),
    submittedAt: p.submittedAt.toISOString(),
    tokenHash: p.tokenHash,
    tokenExpiresAt: p.tokenExpiresAt.toISOString(),
    campaignId: p.campaignId,
    code: p.code,
    emailKey: emailKeyOf(p.entry.emailKey),
  });
  const upsertPending = async (p: PendingEntry, trx: Db = db): Promise<{ id: number; code: string } | null> => (await upsert(trx, pendingValues(p))).rows[0] ?? null;
  const confirmByTokenHash = async (tokenHash: string, now: Date, ballotCheckId: string, trx: Db = db): Promise<ConfirmedEntry | null> =>
    (await confirmByToken(trx, { tokenHash, now: now.toISOString(), ballotCheckId })).rows[0] ?? null;

  return {
    /**
     * One entry per person per campaign, enforced by the unique (campaign_id, email_key) key:
     * a pending entry is replaced (its code kept), a confirmed one is left alone and `null` is
     * returned. Concurrent submissions of one person serialise on that key.
     */
    upsertPending,

    /**
     * `upsertPending` for several entries, in one statement on PostgreSQL; one result per entry, in
     * order. One person twice in the same statement is an error there (a row cannot be upserted
     * twice in one statement): group commit then replays the batch one entry at a time.
     */
    async upsertPendingAll(trx: Db, pending: readonly PendingEntry[]): Promise<Array<{ id: number; code: string } | null>> {
      if (!onPostgres(trx)) {
        const results = [];
        for (const p of pending) results.push(await upsertPending(p, trx));
        return results;
      }
      const values = pending.map(pendingValues);
      const column = (name: (typeof upsertValues)[number]) => values.map((v) => v[name]);
      const { rows } = await trx.executeQuery<{ id: number; code: string; campaign_id: number; email_key: string }>(
        // UPSERT_MANY's arrays are in the order of upsertValues.
        CompiledQuery.raw(UPSERT_MANY, upsertValues.map(column)),
      );
      // A person whose entry is already confirmed gets no row back (the conflict's WHERE), as alone.
      const byPerson = new Map(rows.map((r) => [`${r.campaign_id}:${r.email_key}`, { id: r.id, code: r.code }]));
      return values.map((v) => byPerson.get(`${v.campaignId}:${v.emailKey}`) ?? null);
    },

    /** What confirming needs of the entry a link points to (not the ballot). */
    findByTokenHash: async (tokenHash: string, trx: Db = db) => (await byTokenHash(trx, { tokenHash })).rows[0] ?? null,

    /**
     * Pending → confirmed by each link's token hash, once and in time, in one statement on
     * PostgreSQL: per link, in order, the entry, or null when the link is unknown, used or expired
     * (`findByTokenHash` tells which); a reused link, a race or an expired link changes nothing.
     * `ballotCheckId` is the SHA-256 of the ballot secret shown on the receipt (ballot-secret.ts).
     */
    async confirmAll(trx: Db, links: ReadonlyArray<{ tokenHash: string; now: Date; ballotCheckId: string }>): Promise<Array<ConfirmedEntry | null>> {
      if (!onPostgres(trx)) {
        const results = [];
        for (const l of links) results.push(await confirmByTokenHash(l.tokenHash, l.now, l.ballotCheckId, trx));
        return results;
      }
      const { rows } = await trx.executeQuery<ConfirmedEntry & { ballot_check_id: string }>(
        CompiledQuery.raw(CONFIRM_MANY, [links.map((l) => l.tokenHash), links.map((l) => l.now.toISOString()), links.map((l) => l.ballotCheckId)]),
      );
      const byBallot = new Map(rows.map(({ ballot_check_id, ...entry }) => [ballot_check_id, entry]));
      return links.map((l) => byBallot.get(l.ballotCheckId) ?? null);
    },

    findByCode: (code: string, trx: Db = db) => trx.selectFrom('entries').selectAll().where('code', '=', code).executeTakeFirst().then((r) => r ?? null),

    /** Every entry of the person with this normalised address (export, erasure). */
    findByEmail: (normalizedEmail: string, trx: Db = db) => trx.selectFrom('entries').selectAll().where('email_key', '=', emailKeyOf(normalizedEmail)).orderBy('id').execute(),

    /** Eligible for the draw: confirmed, submitted before the close, complete, adult, consented, not disqualified. */
    async eligibleCodes(campaignId: number, closesAt: Date, trx: Db = db): Promise<string[]> {
      const rows = await trx
        .selectFrom('entries')
        .select('code')
        .where('campaign_id', '=', campaignId)
        .where('status', '=', 'confirmed')
        .where('submitted_at', '<', closesAt.toISOString())
        .where('complete', '=', 1)
        .where('adult', '=', 1)
        .where('consent', '=', 1)
        .where('disqualified_at', 'is', null)
        .execute();
      return rows.map((r) => r.code);
    },

    /** Entries submitted before the close that may still be confirmed: the draw's list waits for them. */
    async openConfirmations(campaignId: number, closesAt: Date, now: Date, trx: Db = db): Promise<{ count: number; until: string | null }> {
      const row = await trx
        .selectFrom('entries')
        .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('token_expires_at').as('until')])
        .where('campaign_id', '=', campaignId)
        .where('status', '=', 'pending')
        .where('submitted_at', '<', closesAt.toISOString())
        .where('token_expires_at', '>', now.toISOString())
        .executeTakeFirstOrThrow();
      return { count: Number(row.n), until: (row.until as string | null) ?? null };
    },

    /** Counted in the results: confirmed and not disqualified (erased entries stay counted anonymously). */
    countedBallots: (campaignId: number, trx: Db = db) =>
      trx
        .selectFrom('entries')
        .select(['ballot_json', 'answers_json'])
        .where('campaign_id', '=', campaignId)
        .where('status', '=', 'confirmed')
        .where('disqualified_at', 'is', null)
        .execute(),

    /** `code` is published in the ballot list; `reason`, the operator's own words, is not. */
    /**
     * What the ballot list is made of at the freeze: every confirmed entry, counted or disqualified,
     * by ballot-check id only (no code, name, email or time), so the list cannot carry them.
     */
    ballotSources: (campaignId: number, trx: Db = db) =>
      trx
        .selectFrom('entries')
        .select(['ballot_check_id', 'ballot_json', 'answers_json', 'disqualified_at', 'disqualified_code'])
        .where('campaign_id', '=', campaignId)
        .where('status', '=', 'confirmed')
        .where('ballot_check_id', 'is not', null)
        .execute(),

    /** A confirmed entry of the campaign by its ballot-check id (the ballot check before the freeze). */
    findBallot: (campaignId: number, ballotCheckId: string, trx: Db = db) =>
      trx
        .selectFrom('entries')
        .select(['ballot_check_id', 'ballot_json', 'answers_json', 'disqualified_at', 'disqualified_code'])
        .where('ballot_check_id', '=', ballotCheckId)
        .where('campaign_id', '=', campaignId)
        .where('status', '=', 'confirmed')
        .executeTakeFirst()
        .then((r) => r ?? null),

    async disqualify(id: number, reason: string, actor: string, now: Date, trx: Db = db, code = 'other'): Promise<void> {
      await trx.updateTable('entries').set({ disqualified_at: now.toISOString(), disqualified_reason: reason, disqualified_code: code }).where('id', '=', id).execute();
      await trx.insertInto('entry_events').values({ entry_id: id, action: 'disqualify', reason, actor, at: now.toISOString() }).execute();
    },

    async erase(id: number, textQuestionIds: string[], actor: string, now: Date, trx: Db = db): Promise<void> {
      const row = await trx.selectFrom('entries').select(['answers_json']).where('id', '=', id).executeTakeFirstOrThrow();
      const answers = JSON.parse(row.answers_json) as Record<string, unknown>;
      for (const q of textQuestionIds) delete answers[q]; // free text may hold personal data
      await trx
        .updateTable('entries')
        // A pending entry's link dies with it, so the draw's freeze does not wait for it.
        .set({ name: '', email: '', answers_json: JSON.stringify(answers), token_hash: null, token_expires_at: null, erased_at: now.toISOString() })
        .where('id', '=', id)
        .execute();
      await trx.insertInto('entry_events').values({ entry_id: id, action: 'erase', reason: null, actor, at: now.toISOString() }).execute();
    },

    events: (entryId: number, trx: Db = db) => trx.selectFrom('entry_events').selectAll().where('entry_id', '=', entryId).orderBy('id').execute(),

    async list(campaignId: number, options: { search?: string; page: number; pageSize: number }, trx: Db = db) {
      let q = trx.selectFrom('entries').where('campaign_id', '=', campaignId);
      if (options.search) {
        const s = options.search.trim().toLowerCase();
        const normalized = normalizeEmail(s);
        q = q.where((eb) => eb.or([eb('email', '=', s), eb('code', '=', s.toUpperCase()), ...(normalized ? [eb('email_key', '=', emailKeyOf(normalized))] : [])]));
      }
      const { n } = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      const rows = await q.selectAll().orderBy('id', 'desc').limit(options.pageSize).offset((options.page - 1) * options.pageSize).execute();
      return { total: Number(n), rows };
    },
  };
}

export type EntriesRepository = ReturnType<typeof entriesRepository>;
