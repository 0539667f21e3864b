import type { Transaction } from 'kysely';
import { bylineNames, copyBylines } from '../../db/bylines';
import type { Database } from '../../db/schema';

/**
 * The article's authors follow its byline, in order, in the save's own transaction. Each person
 * named is found as `findAuthorIds` says (by name, then by page address, then by an address the
 * person had before) and is otherwise created (name only). The links carry the article's status
 * and published_at for the author's listing, as article_tags do.
 */
export async function linkAuthors(trx: Transaction<Database>, id: number, byline: string, status: 'draft' | 'published', publishedAt: string, now: string) {
  await trx.deleteFrom('article_authors').where('article_id', '=', id).execute();
  const people = bylineNames(byline);
  if (people.length === 0) {
    await copyBylines(trx, [id]);
    return;
  }
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
  await copyBylines(trx, [id]);
}

/** Each byline name's author id: an existing author (findAuthorIds), else a new one. */
async function authorIdsFor(trx: Transaction<Database>, people: Array<{ name: string; slug: string }>, now: string): Promise<Map<string, number>> {
  const out = await findAuthorIds(trx, people);
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

const lower = (text: string) => text.toLowerCase();

/**
 * The existing author each byline name (as `bylineNames` gives them) stands for, without creating
 * anyone. In this order:
 * 1. the author's name exactly as the authors table spells it (an author whose page address was
 *    changed, or who came from an import with their own slug, stays the same person);
 * 2. the name in another case (`anna kovacs` is Anna Kovacs; spaces were already collapsed by the
 *    byline rule): lower() folds every script on both engines (db/database.ts);
 * 3. the slug the byline rule gives, as an author's page address;
 * 4. that address as one the person had before: a redirect from /author/old to /author/new left by
 *    renaming or merging authors in the admin, so an old byline (a restored revision, an import
 *    run again, a form opened before the change) still names the person it named.
 * Several candidates: the oldest author. Names found nowhere are absent from the map.
 */
export async function findAuthorIds(trx: Transaction<Database>, people: Array<{ name: string; slug: string }>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (people.length === 0) return out;
  const byName = await trx.selectFrom('authors').select(['id', 'name']).where('name', 'in', people.map((p) => p.name)).orderBy('id').execute();
  for (const row of byName) if (!out.has(row.name)) out.set(row.name, row.id);
  let rest = people.filter((p) => !out.has(p.name));
  if (rest.length === 0) return out;

  const byCase = await trx
    .selectFrom('authors')
    .select(['id', 'name'])
    .where((eb) => eb(eb.fn('lower', ['name']), 'in', rest.map((p) => lower(p.name))))
    .orderBy('id')
    .execute();
  for (const p of rest) {
    const row = byCase.find((r) => lower(r.name) === lower(p.name));
    if (row) out.set(p.name, row.id);
  }
  rest = rest.filter((p) => !out.has(p.name));
  if (rest.length === 0) return out;

  const bySlug = await trx.selectFrom('authors').select(['id', 'slug']).where('slug', 'in', rest.map((p) => p.slug)).execute();
  for (const p of rest) {
    const row = bySlug.find((r) => r.slug === p.slug);
    if (row) out.set(p.name, row.id);
  }
  rest = rest.filter((p) => !out.has(p.name));
  if (rest.length === 0) return out;

  // Both reads by unique index: the redirect by its source, its target author by slug.
  const moved = await trx.selectFrom('redirects').select(['from_path', 'to_path']).where('from_path', 'in', rest.map((p) => `/author/${p.slug}`)).execute();
  const targetOf = new Map<string, string>();
  for (const r of moved) {
    const target = /^\/author\/([^/]+)$/.exec(r.to_path)?.[1];
    if (target) targetOf.set(r.from_path, target);
  }
  if (targetOf.size === 0) return out;
  const targets = await trx.selectFrom('authors').select(['id', 'slug']).where('slug', 'in', [...targetOf.values()]).execute();
  for (const p of rest) {
    const target = targetOf.get(`/author/${p.slug}`);
    const row = target === undefined ? undefined : targets.find((r) => r.slug === target);
    if (row) out.set(p.name, row.id);
  }
  return out;
}
