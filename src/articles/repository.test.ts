import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { articlesRepository, type ArticlesRepository } from './repository';

forEachEngine('articles repository', (open) => {
  let database: TestDatabase;
  let repo: ArticlesRepository;
  before(async () => {
    database = await open();
    repo = articlesRepository(database);
  });
  after(() => database.close());

  test('saving renders the body, stores a summary and keeps a revision; saving the same again changes nothing', async () => {
    const input = articleInput({ slug: 'repo-save', bodyMd: 'First sentence here. Second <b>one</b>.\n\nThird paragraph.' });
    const first = await repo.save(input);
    assert.equal(first.created, true);
    assert.equal(first.article.revision, 1);
    assert.match(first.article.bodyHtml, /<span class="s" data-s="0" id="s-0">First sentence here\.<\/span>/);
    assert.match(first.article.bodyHtml, /Second <\/span><strong><span class="s" data-s="1">one<\/span><\/strong>/);
    assert.ok(first.article.summary && first.article.summary.points.length >= 1);
    for (const p of first.article.summary.points) assert.equal(first.article.plainText.slice(p.start, p.end), p.text);

    const again = await repo.save(input);
    assert.equal(again.changed, false);
    assert.equal(again.article.revision, 1);

    const edited = await repo.save({ ...input, title: 'New title', tags: [{ slug: 'kamaz', name: 'KAMAZ' }] });
    assert.equal(edited.article.revision, 2);
    assert.equal(edited.article.title, 'New title');
    assert.deepEqual(edited.article.tags, [{ slug: 'kamaz', name: 'KAMAZ' }]);
    const revisions = await database.db.selectFrom('article_revisions').select(['revision']).where('article_id', '=', edited.article.id).orderBy('revision').execute();
    assert.deepEqual(revisions.map((r) => r.revision), [1, 2]);
  });

  test('previous/next follow (published_at, id) so articles published at the same instant are all reachable', async () => {
    const at = new Date('2030-05-01T12:00:00Z');
    const early = await repo.save(articleInput({ slug: 'nb-early', publishedAt: new Date('2030-04-30T12:00:00Z') }));
    const a = await repo.save(articleInput({ slug: 'nb-a', publishedAt: at }));
    const b = await repo.save(articleInput({ slug: 'nb-b', publishedAt: at }));
    const c = await repo.save(articleInput({ slug: 'nb-c', publishedAt: at }));
    const late = await repo.save(articleInput({ slug: 'nb-late', publishedAt: new Date('2030-05-02T12:00:00Z') }));
    await repo.save(articleInput({ slug: 'nb-draft', status: 'draft', publishedAt: new Date('2030-05-01T18:00:00Z') }));
    const now = new Date('2030-06-01T00:00:00Z');

    // Walk forward from the earliest via "next": every same-instant article appears once, in id order.
    const seen: string[] = [];
    let cursor = early.article;
    for (;;) {
      const { next } = await repo.neighbours(cursor, now);
      if (!next) break;
      seen.push(next.slug);
      const loaded = await repo.findBySlug(next.slug);
      assert.ok(loaded);
      cursor = loaded;
    }
    assert.deepEqual(seen.slice(0, 4), ['nb-a', 'nb-b', 'nb-c', 'nb-late']);
    assert.ok(!seen.includes('nb-draft'), 'drafts are never neighbours');

    const { previous, next } = await repo.neighbours(b.article, now);
    assert.equal(previous?.slug, a.article.slug);
    assert.equal(next?.slug, c.article.slug);
    assert.equal((await repo.neighbours(late.article, now)).previous?.slug, 'nb-c');
  });

  test('a future date is scheduled: invisible in listings until its time comes', async () => {
    await repo.save(articleInput({ slug: 'sched-future', publishedAt: new Date('2031-01-01T00:00:00Z') }));
    const before = await repo.latest(100, new Date('2030-12-31T23:59:59Z'));
    assert.ok(!before.some((i) => i.slug === 'sched-future'));
    const afterwards = await repo.latest(100, new Date('2031-01-01T00:00:00Z'));
    assert.equal(afterwards[0]?.slug, 'sched-future');
    assert.equal(await repo.nextScheduled(new Date('2030-12-31T00:00:00Z')), '2031-01-01T00:00:00.000Z');
  });

  test('listings filter by rubric and tag; a tag listing follows its articles\' status and date', async () => {
    await repo.save(articleInput({ slug: 'f-1', rubric: { slug: 'electric-cars', name: 'electric-cars' }, tags: [{ slug: 'ev', name: 'ev' }] }));
    await repo.save(articleInput({ slug: 'f-2', rubric: { slug: 'electric-cars', name: 'electric-cars' }, tags: [] }));
    const now = new Date('2040-01-01T00:00:00Z');
    const byRubric = await repo.listVisible({ pageSize: 1, rubric: 'electric-cars', now });
    assert.equal(byRubric?.items.length, 1);
    assert.ok(byRubric?.older, 'a second article is further on');
    const byTag = await repo.listVisible({ pageSize: 10, tag: 'ev', now });
    assert.deepEqual(byTag?.items.map((i) => i.slug), ['f-1']);
    await repo.save(articleInput({ slug: 'f-1', rubric: { slug: 'electric-cars', name: 'electric-cars' }, tags: [{ slug: 'ev', name: 'ev' }], status: 'draft' }));
    assert.deepEqual((await repo.listVisible({ pageSize: 10, tag: 'ev', now }))?.items, [], 'unpublished: gone from its tag');
  });

  test('keyset pages walk the whole archive forward and back without skipping or repeating, twins included', async () => {
    const now = new Date('2050-01-01T00:00:00Z');
    const tag = { slug: 'walk', name: 'walk' };
    const rubric = { slug: 'walk-rubric', name: 'walk' };
    // 23 articles, runs of them at one instant, saved out of date order so ids and dates disagree.
    const instants = [5, 5, 5, 1, 2, 2, 9, 9, 9, 9, 3, 7, 7, 4, 8, 6, 6, 6, 6, 6, 0, 0, 10];
    for (const [i, day] of instants.entries()) {
      await repo.save(articleInput({ slug: `walk-${i}`, tags: [tag], rubric, publishedAt: new Date(Date.UTC(2045, 0, 1 + day, 12)) }));
    }
    await repo.save(articleInput({ slug: 'walk-draft', tags: [tag], rubric, status: 'draft', publishedAt: new Date(Date.UTC(2045, 0, 3, 12)) }));
    const expected = (await Promise.all(instants.map((_, i) => repo.findBySlug(`walk-${i}`))))
      .map((a) => a!)
      .sort((a, b) => (a.publishedAt === b.publishedAt ? b.id - a.id : a.publishedAt < b.publishedAt ? 1 : -1))
      .map((a) => a.slug);
    for (const kind of [{ tag: 'walk' }, { rubric: 'walk-rubric' }]) {
      const pages: string[][] = [];
      let page = await repo.listVisible({ ...kind, pageSize: 4, now });
      for (;;) {
        pages.push(page!.items.map((i) => i.slug));
        if (!page!.older) break;
        page = await repo.listVisible({ ...kind, pageSize: 4, now, before: page!.older });
      }
      assert.deepEqual(pages.flat(), expected, `forward, ${JSON.stringify(kind)}`);
      // And back: from the last page through "newer" links to the first.
      const backwards: string[][] = [pages[pages.length - 1]!];
      let cursor = page!.newer;
      while (cursor) {
        const newer = await repo.listVisible({ ...kind, pageSize: 4, now, after: cursor });
        if (!newer) {
          backwards.push((await repo.listVisible({ ...kind, pageSize: 4, now }))!.items.map((i) => i.slug));
          break;
        }
        backwards.push(newer.items.map((i) => i.slug));
        cursor = newer.newer;
      }
      assert.deepEqual(backwards.reverse(), pages, `back, page for page, newest first, ${JSON.stringify(kind)}`);
      // A numbered page starts where the keyset walk puts it.
      const start = await repo.positionOfPage({ ...kind, pageSize: 4, now }, 3);
      assert.deepEqual((await repo.listVisible({ ...kind, pageSize: 4, now, before: start! }))!.items.map((i) => i.slug), pages[2]);
      assert.equal(await repo.positionOfPage({ ...kind, pageSize: 4, now }, 99), null);
    }
  });

  test('saveMany is all or nothing', async () => {
    const good = articleInput({ slug: 'many-good' });
    const bad = articleInput({ slug: 'many-bad', rubric: { slug: 'x'.repeat(10), name: 'x' } });
    // A check constraint violation in the second article rolls back the first.
    await assert.rejects(repo.saveMany([good, { ...bad, status: 'bogus' as 'draft' }]));
    assert.equal(await repo.findBySlug('many-good'), null);
  });
});
