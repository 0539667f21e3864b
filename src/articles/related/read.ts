import type { Kysely } from 'kysely';
import { numeric, preparedQuery } from '../../db/prepared';
import type { Database } from '../../db/schema';
import type { ArticleLink } from '../model';
import { LINK_COLUMNS, toLink } from '../repository';

/** How many related articles an article page shows at most. */
export const SHOWN = 4;

/**
 * An article's related articles as its page shows them: the stored list in order, only those a
 * reader may see now (published, not scheduled: one that became a draft since is skipped), without
 * the ones the page links already (its previous and next). One read of at most six rows by the
 * list's primary key, each joined to its article by id.
 */
export function relatedReader(db: Kysely<Database>) {
  const stored = preparedQuery(db, ['id', 'now'], (d, v) =>
    d
      .selectFrom('related_articles as ra')
      .innerJoin('articles as a', 'a.id', 'ra.related_id')
      .leftJoin('rubrics as r', 'r.slug', 'a.rubric_slug')
      .leftJoin('media as m', 'm.id', 'a.hero_media_id')
      .select(LINK_COLUMNS)
      .where('ra.article_id', '=', numeric(v.id))
      .where('a.status', '=', 'published')
      .where('a.published_at', '<=', v.now)
      .orderBy('ra.position'),
  );
  return async (articleId: number, exclude: ReadonlyArray<number | null | undefined>, now: Date, limit = SHOWN): Promise<ArticleLink[]> => {
    const { rows } = await stored(db, { id: articleId, now: now.toISOString() });
    const links = rows.map((row) => toLink(row as Parameters<typeof toLink>[0]));
    return links.filter((l) => l.id !== articleId && !exclude.includes(l.id)).slice(0, limit);
  };
}

export type RelatedReader = ReturnType<typeof relatedReader>;
