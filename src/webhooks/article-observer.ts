import type { ArticleChange, ArticleObserver } from '../articles/repository';
import { articlePath } from '../articles/redirects/paths';
import type { WebhookEvent } from './events';
import type { WebhookStore } from './store';

/**
 * Which event a stored article change is, if any. "Live" is published with its time come.
 * - published now, and live before: `article.updated`;
 * - published now, and not live before (new, a draft, or scheduled and not yet due):
 *   `article.published`, due at its publication time (a scheduled one is told when it appears);
 * - a draft now, and live before: `article.unpublished`; a draft that was only scheduled never
 *   appeared, so there is nothing to take back (its queued `article.published` is dropped).
 */
export function articleEvent(change: ArticleChange, now: Date): WebhookEvent | null {
  const before = change.before;
  const wasLive = before !== null && before.status === 'published' && Date.parse(before.publishedAt) <= now.getTime();
  if (change.after.status === 'published') return wasLive ? 'article.updated' : 'article.published';
  return wasLive ? 'article.unpublished' : null;
}

/**
 * Queues article events in the save's own transaction (ArticleObserver.inTransaction): a save
 * that rolls back queues nothing, one that commits cannot lose its event. A change first drops
 * this article's deliveries that are not due yet (a scheduled publication rescheduled or taken
 * back), so subscribers hear the article's latest state at its time, once.
 */
export function webhookArticleObserver(store: WebhookStore, options: { siteUrl: string; now?: () => Date }): ArticleObserver {
  const now = options.now ?? (() => new Date());
  return {
    async inTransaction(trx, change) {
      const at = now();
      const subject = `article:${change.id}`;
      await store.supersede(trx, subject, at);
      const event = articleEvent(change, at);
      if (event === null) return;
      const row = await trx.selectFrom('articles').select(['title', 'rubric_slug']).where('id', '=', change.id).executeTakeFirst();
      const data: Record<string, unknown> = {
        id: change.id,
        slug: change.slug,
        url: new URL(articlePath(change.slug), options.siteUrl).href,
        title: row?.title ?? null,
        rubric: row?.rubric_slug ?? null,
        status: change.after.status,
        published_at: change.after.publishedAt,
        updated_at: change.after.updatedAt,
        revision: change.after.revision,
      };
      if (change.before && change.before.slug !== change.slug) data.previous_url = new URL(articlePath(change.before.slug), options.siteUrl).href;
      // Unpublishing is news now; publishing and updates are news once the article is visible.
      const notBefore = event === 'article.unpublished' || Date.parse(change.after.publishedAt) <= at.getTime() ? null : change.after.publishedAt;
      await store.enqueue(trx, { event, data, subject, notBefore }, at);
    },
  };
}
