import type { Transaction } from 'kysely';
import { bylineNames } from '../../db/bylines';
import type { Database } from '../../db/schema';

/**
 * The article's authors follow its byline, in order, in the save's own transaction. Each person
 * named is found first by their name as the authors table spells it (so an author whose page
 * address was changed in the admin, or who came from an import with their own slug, stays the
 * same person), then by the slug the byline rule gives, and is otherwise created (name only).
 * The links carry the article's status and published_at for the author's listing, as
 * article_tags do.
 */
export async function linkAuthors(trx: Transaction<Database>, id: number, byline: string, status: 'draft' | 'published', publishedAt: string, now: string) {
  await trx.deleteFrom('article_authors').where('article_id', '=', id).execute();
  const people = bylineNames(byline);
  if (people.length === 0) return;
  const ids = await authorIdsFor(trx, people, now);
  const seen = new Set<number>();
  const links = [];
  for (const person of people) {
    const authorId = ids.get(person.name)!;
    // Two spellings that resolve to one person link them once.
    if (seen.has(authorId)) continue;
    seen.add(authorId);
    links.push({ article_id: id, author_id: authorId, position: links.length, status, published_at: publishedAt });
  }
  await trx.insertInto('article_authors').values(links).execute();
}

/** Each byline name's author id: by name, then by slug, else a new author. */
async function authorIdsFor(trx: Transaction<Database>, people: Array<{ name: string; slug: string }>, now: string): Promise<Map<string, number>> {
  const names = people.map((p) => p.name);
  const byName = await trx.selectFrom('authors').select(['id', 'name']).where('name', 'in', names).orderBy('id').execute();
  const out = new Map<string, number>();
  for (const row of byName) if (!out.has(row.name)) out.set(row.name, row.id);
  const rest = people.filter((p) => !out.has(p.name));
  if (rest.length === 0) return out;
  await trx
    .insertInto('authors')
    .values(rest.map((p) => ({ slug: p.slug, name: p.name, created_at: now, updated_at: now })))
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const bySlug = await trx.selectFrom('authors').select(['id', 'slug']).where('slug', 'in', rest.map((p) => p.slug)).execute();
  const idOfSlug = new Map(bySlug.map((r) => [r.slug, r.id]));
  for (const p of rest) out.set(p.name, idOfSlug.get(p.slug)!);
  return out;
}
