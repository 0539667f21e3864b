import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { SiteContext } from '../web/context';
import { campaignsRepository } from './campaigns-repository';
import { campaignStatus } from './deadline';
import type { Campaign } from './campaign-schema';

/** The open campaign to advertise beside an article: its promo names rubrics, or none for every article. */
export async function promoCampaign(db: Kysely<Database>, rubric: string | null, now: Date): Promise<Campaign | null> {
  const repo = campaignsRepository(db);
  const at = now.toISOString();
  const rows = await db.selectFrom('campaigns').select('slug').where('opens_at', '<=', at).where('closes_at', '>', at).orderBy('closes_at').execute();
  for (const row of rows) {
    const stored = await repo.findBySlug(row.slug);
    if (!stored || campaignStatus(stored.definition, now) !== 'open') continue;
    const rubrics = stored.definition.promo.rubrics ?? [];
    if (rubrics.length === 0 || (rubric !== null && rubrics.includes(rubric))) return stored.definition;
  }
  return null;
}

export function Promo({ site, campaign }: { site: SiteContext; campaign: Campaign }) {
  return (
    <aside class="promo" aria-labelledby="promo-title">
      <h2 id="promo-title">{campaign.promo.headline}</h2>
      <p>{campaign.promo.text}</p>
      <p>
        <a href={`/grand-prix/${campaign.slug}`}>{site.i18n.t('gp.promo-cta')}</a>
      </p>
    </aside>
  );
}
