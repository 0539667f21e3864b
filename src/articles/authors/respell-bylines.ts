import type { Transaction } from 'kysely';
import { bylineNames } from '../../db/bylines';
import type { Database } from '../../db/schema';
import { findAuthorIds } from './link-authors';

// The byline rule's separators (db/bylines.ts), captured so that a byline keeps its own punctuation.
const SEPARATOR = /(\s*(?:[,;&]|\band\b)\s*)/iu;

/**
 * The byline with every piece that `names` says is the person spelt `newName` instead, its own
 * separators kept ("Ben Ito and anna kovacs" → "Ben Ito and Anna Kovács"). A piece naming someone
 * an earlier piece already named goes with the separator before it ("Anna and Ben", Anna merged
 * into Ben → "Ben"), as linking would count them once anyway.
 */
export function respellByline(byline: string, names: (name: string) => boolean, newName: string): string {
  const parts = byline.split(SEPARATOR);
  const seen = new Set<string>();
  let out = '';
  for (let i = 0; i < parts.length; i += 2) {
    const piece = parts[i]!;
    const person = bylineNames(piece)[0];
    const text = person && names(person.name) ? newName : piece;
    const slug = bylineNames(text)[0]?.slug;
    if (slug !== undefined && seen.has(slug)) continue;
    if (slug !== undefined) seen.add(slug);
    out += (i > 0 && out !== '' ? parts[i - 1]! : '') + text;
  }
  return out;
}

/**
 * The bylines of an author's articles, respelt as `newName` where they name that author (found
 * the way saving an article finds people, as the authors table is before the change). Run in the
 * transaction of a rename or a merge, before the change itself, so that a later save of any of
 * these articles names the same person. Their revisions are not touched. Returns how many changed.
 */
export async function respellBylines(trx: Transaction<Database>, authorId: number, newName: string): Promise<number> {
  const rows = await trx
    .selectFrom('article_authors as aa')
    .innerJoin('articles as a', 'a.id', 'aa.article_id')
    .select(['a.id', 'a.author'])
    .where('aa.author_id', '=', authorId)
    .orderBy('a.id')
    .execute();
  const people = new Map<string, { name: string; slug: string }>();
  for (const row of rows) for (const person of bylineNames(row.author)) people.set(person.name, person);
  const ids = await findAuthorIds(trx, [...people.values()]);
  let changed = 0;
  for (const row of rows) {
    const next = respellByline(row.author, (name) => ids.get(name) === authorId, newName);
    if (next === row.author) continue;
    await trx.updateTable('articles').set({ author: next }).where('id', '=', row.id).execute();
    changed++;
  }
  return changed;
}
