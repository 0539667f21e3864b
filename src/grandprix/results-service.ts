import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { StoredCampaign } from './campaigns-repository';
import { campaignStatus } from './deadline';
import { entriesRepository } from './entries-repository';
import { aggregateResults, type CampaignResults } from './results';

/**
 * Results are recomputed only when a counted entry changed (the campaign's results_version),
 * so a results page under load costs one small query, however many entries there are.
 */
export function resultsService(db: Kysely<Database>) {
  const entries = entriesRepository(db);
  const memo = new Map<number, { version: number; results: CampaignResults }>();
  return {
    isPublic: (campaign: StoredCampaign, now: Date) => campaign.definition.live_results || campaignStatus(campaign.definition, now) === 'closed',

    async compute(campaign: StoredCampaign): Promise<CampaignResults> {
      const cached = memo.get(campaign.id);
      if (cached && cached.version === campaign.resultsVersion) return cached.results;
      const rows = await entries.countedBallots(campaign.id);
      const results = aggregateResults(
        campaign.definition,
        rows.map((r) => ({ ballot: JSON.parse(r.ballot_json) as Record<string, string>, answers: JSON.parse(r.answers_json) as Record<string, unknown> })),
      );
      memo.set(campaign.id, { version: campaign.resultsVersion, results });
      return results;
    },
  };
}

export type ResultsService = ReturnType<typeof resultsService>;
