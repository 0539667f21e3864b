import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Named } from '../model';

/** What a full-text feed needs of an article beyond its listing card. */
export interface FeedExtras {
  /** The byline as written: the creator when the article names no known author. */
  byline: string;
  bodyHtml: string;
  plainText: string;
  updatedAt: string;
  tags: Named[];
  /** Size of the hero's library original, when the hero is a library item. */
  heroBytes: number | null;
}

/**
 * Bodies, tags and the hero's file size of the articles a feed lists: two reads by primary key
 * for the whole feed (at most a feed's length of ids), whatever the size of the archive.
 */
export async function feedExtras(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, FeedExtras>> {
  const out = new Map<number, FeedExtras>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('articles as a')
    .innerJoin('article_bodies as b', 'b.article_id', 'a.id')
    .leftJoin('media as m', 'm.id', 'a.hero_media_id')
    .select(['a.id', 'a.author', 'a.updated_at', 'b.body_html', 'b.plain_text', 'm.bytes as hero_bytes'])
    .where('a.id', 'in', [...ids])
    .execute();
  const tags = await db
    .selectFrom('article_tags as at')
    .innerJoin('tags as t', 't.slug', 'at.tag_slug')
    .select(['at.article_id', 't.slug', 't.name'])
    .where('at.article_id', 'in', [...ids])
    .orderBy('at.article_id')
    .orderBy('at.position')
    .execute();
  for (const r of rows) {
    const id = Number(r.id);
    out.set(id, {
      byline: r.author,
      bodyHtml: r.body_html,
      plainText: r.plain_text,
      updatedAt: r.updated_at,
      tags: [],
      heroBytes: r.hero_bytes === null ? null : Number(r.hero_bytes),
    });
  }
  for (const t of tags) out.get(Number(t.article_id))?.tags.push({ slug: t.slug, name: t.name });
  return out;
}
