import type { PaddockDb } from '../db/database';
import { matchingArticleIds, queryTerms } from '../db/full-text';
import type { ArticleLink } from './model';
import { LINK_COLUMNS, toLink, type Page } from './repository';

/** Visible articles matching the reader's words, best match first, newest first among equals. */
export async function searchArticles(database: PaddockDb, query: string, options: { page: number; pageSize: number; now: Date }): Promise<Page<ArticleLink>> {
  const terms = queryTerms(query);
  if (terms.length === 0) return { items: [], total: 0 };
  const base = database.db
    .selectFrom('articles as a')
    .innerJoin(matchingArticleIds(database.caps, terms, query).as('m'), 'm.id', 'a.id')
    .leftJoin('rubrics as r', 'r.slug', 'a.rubric_slug')
    .where('a.status', '=', 'published')
    .where('a.published_at', '<=', options.now.toISOString());
  const { total } = await base.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select(LINK_COLUMNS)
    .orderBy('m.rank')
    .orderBy('a.published_at', 'desc')
    .limit(options.pageSize)
    .offset((options.page - 1) * options.pageSize)
    .execute();
  return { items: rows.map(toLink), total: Number(total) };
}
