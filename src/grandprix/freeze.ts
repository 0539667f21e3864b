import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { entriesDigest, sortCodes } from './draw-commitment';
import { campaignsRepository, type StoredCampaign } from './campaigns-repository';
import { entriesRepository } from './entries-repository';
import { ballotListAtFreeze } from './ballots';

export type FreezeState =
  | { state: 'open' }
  | { state: 'waiting'; pending: number; until: string }
  | { state: 'frozen'; at: string; codes: string[]; digest: string; count: number; ballots?: { digest: string; count: number } | null };

/**
 * The draw's entry list is fixed once at close: the eligible codes sorted bytewise and their
 * SHA-256 published. An entry submitted before the close may still be confirmed while its link
 * works (the campaign's confirm_hours, stamped on the entry as it is sent) and stays eligible, so
 * while such confirmations are open the freeze waits for them (at the latest until the last link
 * expires, so at most confirm_hours after the close); with none open it happens at the close.
 * Called lazily by every reader (page, API, draw); the first caller after that moment writes it.
 */
export async function freezeIfDue(db: Kysely<Database>, campaign: StoredCampaign, now: Date): Promise<FreezeState> {
  if (campaign.frozen) return { state: 'frozen', ...campaign.frozen, ballots: campaign.ballots };
  const closesAt = campaign.definition.closesAt;
  if (now.getTime() < closesAt.getTime()) return { state: 'open' };
  const entries = entriesRepository(db);
  const open = await entries.openConfirmations(campaign.id, closesAt, now);
  if (open.count > 0 && open.until) return { state: 'waiting', pending: open.count, until: open.until };
  const codes = sortCodes(await entries.eligibleCodes(campaign.id, closesAt));
  const digest = entriesDigest(codes);
  // The ballot list (ballot-list.ts) is frozen in the same write: its digest is published beside this one.
  const ballots = await ballotListAtFreeze(db, campaign, now);
  const repo = campaignsRepository(db);
  await repo.freeze(campaign.id, codes, digest, now, db, ballots);
  const stored = await repo.findById(campaign.id);
  if (!stored?.frozen) throw new Error(`campaign ${campaign.id} did not freeze`);
  return { state: 'frozen', ...stored.frozen, ballots: stored.ballots };
}
