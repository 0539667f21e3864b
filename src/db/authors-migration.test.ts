import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { forEachEngine } from '../../test/support/engines';
import { bylineNames } from './bylines';
import { migrate } from './migrate';

test('a byline names its people in order, split at commas, "&" and "and", once each', () => {
  assert.deepEqual(
    bylineNames('Anna Kovacs, Ben Ito and  Chloé Marr & anna kovacs').map((p) => [p.name, p.slug]),
    [['Anna Kovacs', 'anna-kovacs'], ['Ben Ito', 'ben-ito'], ['Chloé Marr', 'chloe-marr']],
  );
  assert.deepEqual(bylineNames('  , '), []);
  // "and" only as a word: a name containing the letters keeps them.
  assert.deepEqual(bylineNames('Alexandra Sand').map((p) => p.name), ['Alexandra Sand']);
});

forEachEngine('migrations 012 and 013: existing bylines become authors, copied onto their articles', (open) => {
  test('each distinct person of the plain bylines is one author, linked to their articles in order', async () => {
    const database = await open();
    const { db } = database;
    try {
      // Back to before 012: the tables and the copy gone and the migrations not yet run, with articles written by 011's schema.
      await db.schema.alterTable('articles').dropColumn('authors_json').execute();
      await db.schema.dropTable('article_authors').execute();
      await db.schema.dropTable('authors').execute();
      // The later ones are marked not run too (the migrator allows no gap) but are not run again below.
      await sql`delete from kysely_migration where name >= '012'`.execute(db);
      const at = '2026-01-02T10:00:00.000Z';
      const row = (slug: string, author: string, status: 'draft' | 'published' = 'published') => ({
        slug, title: slug, standfirst: '', author, status, published_at: at, created_at: at, updated_at: at, revision: 1, summary_edited: 0,
      });
      const ids: number[] = [];
      for (const r of [row('one', 'Anna Kovacs'), row('two', 'Ben Ito and Anna Kovacs', 'draft'), row('three', ''), row('four', 'anna kovacs')]) {
        ids.push((await db.insertInto('articles').values(r).returning('id').executeTakeFirstOrThrow()).id);
      }
      assert.deepEqual(await migrate(database, '013-byline-copies'), ['012-authors', '013-byline-copies']);
      const authors = await db.selectFrom('authors').select(['id', 'slug', 'name', 'bio', 'links_json']).orderBy('slug').execute();
      assert.deepEqual(authors.map((a) => [a.slug, a.name, a.bio, a.links_json]), [['anna-kovacs', 'Anna Kovacs', '', '[]'], ['ben-ito', 'Ben Ito', '', '[]']]);
      const slugOf = new Map(authors.map((a) => [a.id, a.slug]));
      const links = await db.selectFrom('article_authors').selectAll().orderBy('article_id').orderBy('position').execute();
      assert.deepEqual(
        links.map((l) => [ids.indexOf(l.article_id), slugOf.get(l.author_id), l.position, l.status, l.published_at]),
        [[0, 'anna-kovacs', 0, 'published', at], [1, 'ben-ito', 0, 'draft', at], [1, 'anna-kovacs', 1, 'draft', at], [3, 'anna-kovacs', 0, 'published', at]],
      );
      // 013: each article's copy of its bylines, in order; none for the article without a byline.
      const copies = await db.selectFrom('articles').select(['id', 'authors_json']).where('id', 'in', ids).orderBy('id').execute();
      const anna = { slug: 'anna-kovacs', name: 'Anna Kovacs' };
      assert.deepEqual(
        copies.map((c) => JSON.parse(c.authors_json)),
        [[anna], [{ slug: 'ben-ito', name: 'Ben Ito' }, anna], [], [anna]],
      );
    } finally {
      await database.close();
    }
  });
});
