import type { Kysely } from 'kysely';
import { bylineNames } from '../bylines';
import type { Capabilities } from '../database';
import type { Database } from '../schema';

/**
 * Authors as people: an `authors` row per person (their page is /author/:slug) and the ordered
 * link of an article to its authors. Like article_tags (migration 007), `article_authors` carries
 * its article's status and published_at so that an author's listing is one range of its own
 * index in (published_at, id) order. Every existing plain byline becomes its authors here; the
 * byline text stays on the article as what was typed.
 */
export async function up(untyped: Kysely<unknown>, caps: Capabilities): Promise<void> {
  const db = untyped as unknown as Kysely<Database>;
  await db.schema
    .createTable('authors')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('photo_media_id', 'integer', (c) => c.references('media.id'))
    // A JSON array of {label, url}: a handful per person, never queried by content.
    .addColumn('links_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('article_authors')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_id'])
    .execute();
  await db.schema.createIndex('article_authors_timeline').on('article_authors').columns(['author_id', 'status', 'published_at', 'article_id']).execute();

  const now = new Date().toISOString();
  const ids = new Map<string, number>();
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('articles').select(['id', 'author', 'status', 'published_at']).where('id', '>', after).where('author', '!=', '').orderBy('id').limit(500).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const links = [];
      for (const [position, person] of bylineNames(row.author).entries()) {
        let id = ids.get(person.slug);
        if (id === undefined) {
          // The first spelling met names the person; later ones with the same slug are the same person.
          id = (await db.insertInto('authors').values({ slug: person.slug, name: person.name, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id;
          ids.set(person.slug, id);
        }
        links.push({ article_id: row.id, author_id: id, position, status: row.status, published_at: row.published_at });
      }
      if (links.length > 0) await db.insertInto('article_authors').values(links).execute();
    }
    after = rows[rows.length - 1]!.id;
  }
}
