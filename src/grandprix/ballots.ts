import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { buildBallotList, ballotOf, listDefinition, serializeBallotList, type Ballot, type BallotList } from './ballot-list';
import { ballotCheckIdOf, parseBallotSecret } from './ballot-secret';
import { campaignsRepository, type StoredCampaign } from './campaigns-repository';
import { entriesRepository } from './entries-repository';

type SourceRow = { ballot_check_id: string | null; ballot_json: string; answers_json: string; disqualified_at: string | null; disqualified_code: string | null };

const sourceOf = (r: SourceRow) => ({
  ballotCheckId: r.ballot_check_id!,
  ballot: JSON.parse(r.ballot_json) as Record<string, unknown>,
  answers: JSON.parse(r.answers_json) as Record<string, unknown>,
  disqualifiedReason: r.disqualified_at ? (r.disqualified_code ?? 'other') : null,
});

/** The ballot list as it stands now, for the freeze to store beside the draw's entry list. */
export async function ballotListAtFreeze(db: Kysely<Database>, campaign: StoredCampaign, now: Date): Promise<{ text: string; digest: string; count: number }> {
  const rows = await entriesRepository(db).ballotSources(campaign.id);
  const list = buildBallotList(campaign.definition, rows.map(sourceOf), now);
  return { text: serializeBallotList(list), digest: list.ballots_digest, count: list.ballots_count };
}

export type BallotLookup =
  | { found: false }
  | { found: true; frozen: boolean; id: string; ballot: Ballot | null; disqualified: string | null };

/**
 * The frozen lists, read once per campaign (they never change), and the entrant's look-up by
 * secret: in the frozen list once there is one, before that in the entries as they stand.
 */
export function ballotsService(db: Kysely<Database>) {
  const campaigns = campaignsRepository(db);
  const entries = entriesRepository(db);
  const lists = new Map<number, { text: string; list: BallotList }>();

  async function frozenList(stored: StoredCampaign): Promise<{ text: string; list: BallotList } | null> {
    if (!stored.ballots) return null;
    const cached = lists.get(stored.id);
    if (cached) return cached;
    const text = await campaigns.ballotList(stored.id);
    if (text === null) return null;
    const entry = { text, list: JSON.parse(text) as BallotList };
    if (lists.size > 20) lists.clear();
    lists.set(stored.id, entry);
    return entry;
  }

  return {
    frozenList,

    /** `secret` as typed; null when it cannot be a ballot secret at all. */
    async lookup(stored: StoredCampaign, secret: string): Promise<BallotLookup | null> {
      const canonical = parseBallotSecret(secret);
      if (!canonical) return null;
      const id = ballotCheckIdOf(canonical);
      const frozen = await frozenList(stored);
      if (frozen) {
        const ballot = frozen.list.ballots.find((b) => b.id === id);
        if (ballot) return { found: true, frozen: true, id, ballot, disqualified: null };
        const out = frozen.list.disqualified.find((d) => d.id === id);
        return out ? { found: true, frozen: true, id, ballot: null, disqualified: out.reason } : { found: false };
      }
      const row = await entries.findBallot(stored.id, id);
      if (!row) return { found: false };
      const source = sourceOf(row);
      if (source.disqualifiedReason !== null) return { found: true, frozen: false, id, ballot: null, disqualified: source.disqualifiedReason };
      return { found: true, frozen: false, id, ballot: ballotOf(listDefinition(stored.definition), source), disqualified: null };
    },
  };
}

export type BallotsService = ReturnType<typeof ballotsService>;
