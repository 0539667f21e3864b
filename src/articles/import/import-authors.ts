import type { Kysely } from 'kysely';
import { bylineNames } from '../../db/bylines';
import type { Database } from '../../db/schema';
import { keepOldAddress } from './old-addresses';
import type { SourcePerson, Tally } from './source-record';

export interface AuthorCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface AuthorImportOptions {
  db: Kysely<Database>;
  dryRun: boolean;
  tally: Tally;
  counts: AuthorCounts;
  /** The media library id of the person's picture, or null (the caller notes why). */
  photo(person: SourcePerson): Promise<number | null>;
  /** Called for each old author address kept as a redirect. */
  redirected(): void;
  now?: () => Date;
}

type Row = { id: number; slug: string; name: string; bio: string; links_json: string; photo_media_id: number | null };

/**
 * Brings the people an export names as authors over before their posts are stored, so that a
 * post's byline, their name as the authors table spells it, links to them (bylines are matched
 * by name first: articles/authors/link-authors.ts).
 *
 * A person is found here by our slug for them (from their login or Ghost slug), else by that slug
 * as an address an author had before a rename or merge here (the redirect it left), else by
 * their name (an author the byline rule made before, from an earlier import or a typed byline, is
 * the same person), else created with everything the export has. The rule for one found: the export
 * only fills what is empty here (bio, links, picture); the name and slug stay as they are here,
 * so nothing edited on this site is overwritten by importing again, and a renamed author keeps
 * their posts (the byline takes the name they have here). Their page on the old site becomes a
 * redirect to their page here. Each person is looked up once a run; in a dry run nothing is
 * written and the counts say what would be.
 */
export function authorImporter(options: AuthorImportOptions) {
  const { db, dryRun, tally, counts } = options;
  const now = options.now ?? (() => new Date());
  // Our slug → the name the authors table has for them (a post's byline), for the whole run.
  const known = new Map<string, string>();
  // Authors already taken by a person of this run: another person of the same name is someone else.
  const claimed = new Set<number>();
  const columns = ['id', 'slug', 'name', 'bio', 'links_json', 'photo_media_id'] as const;

  async function find(person: SourcePerson): Promise<Row | undefined> {
    const bySlug = await db.selectFrom('authors').select(columns).where('slug', '=', person.slug).executeTakeFirst();
    if (bySlug) return bySlug;
    // The address they had here before an author was renamed or merged (the redirect it left).
    const moved = await db.selectFrom('redirects').select('to_path').where('from_path', '=', `/author/${person.slug}`).executeTakeFirst();
    const target = moved ? /^\/author\/([^/]+)$/.exec(moved.to_path)?.[1] : undefined;
    const byOldSlug = target === undefined ? undefined : await db.selectFrom('authors').select(columns).where('slug', '=', target).executeTakeFirst();
    if (byOldSlug) return byOldSlug;
    return db
      .selectFrom('authors')
      .select(columns)
      .where('name', '=', person.name)
      .$if(claimed.size > 0, (q) => q.where('id', 'not in', [...claimed]))
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
  }

  async function bring(person: SourcePerson): Promise<string> {
    const at = now();
    const stamp = at.toISOString();
    const row = await find(person);
    const links = JSON.stringify(person.links);
    let author: { id: number | null; slug: string; name: string };
    if (!row) {
      if (await db.selectFrom('authors').select('id').where('name', '=', person.name).executeTakeFirst()) sharedName();
      const photo = person.photo ? await options.photo(person) : null;
      counts.created++;
      author = { id: null, slug: person.slug, name: person.name };
      if (!dryRun) {
        author.id = await db.transaction().execute(async (trx) => {
          const { id } = await trx
            .insertInto('authors')
            .values({ slug: person.slug, name: person.name, bio: person.bio, links_json: links, photo_media_id: photo, created_at: stamp, updated_at: stamp })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (person.oldPath && (await keepOldAddress(trx, person.oldPath, `/author/${person.slug}`, { dryRun, now: at }))) options.redirected();
          return id;
        });
      } else if (person.oldPath && (await keepOldAddress(db, person.oldPath, `/author/${person.slug}`, { dryRun, now: at }))) options.redirected();
    } else {
      if (await db.selectFrom('authors').select('id').where('name', '=', row.name).where('id', '<', row.id).executeTakeFirst()) sharedName();
      const fill: { bio?: string; links_json?: string; photo_media_id?: number } = {};
      if (row.bio.trim() === '' && person.bio !== '') fill.bio = person.bio;
      if (isEmptyList(row.links_json) && person.links.length > 0) fill.links_json = links;
      if (row.photo_media_id === null && person.photo) {
        const photo = await options.photo(person);
        if (photo !== null) fill.photo_media_id = photo;
      }
      const filling = Object.keys(fill).length > 0;
      counts[filling ? 'updated' : 'unchanged']++;
      author = row;
      // A transaction is a Kysely handle too: the same writes, in one when they are real.
      const write = async (trx: Kysely<Database>) => {
        if (filling && !dryRun) await trx.updateTable('authors').set({ ...fill, updated_at: stamp }).where('id', '=', row.id).execute();
        if (person.oldPath && (await keepOldAddress(trx, person.oldPath, `/author/${row.slug}`, { dryRun, now: at }))) options.redirected();
      };
      if (dryRun) await write(db);
      else await db.transaction().execute(write);
    }
    if (author.id !== null) claimed.add(author.id);
    const pieces = bylineNames(author.name);
    if (pieces.length !== 1 || pieces[0]!.name !== author.name) tally('notes', 'author whose name the byline rule splits (at a comma, "&" or "and"): their posts link to the pieces');
    return author.name;
  }

  function sharedName() {
    tally('notes', 'author whose name an earlier author has too: bylines link to the earlier one');
  }

  return {
    /** The byline names of a post's people, in order, each brought over the first time they are met. */
    async namesFor(people: SourcePerson[]): Promise<string[]> {
      const names: string[] = [];
      for (const person of people) {
        let name = known.get(person.slug);
        if (name === undefined) {
          name = await bring(person);
          known.set(person.slug, name);
        }
        names.push(name);
      }
      return names;
    },
  };
}

function isEmptyList(json: string): boolean {
  try {
    const value: unknown = JSON.parse(json);
    return !Array.isArray(value) || value.length === 0;
  } catch {
    return true;
  }
}
