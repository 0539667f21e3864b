import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { GroupCommit } from '../db/group-commit';
import type { Lang } from '../i18n/messages';
import type { MailDelivery } from '../mail/delivery';
import { mailOutbox } from '../mail/outbox';
import { campaignStatus, deadlineLocale, formatDeadline } from './deadline';
import { entriesRepository } from './entries-repository';
import { newEntryCode } from './entry-code';
import { ballotCheckIdOf, newBallotSecret } from './ballot-secret';
import { withBallotSecret } from './ballot-receipt';
import { secureRandomBytes } from './secure-random';
import { isCompleteForDraw, validateEntry, type EntryError, type EntryInput, type NormalizedEntry } from './entry-validate';
import { IdempotencyRace, idempotencyStore, requestHash, type StoredResponse } from './idempotency';
import { campaignsRepository, type StoredCampaign } from './campaigns-repository';
import { confirmationMail, receiptMail } from './mail-texts';
import { Refusal } from '../errors';

/** All the problems with a submission, each tied to its field (the form shows them all, the API names the first). */
export class EntryValidationError extends Refusal {
  constructor(readonly errors: EntryError[]) {
    super('entry_invalid', {}, errors[0]?.field, errors.map((e) => ({ field: e.field, code: e.code, key: e.key, ...(e.params ? { params: e.params } : {}) })));
  }
}

export interface EntryServiceDeps {
  db: Kysely<Database>;
  /** Entries and confirmations share commits with concurrent ones (db/group-commit.ts). */
  commits: GroupCommit;
  /** Queued mail is delivered after the commit; this says there is some. */
  mailDelivery: Pick<MailDelivery, 'nudge'>;
  siteUrl: string;
  /** The language of the mails (SITE_LANG). */
  lang: Lang;
}

const ticked = (v: unknown) => v === true || (typeof v === 'string' && ['on', 'true', '1', 'yes'].includes(v.trim().toLowerCase()));

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

const used = () => new Refusal('token_used', {}, 'token');
const expired = (campaign: StoredCampaign) => new Refusal('token_expired', { hours: campaign.definition.confirm_hours }, 'token');
const unknown = () => new Refusal('token_unknown', {}, 'token');

/** Loads a campaign by id; inside a write it must read through that write's transaction. */
export type CampaignLoader = (id: number, trx?: Transaction<Database>) => Promise<StoredCampaign | null>;

export function entryService({ db, commits, mailDelivery, siteUrl, lang }: EntryServiceDeps) {
  const entries = entriesRepository(db);
  const outbox = mailOutbox(db);
  const campaigns = campaignsRepository(db);
  const idempotency = idempotencyStore(db);

  function tokenHashOf(token: unknown): string {
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) {
      throw new Refusal('token_invalid', {}, 'token');
    }
    return hashToken(token);
  }

  /** The entry a link points to, if the link can still confirm it; else the error that says why not. */
  async function usableEntry(tokenHash: string, now: Date, loadCampaign: CampaignLoader, trx?: Transaction<Database>) {
    const row = await entries.findByTokenHash(tokenHash, trx);
    if (!row) throw unknown();
    if (row.status === 'confirmed') throw used();
    const campaign = await loadCampaign(row.campaign_id, trx);
    if (!campaign) throw unknown();
    if (!row.token_expires_at || row.token_expires_at <= now.toISOString()) throw expired(campaign);
    return { row, campaign };
  }

  /** Checks a submission without storing anything (also used to re-show the form with errors). */
  function check(stored: StoredCampaign, input: EntryInput, now: Date) {
    const campaign = stored.definition;
    const status = campaignStatus(campaign, now);
    if (status !== 'open') {
      const deadline = formatDeadline(status === 'closed' ? campaign.closesAt : campaign.opensAt, campaign.timezone, deadlineLocale(lang));
      throw new Refusal(status === 'closed' ? 'campaign_closed' : 'campaign_not_open', { deadline });
    }
    const result = validateEntry(campaign, input);
    const errors = result.ok ? [] : [...result.errors];
    const missing = (field: string) => !errors.some((e) => e.field === field) && !ticked(input[field as 'adult' | 'consent']);
    // The rules need both for any entry: the vote is for adults and stores personal data.
    if (missing('adult')) errors.push({ field: 'adult', code: 'required', key: 'entry.adult-required' });
    if (missing('consent')) errors.push({ field: 'consent', code: 'required', key: 'entry.consent-required' });
    if (errors.length > 0 || !result.ok) throw new EntryValidationError(errors);
    return result.value;
  }

  return {
    check,

    /** The stored answer for this Idempotency-Key, or null: a retry gets it without the checks its first try passed. */
    replay: (stored: StoredCampaign, input: EntryInput, key: string): Promise<StoredResponse | null> =>
      idempotency.replay(`entries:${stored.slug}`, key, requestHash(input)),

    /**
     * Stores a pending entry and queues a mail with a one-time confirmation link, in one
     * transaction: an acknowledged entry always gets its mail. The same Idempotency-Key
     * gets the same answer and never a second row; before confirmation a new submission
     * replaces the pending one, after it a new one is refused (409). `entry` is what `check`
     * made of `input`; callers check first (and `replay` first when there is a key).
     */
    async submit(stored: StoredCampaign, input: EntryInput, entry: NormalizedEntry, options: { now: Date; idempotencyKey?: string | null }): Promise<StoredResponse> {
      const { now } = options;
      const scope = `entries:${stored.slug}`;
      const key = options.idempotencyKey ?? null;
      const hash = requestHash(input);
      const token = secureRandomBytes(32).toString('base64url');
      // Stored per entry: the freeze waits for the latest of these (entries-repository openConfirmations).
      const expiresAt = new Date(now.getTime() + stored.definition.confirm_hours * 3600_000);
      const response: StoredResponse = { status: 202, body: { status: 'pending' } };
      // Written before the transaction, which holds the write lock while it runs.
      const link = new URL(`/grand-prix/confirm?token=${token}`, siteUrl).href;
      const mail = confirmationMail({ to: entry.email, name: entry.name, campaign: stored.definition, link, expiresAt, lang });
      try {
        await commits.run(async (trx, batch) => {
          const saved = await batch.shared(
            'entries',
            {
              campaignId: stored.id,
              code: newEntryCode(),
              entry,
              complete: isCompleteForDraw(stored.definition, entry),
              tokenHash: hashToken(token),
              tokenExpiresAt: expiresAt,
              submittedAt: now,
            },
            entries.upsertPendingAll,
          );
          if (!saved) {
            throw new Refusal('already_confirmed', {}, 'email');
          }
          if (key) await idempotency.record(trx, scope, key, hash, response, now);
          // A batch's mails, submissions' and confirmations' alike, are queued in one statement.
          await batch.gather('mail', { message: mail, now }, outbox.enqueueAll);
        });
      } catch (error) {
        if (error instanceof IdempotencyRace && key) {
          const replay = await idempotency.replay(scope, key, hash);
          if (replay) return replay;
        }
        throw error;
      }
      mailDelivery.nudge();
      return response;
    },

    /** The pending entry a confirmation link points to, without using the link up (the page before the button). */
    pendingEntry: (token: unknown, now: Date, loadCampaign: CampaignLoader) => usableEntry(tokenHashOf(token), now, loadCampaign),

    /**
     * Confirms with the token from the email: once, within the campaign's confirm_hours, and never after the draw's
     * entry list is frozen (the campaign row's update serialises the two); returns the entry code.
     * The checks run inside the write, so a link used twice at once confirms once.
     */
    async confirm(token: unknown, now: Date, loadCampaign: CampaignLoader): Promise<{ code: string; ballotSecret: string; campaign: StoredCampaign }> {
      const tokenHash = tokenHashOf(token);
      const confirmed = await commits.run(async (trx, batch) => {
        // The ballot secret is shown once (receipt page and mail) and never stored: the entry keeps
        // only its SHA-256, the id under which the ballot list publishes the ballot (ballot-secret.ts).
        const ballotSecret = newBallotSecret();
        const row = await batch.shared('confirmations', { tokenHash, now, ballotCheckId: ballotCheckIdOf(ballotSecret) }, entries.confirmAll);
        if (!row) {
          // Unknown, used or expired: the refusal says which. A link confirmed meanwhile is used.
          await usableEntry(tokenHash, now, loadCampaign, trx);
          throw used();
        }
        const campaign = await loadCampaign(row.campaign_id, trx);
        if (!campaign) throw unknown();
        // A copy of the receipt page, which already shows the code and the ballot secret.
        const receipt = receiptMail({ to: row.email, name: row.name, campaign: campaign.definition, code: row.code, siteUrl, lang });
        await batch.gather('mail', { message: withBallotSecret(receipt, { secret: ballotSecret, slug: campaign.slug, siteUrl, lang }), now }, outbox.enqueueAll);
        // Once per batch and campaign, just before the commit (db/group-commit.ts): the campaign
        // row's lock is then held only while the batch commits, not while it works.
        await batch.beforeCommit(`campaign:${campaign.id}`, async (t) => {
          if (!(await campaigns.bumpResultsIfOpen(campaign.id, t))) throw expired(campaign);
        });
        return { code: row.code, ballotSecret, campaign };
      });
      mailDelivery.nudge();
      return confirmed;
    },
  };
}

export type EntryService = ReturnType<typeof entryService>;
