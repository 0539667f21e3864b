import type { DrawObserver } from '../raffle/draw-service';
import type { WebhookStore } from './store';

/** Queues `draw.published` in the draw's own transaction: a draw that is stored is announced, one that fails is not. */
export function webhookDrawObserver(store: WebhookStore, options: { siteUrl: string; now?: () => Date }): DrawObserver {
  const now = options.now ?? (() => new Date());
  return {
    async inTransaction(trx, draw) {
      const { record } = draw;
      const data = {
        campaign: { id: draw.campaignId, slug: draw.slug },
        drawn_at: record.drawn_at,
        entries: record.entries.length,
        entries_digest: record.entries_digest,
        prizes: record.prizes.length,
        winners: record.winners.map((w) => ({ prize: w.prize, code: w.code })),
        record_url: new URL(`/api/v1/campaigns/${draw.slug}/draw`, options.siteUrl).href,
        url: new URL(`/grand-prix/${draw.slug}/draw`, options.siteUrl).href,
      };
      await store.enqueue(trx, { event: 'draw.published', data, subject: `campaign:${draw.campaignId}` }, now());
    },
  };
}
