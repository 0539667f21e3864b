import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { WebhookStore } from './store';

/**
 * `campaign.closed` comes from time, not from a write: a campaign closes when its `closes_at`
 * passes, and nothing is stored at that moment (the draw's entry list freezes later, lazily, and
 * may wait for open confirmations, up to the campaign's confirm_hours). So the delivery loop looks for closed campaigns
 * not yet announced and queues the event together with an announcement row whose primary key
 * lets only one process do it. Endpoints registered after the close are not told about it, so a
 * new endpoint does not receive the history of every past campaign. Campaigns are few: the scan
 * reads them all.
 */
export async function announceClosedCampaigns(db: Kysely<Database>, store: WebhookStore, siteUrl: string, now: Date): Promise<number> {
  const at = now.toISOString();
  const closed = await db.selectFrom('campaigns').select(['id', 'slug', 'title', 'opens_at', 'closes_at']).where('closes_at', '<=', at).execute();
  if (closed.length === 0) return 0;
  const done = new Set((await db.selectFrom('webhook_announcements').select('subject').where('subject', 'like', 'campaign.closed:%').execute()).map((r) => r.subject));
  let announced = 0;
  for (const c of closed) {
    const subject = `campaign.closed:${c.id}`;
    if (done.has(subject)) continue;
    await db.transaction().execute(async (trx) => {
      if (!(await store.announceOnce(trx, subject, now))) return;
      const data = { id: c.id, slug: c.slug, title: c.title, opens_at: c.opens_at, closes_at: c.closes_at, url: new URL(`/grand-prix/${c.slug}`, siteUrl).href };
      announced += await store.enqueue(trx, { event: 'campaign.closed', data, subject: `campaign:${c.id}`, registeredBy: c.closes_at }, now);
    });
  }
  return announced;
}
