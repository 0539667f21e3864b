import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AuthorsTable, Database } from '../../db/schema';
import { parseLinks, type AuthorLink } from './author-links';

type Db = Kysely<Database> | Transaction<Database>;

/** A person who writes for the site, as the admin edits them. */
export interface Author {
  id: number;
  slug: string;
  name: string;
  bio: string;
  photoMediaId: number | null;
  links: AuthorLink[];
  createdAt: string;
  updatedAt: string;
}

/** A row of the admin's list: the person and how many articles (any status) name them. */
export interface AuthorListItem {
  id: number;
  slug: string;
  name: string;
  articles: number;
}

export const toAuthor = (row: Selectable<AuthorsTable>): Author => ({
  id: Number(row.id),
  slug: row.slug,
  name: row.name,
  bio: row.bio,
  photoMediaId: row.photo_media_id === null ? null : Number(row.photo_media_id),
  links: parseLinks(row.links_json),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Reads of the authors table for the admin (the public page reads through articles/repository.ts). */
export function authorsRepository(db: Kysely<Database>) {
  return {
    async findById(id: number, trx: Db = db): Promise<Author | null> {
      const row = await trx.selectFrom('authors').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toAuthor(row) : null;
    },

    async findBySlug(slug: string, trx: Db = db): Promise<Author | null> {
      const row = await trx.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
      return row ? toAuthor(row) : null;
    },

    /** A page of authors by name, each with their article count (one grouped read of the link table's index for the page). */
    async list(options: { page: number; pageSize: number }, trx: Db = db): Promise<{ items: AuthorListItem[]; total: number }> {
      const rows = await trx
        .selectFrom('authors')
        .select(['id', 'slug', 'name'])
        .orderBy('name')
        .orderBy('id')
        .limit(options.pageSize)
        .offset((options.page - 1) * options.pageSize)
        .execute();
      const counts = await articleCounts(trx, rows.map((r) => Number(r.id)));
      const { n } = await trx.selectFrom('authors').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return { items: rows.map((r) => ({ id: Number(r.id), slug: r.slug, name: r.name, articles: counts.get(Number(r.id)) ?? 0 })), total: Number(n) };
    },

    articleCount: async (id: number, trx: Db = db): Promise<number> => (await articleCounts(trx, [id])).get(id) ?? 0,

    /** Names and addresses for the editor's and the merge form's suggestions, by name; capped. */
    async names(limit = 1000, trx: Db = db): Promise<Array<{ slug: string; name: string }>> {
      return trx.selectFrom('authors').select(['slug', 'name']).orderBy('name').orderBy('id').limit(limit).execute();
    },
  };
}

export type AuthorsRepository = ReturnType<typeof authorsRepository>;

export async function articleCounts(trx: Db, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('article_authors')
    .select(['author_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('author_id', 'in', ids)
    .groupBy('author_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.author_id), Number(r.n)]));
}
