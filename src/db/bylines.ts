import slugify from '@sindresorhus/slugify';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

/**
 * The people a plain byline names, in order, each with the slug of their author page.
 *
 * The rule: a byline is split at commas, semicolons, "&" and the whole word "and" (any case), so
 * "Anna Kovacs, Ben Ito and Chloé Marr" is three people; pieces are trimmed, and a piece whose
 * slug is empty (punctuation only) or repeats an earlier one is dropped, so one person is linked
 * once. A name that really contains "and" cannot be written as a plain byline; the authors table
 * is the place for such names once authors are managed in the admin.
 *
 * It lives in db/ because migration 012 turns the existing bylines into authors with it, and
 * db/ comes before articles/ in the dependency order.
 */
export function bylineNames(byline: string): Array<{ name: string; slug: string }> {
  const out: Array<{ name: string; slug: string }> = [];
  const seen = new Set<string>();
  for (const piece of byline.split(/\s*(?:[,;&]|\band\b)\s*/iu)) {
    const name = piece.replace(/\s+/gu, ' ').trim();
    if (name === '') continue;
    const slug = slugify(name).slice(0, 120).replace(/-+$/u, '');
    if (slug === '' || seen.has(slug)) continue;
    seen.add(slug);
    out.push({ name, slug });
  }
  return out;
}

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Writes each article's `authors_json`, the copy of its linked authors ([{slug, name}] in byline
 * order) that article pages and listing cards read with the row itself instead of joining two
 * more tables per page. Called wherever the links or an author's name or address change (saving
 * an article, renaming or merging an author, migration 013), in that change's transaction.
 */
export async function copyBylines(trx: Executor, articleIds: readonly number[]): Promise<void> {
  for (let i = 0; i < articleIds.length; i += 500) {
    const ids = articleIds.slice(i, i + 500);
    const rows = await trx
      .selectFrom('article_authors as aa')
      .innerJoin('authors as p', 'p.id', 'aa.author_id')
      .select(['aa.article_id', 'p.slug', 'p.name'])
      .where('aa.article_id', 'in', ids)
      .orderBy('aa.article_id')
      .orderBy('aa.position')
      .execute();
    const people = new Map<number, Array<{ slug: string; name: string }>>(ids.map((id) => [id, []]));
    for (const row of rows) people.get(Number(row.article_id))?.push({ slug: row.slug, name: row.name });
    for (const [id, list] of people) await trx.updateTable('articles').set({ authors_json: JSON.stringify(list) }).where('id', '=', id).execute();
  }
}

/** The articles that name an author, for `copyBylines` after the author changes. */
export async function articlesOfAuthor(trx: Executor, authorId: number): Promise<number[]> {
  const rows = await trx.selectFrom('article_authors').select('article_id').where('author_id', '=', authorId).execute();
  return rows.map((r) => Number(r.article_id));
}
