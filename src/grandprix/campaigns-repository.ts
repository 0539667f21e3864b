import type { Kysely, Transaction } from 'kysely';
import { numeric, preparedQuery } from '../db/prepared';
import type { Database } from '../db/schema';
import { parseCampaign, type Campaign } from './campaign-schema';

type Db = Kysely<Database> | Transaction<Database>;

/** A campaign as stored: its parsed definition plus what Paddock added (commitment, freeze). */
export interface StoredCampaign {
  id: number;
  slug: string;
  definition: Campaign;
  definitionYaml: string;
  drawSeed: string;
  drawCommitment: string;
  frozen: { at: string; codes: string[]; digest: string; count: number } | null;
  /** The ballot list's digest and size, published with the freeze (null before it, or frozen before Paddock kept one). */
  ballots: { digest: string; count: number } | null;
  resultsVersion: number;
  updatedAt: string;
}

// Parsing and validating YAML on every request would dominate the ballot page; the parse
// depends only on the stored text, so it is memoised by it.
const parsed = new Map<string, Campaign>();
function parseStored(yaml: string): Campaign {
  let campaign = parsed.get(yaml);
  if (!campaign) {
    campaign = parseCampaign(yaml);
    if (parsed.size > 100) parsed.clear();
    parsed.set(yaml, campaign);
  }
  return campaign;
}

export function campaignsRepository(db: Kysely<Database>) {
  const bumpIfOpen = preparedQuery(db, ['id'], (q, v) =>
    q
      .updateTable('campaigns')
      .set((eb) => ({ results_version: eb('results_version', '+', 1) }))
      .where('id', '=', numeric(v.id))
      .where('frozen_at', 'is', null),
  );
  const load = async (trx: Db, column: 'slug' | 'id', value: string | number): Promise<StoredCampaign | null> => {
    const row = await trx.selectFrom('campaigns').selectAll().where(column, '=', value).executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      slug: row.slug,
      definition: parseStored(row.definition_yaml),
      definitionYaml: row.definition_yaml,
      drawSeed: row.draw_seed,
      drawCommitment: row.draw_commitment,
      frozen:
        row.frozen_at && row.frozen_codes_json && row.entries_digest
          ? { at: row.frozen_at, codes: JSON.parse(row.frozen_codes_json) as string[], digest: row.entries_digest, count: row.entries_count ?? 0 }
          : null,
      ballots: row.frozen_at && row.ballots_digest ? { digest: row.ballots_digest, count: row.ballots_count ?? 0 } : null,
      resultsVersion: row.results_version,
      updatedAt: row.updated_at,
    };
  };

  return {
    findBySlug: (slug: string, trx: Db = db) => load(trx, 'slug', slug),
    findById: (id: number, trx: Db = db) => load(trx, 'id', id),

    list: (trx: Db = db) => trx.selectFrom('campaigns').select(['id', 'slug', 'title', 'opens_at', 'closes_at', 'frozen_at']).orderBy('opens_at', 'desc').execute(),

    async insert(campaign: Campaign, yaml: string, seed: string, commitment: string, now: Date, trx: Db = db): Promise<number> {
      const row = await trx
        .insertInto('campaigns')
        .values({
          slug: campaign.slug,
          title: campaign.title,
          definition_yaml: yaml,
          timezone: campaign.timezone,
          opens_at: campaign.opensAt.toISOString(),
          closes_at: campaign.closesAt.toISOString(),
          draw_seed: seed,
          draw_commitment: commitment,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateDefinition(id: number, campaign: Campaign, yaml: string, now: Date, trx: Db = db): Promise<void> {
      await trx
        .updateTable('campaigns')
        .set({
          title: campaign.title,
          definition_yaml: yaml,
          timezone: campaign.timezone,
          opens_at: campaign.opensAt.toISOString(),
          closes_at: campaign.closesAt.toISOString(),
          updated_at: now.toISOString(),
        })
        .where('id', '=', id)
        .execute();
    },

    /**
     * First writer wins: a frozen list is never replaced. Returns whether this call froze it. The
     * ballot list (ballot-list.ts), when given, is written in the same transaction, once.
     */
    async freeze(id: number, codes: string[], digest: string, now: Date, trx: Db = db, ballots?: { text: string; digest: string; count: number }): Promise<boolean> {
      const write = async (t: Db) => {
        const result = await t
          .updateTable('campaigns')
          .set({
            frozen_at: now.toISOString(),
            frozen_codes_json: JSON.stringify(codes),
            entries_digest: digest,
            entries_count: codes.length,
            ...(ballots ? { ballots_digest: ballots.digest, ballots_count: ballots.count } : {}),
          })
          .where('id', '=', id)
          .where('frozen_at', 'is', null)
          .executeTakeFirst();
        const froze = Number(result.numUpdatedRows) === 1;
        if (froze && ballots) await t.insertInto('campaign_ballots').values({ campaign_id: id, list_json: ballots.text, frozen_at: now.toISOString() }).execute();
        return froze;
      };
      return ballots && trx === db ? db.transaction().execute(write) : write(trx);
    },

    /** The frozen ballot list, exactly as published, or null. */
    ballotList: async (id: number, trx: Db = db): Promise<string | null> =>
      (await trx.selectFrom('campaign_ballots').select('list_json').where('campaign_id', '=', id).executeTakeFirst())?.list_json ?? null,

    /**
     * A confirmation's claim on the campaign row: counts it into the results version, and fails
     * (false) once the draw's entry list is frozen. The row update serialises the two.
     */
    bumpResultsIfOpen: async (id: number, trx: Db = db): Promise<boolean> => Number((await bumpIfOpen(trx, { id })).numAffectedRows) === 1,

    bumpResults: (id: number, trx: Db = db) =>
      trx
        .updateTable('campaigns')
        .set((eb) => ({ results_version: eb('results_version', '+', 1) }))
        .where('id', '=', id)
        .execute(),

    /** The next opening or closing after `now`: the article promo and campaign pages change then. */
    async nextEvent(now: Date, trx: Db = db): Promise<string | null> {
      const at = now.toISOString();
      const opens = await trx.selectFrom('campaigns').select((eb) => eb.fn.min('opens_at').as('t')).where('opens_at', '>', at).executeTakeFirst();
      const closes = await trx.selectFrom('campaigns').select((eb) => eb.fn.min('closes_at').as('t')).where('closes_at', '>', at).executeTakeFirst();
      const times = [opens?.t, closes?.t].filter((t): t is string => typeof t === 'string').sort();
      return times[0] ?? null;
    },
  };
}

export type CampaignsRepository = ReturnType<typeof campaignsRepository>;
