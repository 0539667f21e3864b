import type { Kysely } from 'kysely';
import { audit } from '../audit/audit';
import type { Database } from '../db/schema';
import { Refusal } from '../errors';
import { toCsv } from '../web/csv';
import { DISQUALIFY_REASONS, type DisqualifyReason } from './ballot-list';
import { campaignsRepository, type StoredCampaign } from './campaigns-repository';
import { normalizeEmail } from './email-normalize';
import { entriesRepository, type EntryRow } from './entries-repository';
import { parseEntryCode } from './entry-code';
import { resultsService } from './results-service';

/*
 * What an operator does to entrants, the same from the command line and from /admin: each is one
 * function here that checks, acts and writes its audit record in one transaction. Audit records
 * name an entry by its code; names and emails stay out of the log.
 */

/** Longest reason for a disqualification or a forfeit. */
export const REASON_MAX = 500;

/** A reason as typed: required, trimmed, at most REASON_MAX characters. */
export function checkReason(raw: string): string {
  const reason = raw.trim();
  if (!reason) throw new Refusal('reason_required', {}, 'reason');
  if (reason.length > REASON_MAX) throw new Refusal('reason_too_long', { limit: REASON_MAX }, 'reason');
  return reason;
}

/** A published reason code (ballot-list.ts DISQUALIFY_REASONS); "other" when none is given. */
export function checkReasonCode(raw: string | undefined): DisqualifyReason {
  const code = (raw ?? '').trim().toLowerCase() || 'other';
  if (!(DISQUALIFY_REASONS as readonly string[]).includes(code)) throw new Refusal('reason_code_invalid', { codes: DISQUALIFY_REASONS.join(', ') }, 'reason_code');
  return code as DisqualifyReason;
}

export function entrantActions(db: Kysely<Database>) {
  const campaigns = campaignsRepository(db);
  const entries = entriesRepository(db);

  async function campaign(slug: string): Promise<StoredCampaign> {
    const stored = await campaigns.findBySlug(slug);
    if (!stored) throw new Refusal('no_campaign', { slug });
    return stored;
  }

  async function entry(stored: StoredCampaign, raw: string): Promise<EntryRow> {
    const code = parseEntryCode(raw) ?? raw.trim();
    const row = code ? await entries.findByCode(code) : null;
    if (!row || row.campaign_id !== stored.id) throw new Refusal('no_entry', { code: code.slice(0, 40) }, 'code');
    return row;
  }

  return {
    campaign,
    entry,

    /**
     * The entry's vote stops counting; the results are recomputed. `reasonCode` (DISQUALIFY_REASONS,
     * default "other") is what the ballot list publishes; `reason`, the operator's words, stays private.
     * After the freeze the ballot list and the results no longer change (the draw's forfeit handles a prize).
     */
    async disqualify(input: { slug: string; code: string; reason: string; reasonCode?: string; actor: string; now: Date }): Promise<EntryRow> {
      const stored = await campaign(input.slug);
      const row = await entry(stored, input.code);
      if (row.disqualified_at) throw new Refusal('already_disqualified', { code: row.code }, 'code');
      const reason = checkReason(input.reason);
      const reasonCode = checkReasonCode(input.reasonCode);
      await db.transaction().execute(async (trx) => {
        await entries.disqualify(row.id, reason, input.actor, input.now, trx, reasonCode);
        await campaigns.bumpResults(stored.id, trx);
        await audit(trx, { actor: input.actor, action: 'campaign.disqualify', target: `campaign:${stored.slug}`, details: { code: row.code, reason, ...(input.reasonCode ? { reason_code: reasonCode } : {}) } }, input.now);
      });
      return row;
    },

    /**
     * Erases a person's name, email and free-text answers from every entry; their votes stay counted
     * anonymously, and a frozen ballot list keeps their row (it never held anything personal).
     */
    async erase(input: { email: string; actor: string; now: Date }): Promise<EntryRow[]> {
      const key = normalizeEmail(input.email);
      if (!key) throw new Refusal('invalid_email', { email: input.email.slice(0, 254) }, 'email');
      const rows = await entries.findByEmail(key);
      for (const r of rows) {
        const stored = await campaigns.findById(r.campaign_id);
        const textQuestions = stored?.definition.questions.filter((q) => q.type === 'text').map((q) => q.id) ?? [];
        await db.transaction().execute(async (trx) => {
          await entries.erase(r.id, textQuestions, input.actor, input.now, trx);
          await campaigns.bumpResults(r.campaign_id, trx);
          await audit(trx, { actor: input.actor, action: 'entrant.erase', target: `campaign:${stored?.slug ?? r.campaign_id}`, details: { code: r.code } }, input.now);
        });
      }
      return rows;
    },

    /** Every entry of a campaign with its personal data, oldest first. Taking it is audited (who, how many rows). */
    async entriesCsv(stored: StoredCampaign, actor: string, now: Date): Promise<string> {
      const { rows } = await entries.list(stored.id, { page: 1, pageSize: 1_000_000 });
      const header = ['code', 'status', 'name', 'email', 'submitted_at', 'confirmed_at', 'disqualified_reason', 'erased_at', 'ballot', 'answers'];
      const table = rows.reverse().map((r) => [r.code, r.status, r.name, r.email, r.submitted_at, r.confirmed_at, r.disqualified_reason, r.erased_at, r.ballot_json, r.answers_json]);
      await audit(db, { actor, action: 'campaign.entries_export', target: `campaign:${stored.slug}`, details: { rows: rows.length } }, now);
      return toCsv([header, ...table]);
    },

    /** The counted votes per nominee with shares and 95% intervals. */
    async resultsCsv(stored: StoredCampaign): Promise<string> {
      const computed = await resultsService(db).compute(stored);
      const table: unknown[][] = [['category', 'nominee', 'votes', 'share', 'ci95_low', 'ci95_high']];
      for (const c of computed.categories) for (const n of c.nominees) table.push([c.id, n.id, n.votes, n.share, n.ci95[0], n.ci95[1]]);
      return toCsv(table);
    },
  };
}

export type EntrantActions = ReturnType<typeof entrantActions>;
