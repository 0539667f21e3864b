import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articleInput } from '../../../test/support/articles';
import { forEachEngine } from '../../../test/support/engines';
import { articlesRepository } from '../repository';
import { authorsService } from './authors-service';
import { respellByline } from './respell-bylines';

test('a byline is respelt piece by piece, its own separators kept and a repeated person left out', () => {
  const anna = (name: string) => name.toLowerCase() === 'anna kovacs';
  assert.equal(respellByline('Ben Ito and anna kovacs', anna, 'Anna Kovács'), 'Ben Ito and Anna Kovács');
  assert.equal(respellByline('Anna Kovacs; Ben Ito & Chloé Marr', anna, 'Anna K'), 'Anna K; Ben Ito & Chloé Marr');
  // Anna merged into Ben: named once, where the first of them was.
  assert.equal(respellByline('Anna Kovacs and Ben Ito', anna, 'Ben Ito'), 'Ben Ito');
  assert.equal(respellByline('Chloé Marr, Ben Ito, Anna Kovacs', anna, 'Ben Ito'), 'Chloé Marr, Ben Ito');
  assert.equal(respellByline('Ben Ito', anna, 'Anna K'), 'Ben Ito');
});

forEachEngine('articles: a byline finds its authors', (open) => {
  test('a name that differs only in case or spaces is the same person, in any script, even when their address is their own', async () => {
    const database = await open();
    try {
      const articles = articlesRepository(database);
      const first = await articles.save(articleInput({ author: 'Anna Kovacs, Фёдор Иванов' }));
      const [anna, fyodor] = first.article.authors;
      // Their addresses no longer follow from their names (changed in the admin, or an import's own).
      await database.db.updateTable('authors').set({ slug: 'akovacs' }).where('slug', '=', anna!.slug).execute();
      await database.db.updateTable('authors').set({ slug: 'fyodor' }).where('slug', '=', fyodor!.slug).execute();
      const second = await articles.save(articleInput({ author: 'anna   KOVACS and фёдор иванов' }));
      assert.deepEqual(second.article.authors, [
        { slug: 'akovacs', name: 'Anna Kovacs' },
        { slug: 'fyodor', name: 'Фёдор Иванов' },
      ]);
      const { n } = await database.db.selectFrom('authors').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(n), 2, 'nobody new was created');
    } finally {
      await database.close();
    }
  });

  test("an old spelling still names the person after a rename or a merge (through the redirect it left)", async () => {
    const database = await open();
    try {
      const articles = articlesRepository(database);
      const service = authorsService(database.db);
      const saved = await articles.save(articleInput({ slug: 'one', author: 'Anna Kovacs' }));
      const annaId = (await database.db.selectFrom('authors').select('id').where('slug', '=', 'anna-kovacs').executeTakeFirstOrThrow()).id;
      await service.update(Number(annaId), { name: 'Anna Kovács-Lind', slug: 'anna-lind' }, 'test');
      // The stored byline was respelt; a form opened before the change still says the old name.
      assert.equal((await articles.findById(saved.article.id))!.author, 'Anna Kovács-Lind');
      const old = await articles.save(articleInput({ slug: 'two', author: 'Anna Kovacs' }));
      assert.deepEqual(old.article.authors, [{ slug: 'anna-lind', name: 'Anna Kovács-Lind' }]);

      await articles.save(articleInput({ slug: 'three', author: 'Ben Ito' }));
      const ben = (await database.db.selectFrom('authors').select('id').where('slug', '=', 'ben-ito').executeTakeFirstOrThrow()).id;
      await service.merge(Number(ben), 'anna-lind', 'test');
      const again = await articles.save(articleInput({ slug: 'four', author: 'Ben Ito' }));
      assert.deepEqual(again.article.authors, [{ slug: 'anna-lind', name: 'Anna Kovács-Lind' }]);
    } finally {
      await database.close();
    }
  });
});
