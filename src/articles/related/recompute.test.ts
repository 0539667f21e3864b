import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articleInput } from '../../../test/support/articles';
import { forEachEngine } from '../../../test/support/engines';
import { articlesRepository } from '../repository';
import { recomputeRelated } from './recompute';

const DAY = 86_400_000;

forEachEngine('related --recompute', (open) => {
  test('articles stored without lists (before migration 016, or newest first) get the lists a save in order would give', async () => {
    const database = await open();
    try {
      const plain = articlesRepository(database);
      const inputs = Array.from({ length: 12 }, (_, i) =>
        articleInput({ slug: `r-${i}`, title: `Truck story ${i}`, tags: [{ slug: i % 2 ? 'odd' : 'even', name: 'x' }], publishedAt: new Date(Date.UTC(2026, 0, 1) + i * DAY) }),
      );
      // Newest first and without the observer: nothing is stored.
      for (const input of [...inputs].reverse()) await plain.save(input);
      assert.equal((await database.db.selectFrom('related_articles').selectAll().execute()).length, 0);

      const totals = await recomputeRelated(database);
      assert.deepEqual(totals, { articles: 12, withRelated: 12 });
      const lists = async () => (await database.db.selectFrom('related_articles').select(['article_id', 'position', 'related_id']).orderBy('article_id').orderBy('position').execute()).map((r) => `${r.article_id}:${r.position}:${r.related_id}`);
      const recomputed = await lists();

      const slugs = async (slug: string) => {
        const { id } = await database.db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
        const rows = await database.db.selectFrom('related_articles as ra').innerJoin('articles as a', 'a.id', 'ra.related_id').select('a.slug').where('ra.article_id', '=', id).orderBy('ra.position').execute();
        return rows.map((r) => r.slug);
      };
      // Each compared with all, older and newer alike: the same tag first, nearest in time first.
      assert.deepEqual((await slugs('r-6')).slice(0, 4), ['r-8', 'r-4', 'r-10', 'r-2']);
      await recomputeRelated(database);
      assert.deepEqual(await lists(), recomputed, 'recomputing again changes nothing');
    } finally {
      await database.close();
    }
  });
});
