// Runs the draw of a Grand Prix campaign and what follows it (notification, forfeits, claims).
// The arithmetic is draw.ts; this file decides *when* a draw may run, stores the immutable
// record, and keeps the public log from which the current prize holders are recomputed.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Campaign } from '../grandprix/campaign-schema';
import { campaignsRepository, type StoredCampaign } from '../grandprix/campaigns-repository';
import { formatDeadline } from '../grandprix/deadline';
import { entriesRepository } from '../grandprix/entries-repository';
import { checkReason } from '../grandprix/entrant-actions';
import { parseEntryCode } from '../grandprix/entry-code';
import { announcedChain, roundEmittedAt } from '../grandprix/drand-chains';
import { freezeIfDue, type FreezeState } from '../grandprix/freeze';
import type { Mailer } from '../mail/mailer';
import { BeaconError, fetchVerifiedBeacon, offlineBeacon } from './beacon';
import { buildDrawRecord, NotEnoughEntriesError, resolvePrizes } from './draw';
import { drawsRepository, isUniqueViolation, type RaffleEvent, type StoredDraw } from './draws-repository';
import { describeDuration } from './duration';
import { prizeMail } from './mail-texts';
import { serializeDrawRecord, type DrawBeacon, type DrawRecord } from './record';
import { audit } from '../audit/audit';
import { Refusal } from '../errors';

const DAY_MS = 86_400_000;


/**
 * Told of a stored draw inside its transaction (webhooks queue `draw.published` there): a throw
 * undoes the draw. Given by the composition root, so raffle/ imports nothing that builds on it.
 */
export interface DrawObserver {
  inTransaction(trx: Kysely<Database>, draw: { campaignId: number; slug: string; record: DrawRecord }): Promise<void>;
}

export interface RaffleDeps {
  observers?: readonly DrawObserver[];
  db: Kysely<Database>;
  mailer: Mailer;
  siteUrl: string;
  /** Base URL of a drand relay (DRAND_URL); used when the campaign names a round and no randomness is given. */
  drandUrl?: string | undefined;
  /** Who acts, for the staff-only columns of the log. */
  actor?: string;
}

export interface PrizeState {
  prize: number;
  title: string;
  /** The entry that holds the prize now; null when it is not (or no longer) awarded. */
  code: string | null;
  status: 'awaiting' | 'claimed' | 'exhausted' | 'not_awarded';
  /** When the holder was told, and until when they may claim. */
  claimBy: string | null;
}

/** The holders after the forfeits in `events` (log order), with claim state. */
export function prizeStates(record: DrawRecord, events: readonly RaffleEvent[]): PrizeState[] {
  const forfeits = events.filter((e) => e.action === 'forfeit' && e.code !== null).map((e) => e.code as string);
  const holders = resolvePrizes(record, forfeits);
  return record.prizes.map((title, i) => {
    const holder = holders.find((h) => h.prize === i + 1);
    if (!holder) return { prize: i + 1, title, code: null, status: 'not_awarded', claimBy: null };
    if (holder.code === null) return { prize: i + 1, title, code: null, status: 'exhausted', claimBy: null };
    const code = holder.code;
    const notified = events.find((e) => e.action === 'notify' && e.code === code);
    const claimed = events.some((e) => e.action === 'claim' && e.code === code);
    return { prize: i + 1, title, code, status: claimed ? 'claimed' : 'awaiting', claimBy: notified?.claim_by ?? null };
  });
}

export interface DrawOptions {
  now: Date;
  /** drand's signature of the campaign's round, copied from a relay (offline draw); checked against the chain's key. */
  beaconSignature?: string | undefined;
  /** The round's randomness, if given too: it must be SHA-256 of the signature. Alone it is refused. */
  beaconRandomness?: string | undefined;
  /** For a chained scheme (drand's default mainnet): the previous round's signature. */
  beaconPreviousSignature?: string | undefined;
  /** Award only as many prizes as there are eligible entries. */
  allowFewer?: boolean;
}

export interface Notification {
  code: string;
  prize: number;
  claimBy?: string;
  /** Set when the holder could not be mailed; the command can be repeated with `raffle notify`. */
  problem?: string;
}

export function raffleService(deps: RaffleDeps) {
  const { db } = deps;
  const campaigns = campaignsRepository(db);
  const draws = drawsRepository(db);
  const entries = entriesRepository(db);
  const actor = deps.actor ?? 'cli';

  async function loadCampaign(slug: string): Promise<StoredCampaign> {
    const stored = await campaigns.findBySlug(slug);
    if (!stored) throw new Refusal('no_campaign', { slug });
    return stored;
  }

  async function loadDraw(stored: StoredCampaign): Promise<StoredDraw> {
    const draw = await draws.find(stored.id);
    if (!draw) throw new Refusal('not_drawn', { slug: stored.slug });
    return draw;
  }

  const deadline = (campaign: Campaign, iso: string | Date) => formatDeadline(typeof iso === 'string' ? new Date(iso) : iso, campaign.timezone);

  async function beaconFor(stored: StoredCampaign, options: DrawOptions): Promise<DrawBeacon | null> {
    const named = stored.definition.draw.beacon;
    if (!named) {
      // A round picked after the close could be picked among several: only a round the
      // campaign announced in advance adds anything, so none is accepted here.
      if (options.beaconRandomness !== undefined || options.beaconSignature !== undefined) {
        throw new Refusal('beacon_not_announced', { slug: stored.slug }, 'beacon_randomness');
      }
      return null;
    }
    const closesAt = stored.definition.closesAt;
    const info = announcedChain(named);
    const failed = (problem: string) => new Refusal('beacon_failed', { problem });
    // Checked at import too; a campaign stored before that check could still name such a round.
    if (info && roundEmittedAt(info, named.round).getTime() <= closesAt.getTime()) {
      throw failed(`round ${named.round} was emitted at ${roundEmittedAt(info, named.round).toISOString()}, not after the close (${closesAt.toISOString()}); it proves nothing`);
    }
    // No signature of a round can exist before drand emits it: a clock that says otherwise is wrong.
    if (info && options.now.getTime() < roundEmittedAt(info, named.round).getTime()) {
      throw failed(`round ${named.round} has not been emitted yet: drand emits it at ${roundEmittedAt(info, named.round).toISOString()}; draw after that`);
    }
    try {
      if (options.beaconSignature !== undefined && options.beaconSignature.trim() !== '') {
        if (!info) {
          throw failed(`Paddock does not know the public key of chain ${named.chain}: describe the chain in the campaign (draw.beacon.public_key, genesis_time, period, scheme, group_hash) or set DRAND_URL`);
        }
        return await offlineBeacon(info, named.round, { signature: options.beaconSignature, randomness: options.beaconRandomness, previousSignature: options.beaconPreviousSignature });
      }
      // The randomness alone proves nothing: any 32 bytes look alike. Only a signature that
      // verifies against the chain's key shows that drand published it.
      if (options.beaconRandomness !== undefined && options.beaconRandomness.trim() !== '') {
        throw failed(`the randomness alone cannot be checked: give drand's signature of round ${named.round} too (--beacon-signature HEX, from ${`{relay}/${named.chain}/public/${named.round}`}); the randomness is its SHA-256`);
      }
      if (deps.drandUrl) {
        const beacon = await fetchVerifiedBeacon({ drandUrl: deps.drandUrl, chain: named.chain, round: named.round, emittedAfter: closesAt });
        const { emittedAt: _emittedAt, ...round } = beacon;
        return round;
      }
    } catch (error) {
      if (error instanceof BeaconError) throw failed(error.message);
      throw error;
    }
    throw new Refusal('beacon_missing', { slug: stored.slug, round: named.round, chain: named.chain }, 'beacon_signature');
  }

  /** Mails every current holder who has not been told yet; safe to repeat. */
  async function notifyHolders(stored: StoredCampaign, draw: StoredDraw, now: Date): Promise<Notification[]> {
    const out: Notification[] = [];
    const events = await draws.events(stored.id);
    const original = new Set(draw.record.winners.map((w) => w.code));
    for (const state of prizeStates(draw.record, events)) {
      if (state.code === null || state.status !== 'awaiting' || state.claimBy !== null) continue;
      const entry = await entries.findByCode(state.code);
      if (!entry || entry.campaign_id !== stored.id || entry.email === '') {
        out.push({ code: state.code, prize: state.prize, problem: 'no email address on file (the entrant erased their data)' });
        continue;
      }
      // Disqualified after the freeze: still in the immutable record, but never told they won.
      if (entry.disqualified_at) {
        out.push({ code: state.code, prize: state.prize, problem: `disqualified (${entry.disqualified_reason ?? 'no reason given'}): not notified; forfeit the prize to pass it on` });
        continue;
      }
      const claimBy = new Date(now.getTime() + stored.definition.draw.claim_days * DAY_MS);
      // The unique (campaign, action, code) key makes a racing second run skip instead of mailing twice.
      try {
        await draws.log({ campaignId: stored.id, at: now.toISOString(), action: 'notify', code: state.code, prize: state.prize, claimBy: claimBy.toISOString(), actor });
      } catch (error) {
        if (isUniqueViolation(error)) continue;
        throw error;
      }
      try {
        await deps.mailer.send(
          prizeMail({ to: entry.email, name: entry.name, campaign: stored.definition, code: state.code, prize: state.prize, passedOn: !original.has(state.code), claimBy, siteUrl: deps.siteUrl }),
        );
        out.push({ code: state.code, prize: state.prize, claimBy: claimBy.toISOString() });
      } catch (error) {
        // Not sent, so not logged: the claim period has not started and a retry may send it.
        await db.deleteFrom('raffle_events').where('campaign_id', '=', stored.id).where('action', '=', 'notify').where('code', '=', state.code).execute();
        out.push({ code: state.code, prize: state.prize, problem: `mail not sent: ${(error as Error).message}` });
      }
    }
    return out;
  }

  /** The canonical form of a code the operator typed; codes that are not Paddock's are taken as is. */
  const normalizeCode = (raw: string) => parseEntryCode(raw) ?? raw.trim();

  return {
    prizeStates,

    async draw(slug: string, options: DrawOptions): Promise<{ record: DrawRecord; json: string; notifications: Notification[] }> {
      const { now } = options;
      const stored = await loadCampaign(slug);
      const campaign = stored.definition;
      const existing = await draws.find(stored.id);
      if (existing) {
        throw new Refusal('already_drawn', { slug, drawnAt: deadline(campaign, existing.drawnAt) });
      }
      if (now.getTime() < campaign.closesAt.getTime()) {
        throw new Refusal('not_closed', { remaining: describeDuration(campaign.closesAt.getTime() - now.getTime()), deadline: deadline(campaign, campaign.closesAt) });
      }
      const freeze: FreezeState = await freezeIfDue(db, stored, now);
      if (freeze.state === 'waiting') {
        throw new Refusal('freeze_waiting', { pending: freeze.pending, until: deadline(campaign, freeze.until), remaining: describeDuration(Date.parse(freeze.until) - now.getTime()) });
      }
      if (freeze.state !== 'frozen') throw new Error(`${slug} is closed but its entry list did not freeze`);
      const n = freeze.codes.length;
      // Revealing the seed for an empty list proves nothing and would use the draw up for good.
      if (n === 0) throw new Refusal('no_entries', { slug });
      if (n < campaign.prizes.length && !options.allowFewer) {
        throw new Refusal('not_enough_entries', { entries: n, prizes: campaign.prizes.length }, 'allow_fewer');
      }
      const beacon = await beaconFor(stored, options);

      let record: DrawRecord;
      try {
        record = buildDrawRecord({
          campaign: slug,
          closesAt: campaign.closesAt,
          seedHex: stored.drawSeed,
          beacon,
          entries: freeze.codes,
          prizes: campaign.prizes.map((p) => p.title),
          alternates: campaign.draw.alternates,
          allowFewer: options.allowFewer === true,
          drawnAt: now,
        });
      } catch (error) {
        if (error instanceof NotEnoughEntriesError) throw new Refusal('not_enough_entries', { entries: n, prizes: campaign.prizes.length }, 'allow_fewer');
        throw error;
      }
      // What was published before must be what the record proves; anything else is a bug, not a draw.
      if (record.commitment !== stored.drawCommitment || record.entries_digest !== freeze.digest) {
        throw new Error(`${slug}: the draw does not match the published commitment or entry digest`);
      }

      const json = serializeDrawRecord(record);
      try {
        await db.transaction().execute(async (trx) => {
          await draws.insert(stored.id, json, record.drawn_at, trx);
          await draws.log({ campaignId: stored.id, at: record.drawn_at, action: 'draw', actor }, trx);
          const details = {
            entries: record.entries.length,
            winners: record.winners.map((w) => ({ prize: w.prize, code: w.code })),
            alternates: record.alternates,
            beacon_round: record.beacon?.round ?? null,
            ...(options.allowFewer ? { allow_fewer: true } : {}),
          };
          await audit(trx, { actor, action: 'raffle.draw', target: `campaign:${slug}`, details }, now);
          for (const o of deps.observers ?? []) await o.inTransaction(trx, { campaignId: stored.id, slug, record });
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          const other = await draws.find(stored.id);
          throw new Refusal('already_drawn', { slug, drawnAt: other ? deadline(campaign, other.drawnAt) : deadline(campaign, now) });
        }
        throw error;
      }
      const notifications = await notifyHolders(stored, { json, record, drawnAt: record.drawn_at }, now);
      return { record, json, notifications };
    },

    /** Re-sends notifications that failed (or were never sent) to the current holders. */
    async notify(slug: string, now: Date): Promise<Notification[]> {
      const stored = await loadCampaign(slug);
      return notifyHolders(stored, await loadDraw(stored), now);
    },

    async forfeit(slug: string, rawCode: string, rawReason: string, now: Date): Promise<{ code: string; prize: number | null; passedTo: string | null; notifications: Notification[] }> {
      const reason = checkReason(rawReason);
      const stored = await loadCampaign(slug);
      const draw = await loadDraw(stored);
      const code = normalizeCode(rawCode);
      const { record } = draw;
      if (!record.winners.some((w) => w.code === code) && !record.alternates.includes(code)) {
        throw new Refusal('not_in_draw', { code, slug }, 'code');
      }
      // Read and write under the draw's lock: a claim cannot land between our read and our write.
      const held = await db.transaction().execute(async (trx) => {
        await draws.lock(stored.id, trx);
        const events = await draws.events(stored.id, trx);
        const holding = prizeStates(record, events).find((s) => s.code === code);
        if (events.some((e) => e.action === 'forfeit' && e.code === code)) throw new Refusal('already_forfeited', { code }, 'code');
        if (holding?.status === 'claimed') throw new Refusal('already_claimed', { code, prize: holding.prize }, 'code');
        await draws.log({ campaignId: stored.id, at: now.toISOString(), action: 'forfeit', code, prize: holding?.prize ?? null, reason, actor }, trx);
        const after = prizeStates(record, await draws.events(stored.id, trx));
        const newHolder = holding ? (after.find((s) => s.prize === holding.prize)?.code ?? null) : null;
        const details = { code, prize: holding?.prize ?? null, new_holder: newHolder, reason };
        await audit(trx, { actor, action: 'raffle.forfeit', target: `campaign:${slug}`, details }, now);
        return { holding, newHolder };
      });
      const passedTo = held.newHolder;
      const notifications = await notifyHolders(stored, draw, now);
      return { code, prize: held.holding?.prize ?? null, passedTo, notifications };
    },

    async claim(slug: string, rawCode: string, now: Date): Promise<{ code: string; prize: number; claimBy: string | null }> {
      const stored = await loadCampaign(slug);
      const draw = await loadDraw(stored);
      const code = normalizeCode(rawCode);
      const held = await db.transaction().execute(async (trx) => {
        await draws.lock(stored.id, trx);
        const holding = prizeStates(draw.record, await draws.events(stored.id, trx)).find((s) => s.code === code);
        if (!holding) throw new Refusal('holds_no_prize', { code, slug }, 'code');
        if (holding.status === 'claimed') throw new Refusal('already_claimed', { code, prize: holding.prize }, 'code');
        await draws.log({ campaignId: stored.id, at: now.toISOString(), action: 'claim', code, prize: holding.prize, actor }, trx);
        await audit(trx, { actor, action: 'raffle.claim', target: `campaign:${slug}`, details: { code, prize: holding.prize } }, now);
        return holding;
      });
      return { code, prize: held.prize, claimBy: held.claimBy };
    },
  };
}

export type RaffleService = ReturnType<typeof raffleService>;
