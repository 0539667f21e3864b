import type { Kysely } from 'kysely';
import { audit } from '../audit/audit';
import type { Database } from '../db/schema';
import { Refusal } from '../errors';
import { inputOf, type Article } from './model';
import type { ArticlesRepository } from './repository';

/**
 * Scheduled articles: published with a publication time still to come (they appear by themselves
 * when it comes, see model.ts isVisible). The admin's schedule lists them by week and moves them.
 */

export interface ScheduledItem {
  id: number;
  slug: string;
  title: string;
  author: string;
  rubric: string | null;
  publishedAt: string;
  revision: number;
}

/** A week never holds more than this many in a newsroom; the bound keeps one page's cost fixed. */
const MAX_LISTED = 500;

export function scheduleQueries(db: Kysely<Database>) {
  return {
    /** Scheduled articles due in [from, to) and after `now`, in publication order (the timeline index). */
    async list(range: { from: Date; to: Date }, now: Date): Promise<ScheduledItem[]> {
      const lower = new Date(Math.max(range.from.getTime(), now.getTime() + 1)).toISOString();
      const rows = await db
        .selectFrom('articles as a')
        .leftJoin('rubrics as r', 'r.slug', 'a.rubric_slug')
        .select(['a.id', 'a.slug', 'a.title', 'a.author', 'r.name as rubric', 'a.published_at', 'a.revision'])
        .where('a.status', '=', 'published')
        .where('a.published_at', '>=', lower)
        .where('a.published_at', '<', range.to.toISOString())
        .orderBy('a.published_at')
        .orderBy('a.id')
        .limit(MAX_LISTED)
        .execute();
      return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, author: r.author, rubric: r.rubric, publishedAt: r.published_at, revision: r.revision }));
    },

    /** The publication times of what is scheduled before `to` (for counts per week), bounded. */
    async times(now: Date, to: Date): Promise<string[]> {
      const rows = await db
        .selectFrom('articles')
        .select('published_at')
        .where('status', '=', 'published')
        .where('published_at', '>', now.toISOString())
        .where('published_at', '<', to.toISOString())
        .orderBy('published_at')
        .limit(MAX_LISTED * 4)
        .execute();
      return rows.map((r) => r.published_at);
    },
  };
}

/**
 * Moves a scheduled article to another publication time: the same repository save as the
 * editor's Schedule action (a new revision, the text unchanged, an editor's summary kept),
 * audited as `article.schedule` with the time before. Refused when the article is not scheduled
 * any more (published or unpublished meanwhile) or the new time is not in the future.
 */
export async function reschedule(
  store: { articles: ArticlesRepository; db: Kysely<Database> },
  change: { id: number; at: Date },
  actor: string,
  now: Date,
  zone: string,
): Promise<{ article: Article; changed: boolean }> {
  const article = await store.articles.findById(change.id);
  if (!article) throw new Refusal('no_article');
  if (article.status !== 'published' || article.publishedAt <= now.toISOString()) throw new Refusal('not_scheduled');
  if (change.at.getTime() <= now.getTime()) {
    const local = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short', timeZone: zone }).format(change.at);
    throw new Refusal('schedule_past', { time: local, zone }, 'publishAt');
  }
  const result = await store.articles.save({ ...inputOf(article), status: 'published', publishedAt: change.at }, { editor: actor, now, keepEditedSummary: true });
  if (!result.changed) return { article: result.article, changed: false };
  const saved = result.article;
  await audit(
    store.db,
    {
      actor,
      action: 'article.schedule',
      target: `article:${saved.id}`,
      details: { slug: saved.slug, title: saved.title, revision: saved.revision, publishedAt: saved.publishedAt, previousPublishedAt: article.publishedAt },
    },
    now,
  );
  return { article: saved, changed: true };
}
