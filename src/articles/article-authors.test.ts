import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articleInput } from '../../test/support/articles';
import { forEachEngine } from '../../test/support/engines';
import { parseArticleFile } from './import/parse-article';
import { articlesRepository } from './repository';

test('front matter takes author as a name or authors as a list, not both', () => {
  const md = (front: string) => parseArticleFile('a.md', `---\ntitle: T\ndate: 2026-01-01\n${front}\n---\nBody.`, 'UTC')[0]!.author;
  assert.equal(md('author: Anna Kovacs'), 'Anna Kovacs');
  assert.equal(md('authors: [Anna Kovacs, Ben Ito]'), 'Anna Kovacs, Ben Ito');
  assert.equal(md('authors:\n  - Ben Ito\n  - Anna Kovacs'), 'Ben Ito, Anna Kovacs');
  assert.throws(() => md('author: A\nauthors: [B]'), { field: 'authors' });
  assert.throws(() => md('authors: [Tom and Jerry]'), { field: 'authors' });
  assert.throws(() => md('authors: 3'), { field: 'authors' });
});

forEachEngine('articles: authors follow the byline', (open) => {
  test('several authors in order, re-linked when the byline or the status changes', async () => {
    const database = await open();
    try {
      const articles = articlesRepository(database);
      const saved = await articles.save(articleInput({ slug: 'two-writers', author: 'Ben Ito and Anna Kovacs' }));
      assert.deepEqual(saved.article.authors, [{ slug: 'ben-ito', name: 'Ben Ito' }, { slug: 'anna-kovacs', name: 'Anna Kovacs' }]);
      const other = await articles.save(articleInput({ author: 'anna kovacs, Chloé Marr' }));
      // The same person (by slug) keeps the name first met.
      assert.deepEqual(other.article.authors, [{ slug: 'anna-kovacs', name: 'Anna Kovacs' }, { slug: 'chloe-marr', name: 'Chloé Marr' }]);
      const changed = await articles.save(articleInput({ slug: 'two-writers', author: 'Anna Kovacs', status: 'draft' }));
      assert.deepEqual(changed.article.authors, [{ slug: 'anna-kovacs', name: 'Anna Kovacs' }]);
      const links = await database.db.selectFrom('article_authors').select(['status']).where('article_id', '=', changed.article.id).execute();
      assert.deepEqual(links, [{ status: 'draft' }]);
      const none = await articles.save(articleInput({ author: '' }));
      assert.deepEqual(none.article.authors, []);
    } finally {
      await database.close();
    }
  });
});
