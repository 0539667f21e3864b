import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { resultEntryOf } from './ballot-list';
import { ballotsService, type BallotsService } from './ballots';
import type { StoredCampaign } from './campaigns-repository';
import { campaignStatus } from './deadline';
import { entriesRepository } from './entries-repository';
import { aggregateResults, type CampaignResults } from './results';

/**
 * Results are recomputed only when a counted entry changed (the campaign's results_version),
 * so a results page under load costs one small query, however many entries there are. Once the
 * ballot list is frozen the results are computed from it alone and never change again: anyone
 * can recount them from the published list (recount.ts), and a later disqualification or
 * erasure does not move them. `ballots` is the app's one reader of frozen lists (grand-prix.ts),
 * so a list is read and parsed once, not once per service holding it.
 */
export function resultsService(db: Kysely<Database>, ballots: BallotsService = ballotsService(db)) {
  const entries = entriesRepository(db);
  const memo = new Map<number, { version: number | 'frozen'; results: CampaignResults }>();
  return {
    isPublic: (campaign: StoredCampaign, now: Date) => campaign.definition.live_results || campaignStatus(campaign.definition, now) === 'closed',

    async compute(campaign: StoredCampaign): Promise<CampaignResults> {
      const version = campaign.ballots ? 'frozen' : campaign.resultsVersion;
      const cached = memo.get(campaign.id);
      if (cached && cached.version === version) return cached.results;
      const frozen = await ballots.frozenList(campaign);
      const results = frozen
        ? aggregateResults(campaign.definition, frozen.list.ballots.map((b) => resultEntryOf(frozen.list, b)))
        : aggregateResults(
            campaign.definition,
            (await entries.countedBallots(campaign.id)).map((r) => ({ ballot: JSON.parse(r.ballot_json) as Record<string, string>, answers: JSON.parse(r.answers_json) as Record<string, unknown> })),
          );
      memo.set(campaign.id, { version, results });
      return results;
    },
  };
}

export type ResultsService = ReturnType<typeof resultsService>;
