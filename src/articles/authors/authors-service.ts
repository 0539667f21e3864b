import type { Kysely, Transaction } from 'kysely';
import { audit } from '../../audit/audit';
import { articlesOfAuthor, bylineNames, copyBylines } from '../../db/bylines';
import { bumpContentVersion } from '../../db/content-version';
import type { Database } from '../../db/schema';
import { Refusal } from '../../errors';
import { storeRedirect } from '../redirects/repository';
import { checkLinks, type AuthorLink } from './author-links';
import { articleCounts, toAuthor, type Author } from './authors-repository';
import { respellBylines } from './respell-bylines';

export const AUTHOR_LIMITS = { name: 120, slug: 120, bio: 5000, photo: 80 } as const;

/** An author as typed in the admin's form (or given to a command): texts, checked here. */
export interface AuthorInput {
  name: string;
  /** Empty: made from the name by the byline rule. */
  slug?: string;
  bio?: string;
  /** A media library image: its number (`12`, `#12`) or its key; empty for none. */
  photo?: string;
  /** The form's rows, in order; empty rows are passed over. */
  links?: ReadonlyArray<{ label: string; url: string }>;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const pagePath = (slug: string) => `/author/${slug}`;
/** The author's page and feeds (RSS and JSON Feed): each old address redirects to the new one. */
const addresses = (slug: string) => [pagePath(slug), `/author/${slug}/feed.xml`, `/author/${slug}/feed.json`];

interface Checked {
  name: string;
  slug: string;
  bio: string;
  photoMediaId: number | null;
  links: AuthorLink[];
}

/**
 * The one place authors change, for the admin (and any command): add, update (a new address
 * leaves a redirect from the old one), delete (only someone no article names) and merge (one
 * person known under two entries). Each change is checked, stored, redirected and audited in one
 * transaction, and bumps the content version so that cached pages follow.
 */
export function authorsService(db: Kysely<Database>, now: () => Date = () => new Date()) {
  async function check(trx: Transaction<Database>, input: AuthorInput, self: number | null): Promise<Checked> {
    const name = input.name.replace(/\s+/gu, ' ').trim();
    if (name === '') throw new Refusal('field_required', { field: 'name' }, 'name');
    if (name.length > AUTHOR_LIMITS.name) throw new Refusal('field_too_long', { field: 'name', limit: AUTHOR_LIMITS.name }, 'name');
    // The name is what editors type in bylines: the byline rule must read it back as this one person.
    const read = bylineNames(name);
    if (read.length !== 1 || read[0]!.name !== name) throw new Refusal('author_name', { name }, 'name');

    const slug = (input.slug ?? '').trim() || read[0]!.slug;
    if (!SLUG.test(slug) || slug.length > AUTHOR_LIMITS.slug) throw new Refusal('author_slug', { slug: slug.slice(0, 130) }, 'slug');

    const sameName = await trx
      .selectFrom('authors')
      .select(['id', 'slug'])
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .$if(self !== null, (q) => q.where('id', '!=', self!))
      .orderBy('id')
      .executeTakeFirst();
    if (sameName) throw new Refusal('author_name_taken', { name, slug: sameName.slug }, 'name');
    const sameSlug = await trx.selectFrom('authors').select('id').where('slug', '=', slug).$if(self !== null, (q) => q.where('id', '!=', self!)).executeTakeFirst();
    if (sameSlug) throw new Refusal('author_slug_taken', { slug }, 'slug');

    const bio = (input.bio ?? '').replace(/\r\n?/g, '\n').trim();
    if (bio.length > AUTHOR_LIMITS.bio) throw new Refusal('field_too_long', { field: 'bio', limit: AUTHOR_LIMITS.bio }, 'bio');
    return { name, slug, bio, photoMediaId: await photoId(trx, (input.photo ?? '').trim()), links: checkLinks(input.links ?? []) };
  }

  /** An address that becomes an author's page is theirs: a redirect left there by an earlier change goes. */
  async function claim(trx: Transaction<Database>, slug: string) {
    await trx.deleteFrom('redirects').where('from_path', 'in', addresses(slug)).execute();
  }

  async function load(trx: Transaction<Database>, id: number): Promise<Author> {
    const row = await trx.selectFrom('authors').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new Refusal('no_author');
    return toAuthor(row);
  }

  return {
    async add(input: AuthorInput, actor: string): Promise<Author> {
      return unique(() =>
        db.transaction().execute(async (trx) => {
          const c = await check(trx, input, null);
          const at = now();
          const stamp = at.toISOString();
          await claim(trx, c.slug);
          const { id } = await trx
            .insertInto('authors')
            .values({ slug: c.slug, name: c.name, bio: c.bio, photo_media_id: c.photoMediaId, links_json: JSON.stringify(c.links), created_at: stamp, updated_at: stamp })
            .returning('id')
            .executeTakeFirstOrThrow();
          await audit(trx, { actor, action: 'author.add', target: `author:${c.slug}`, details: { name: c.name } }, at);
          await bumpContentVersion(trx);
          return load(trx, Number(id));
        }),
      );
    },

    /**
     * A new name respells the bylines that name the person; a new address leaves 301s from the
     * old page and feed (chains collapsed, so older addresses follow too).
     */
    async update(id: number, input: AuthorInput, actor: string): Promise<Author> {
      return unique(() =>
        db.transaction().execute(async (trx) => {
          const before = await load(trx, id);
          const c = await check(trx, input, id);
          const changed = (['name', 'slug', 'bio', 'photoMediaId', 'links'] as const).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(c[k]));
          if (changed.length === 0) return before;
          const at = now();
          let bylines = 0;
          if (c.name !== before.name) bylines = await respellBylines(trx, id, c.name);
          if (c.slug !== before.slug) {
            await claim(trx, c.slug);
            await moveAddresses(trx, before.slug, c.slug, actor, at);
          }
          await trx
            .updateTable('authors')
            .set({ slug: c.slug, name: c.name, bio: c.bio, photo_media_id: c.photoMediaId, links_json: JSON.stringify(c.links), updated_at: at.toISOString() })
            .where('id', '=', id)
            .execute();
          if (c.name !== before.name || c.slug !== before.slug) await copyBylines(trx, await articlesOfAuthor(trx, id));
          const details = { changed, ...(c.slug !== before.slug ? { previousSlug: before.slug } : {}), ...(c.name !== before.name ? { previousName: before.name, bylines } : {}) };
          await audit(trx, { actor, action: 'author.update', target: `author:${c.slug}`, details }, at);
          await bumpContentVersion(trx);
          return load(trx, id);
        }),
      );
    },

    /** Only an author no article names: one who is named is merged into someone else instead. */
    async remove(id: number, actor: string): Promise<Author> {
      return db.transaction().execute(async (trx) => {
        const author = await load(trx, id);
        const count = (await articleCounts(trx, [id])).get(id) ?? 0;
        if (count > 0) throw new Refusal('author_in_use', { name: author.name, count });
        await trx.deleteFrom('authors').where('id', '=', id).execute();
        const at = now();
        await audit(trx, { actor, action: 'author.delete', target: `author:${author.slug}`, details: { name: author.name } }, at);
        await bumpContentVersion(trx);
        return author;
      });
    },

    /**
     * One person under two entries becomes the entry `intoSlug`: the other's articles are linked
     * to them in the same place of each byline (an article naming both names them once), those
     * bylines are respelt with their name, the other entry is deleted (bio, photo and links with
     * it) and its page and feed redirect to theirs.
     */
    async merge(id: number, intoSlug: string, actor: string): Promise<{ from: Author; into: Author; articles: number }> {
      return db.transaction().execute(async (trx) => {
        const from = await load(trx, id);
        const slug = intoSlug.trim().replace(/^\/?author\//, '');
        if (slug === '') throw new Refusal('field_required', { field: 'into' }, 'into');
        const row = await trx.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
        if (!row) throw new Refusal('author_unknown', { slug: slug.slice(0, 130) }, 'into');
        const into = toAuthor(row);
        if (into.id === from.id) throw new Refusal('author_merge_self', {}, 'into');

        await respellBylines(trx, from.id, into.name);
        const links = await trx.selectFrom('article_authors').select(['article_id', 'author_id', 'position']).where('author_id', 'in', [from.id, into.id]).execute();
        const intoPosition = new Map(links.filter((l) => Number(l.author_id) === into.id).map((l) => [Number(l.article_id), Number(l.position)]));
        const moved = links.filter((l) => Number(l.author_id) === from.id);
        for (const link of moved) {
          const articleId = Number(link.article_id);
          const theirs = intoPosition.get(articleId);
          if (theirs === undefined) continue;
          // Both are named: once, where the first of the two was.
          await trx.deleteFrom('article_authors').where('article_id', '=', articleId).where('author_id', '=', from.id).execute();
          if (Number(link.position) < theirs) await trx.updateTable('article_authors').set({ position: Number(link.position) }).where('article_id', '=', articleId).where('author_id', '=', into.id).execute();
        }
        await trx.updateTable('article_authors').set({ author_id: into.id }).where('author_id', '=', from.id).execute();
        await trx.deleteFrom('authors').where('id', '=', from.id).execute();
        await copyBylines(trx, await articlesOfAuthor(trx, into.id));

        const at = now();
        await claim(trx, into.slug);
        await moveAddresses(trx, from.slug, into.slug, actor, at);
        await audit(trx, { actor, action: 'author.merge', target: `author:${from.slug}`, details: { name: from.name, into: into.slug, articles: moved.length } }, at);
        await bumpContentVersion(trx);
        return { from, into, articles: moved.length };
      });
    },
  };
}

export type AuthorsService = ReturnType<typeof authorsService>;

/** The form's photo: a library image's number (`12`, `#12`) or key, which must exist; empty for none. */
/** 301s from each of an author's old addresses to the same address under their new slug. */
async function moveAddresses(trx: Transaction<Database>, from: string, to: string, actor: string, at: Date) {
  const [old, now] = [addresses(from), addresses(to)];
  for (const [i, path] of old.entries()) await storeRedirect(trx, path, now[i]!, { by: actor, now: at });
}

async function photoId(trx: Transaction<Database>, text: string): Promise<number | null> {
  if (text === '') return null;
  const number = /^#?(\d{1,9})$/.exec(text)?.[1];
  const key = /^[0-9a-f]{64}$/i.test(text) ? text.toLowerCase() : null;
  const row =
    number !== undefined
      ? await trx.selectFrom('media').select('id').where('id', '=', Number(number)).executeTakeFirst()
      : key !== null
        ? await trx.selectFrom('media').select('id').where('key', '=', key).executeTakeFirst()
        : undefined;
  if (!row) throw new Refusal('media_unknown', { id: text.slice(0, 80) }, 'photo');
  return Number(row.id);
}

/**
 * Two admins taking one address or name at the same moment: the second transaction's insert
 * meets the unique index (or the check above, on retry) and is refused like any taken address.
 */
async function unique<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT_UNIQUE'))) return work();
    throw error;
  }
}
