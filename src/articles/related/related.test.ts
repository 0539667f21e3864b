import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { articleInput } from '../../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines';
import type { ArticleInput } from '../model';
import { articlesRepository, type ArticlesRepository } from '../repository';
import { relatedArticlesObserver } from './observer';
import { relatedReader, type RelatedReader } from './read';

const DAY = 86_400_000;
const start = Date.UTC(2026, 9, 1, 9);
const day = (n: number) => new Date(start + n * DAY);
const tag = (slug: string) => ({ slug, name: slug });
const rubric = (slug: string) => ({ slug, name: slug });

forEachEngine('related articles', (open) => {
  let database: TestDatabase;
  let repo: ArticlesRepository;
  let read: RelatedReader;
  const ids = new Map<string, number>();
  const now = new Date(start + 60 * DAY);

  async function save(slug: string, over: Partial<ArticleInput>) {
    const { article } = await repo.save(articleInput({ slug, standfirst: '', ...over }));
    ids.set(slug, article.id);
    return article;
  }
  const stored = async (slug: string) =>
    (await database.db.selectFrom('related_articles').select('related_id').where('article_id', '=', ids.get(slug)!).orderBy('position').execute()).map((r) => slugOf(Number(r.related_id)));
  const slugOf = (id: number) => [...ids].find(([, v]) => v === id)?.[0] ?? String(id);
  const shown = async (slug: string, exclude: number[] = []) => (await read(ids.get(slug)!, exclude, now)).map((l) => l.slug);

  before(async () => {
    database = await open();
    repo = articlesRepository(database, { observers: [relatedArticlesObserver(database.db)] });
    read = relatedReader(database.db);
    // Thirty articles a day apart in another rubric, all tagged "cars": unrelated to the target but for that common tag.
    for (let i = 0; i < 30; i++) await save(`filler-${i}`, { title: `Weather report number ${i}`, rubric: rubric('lifestyle'), tags: [tag('cars')], publishedAt: day(i) });
    await save('same-tag', { title: 'Factory output in October', rubric: rubric('lifestyle'), tags: [tag('kamaz'), tag('cars')], publishedAt: day(20) });
    await save('same-text', { title: 'A hydrogen truck prototype from Naberezhnye Chelny', rubric: rubric('lifestyle'), tags: [tag('cars')], publishedAt: day(21) });
    await save('same-rubric', { title: 'Quarterly results of a carmaker', rubric: rubric('industry'), tags: [], publishedAt: day(22) });
    await save('target', { title: 'KAMAZ shows its hydrogen truck prototype', rubric: rubric('industry'), tags: [tag('kamaz'), tag('cars')], publishedAt: day(31) });
  });
  after(() => database.close());

  test('articles sharing a rare tag, the headline words or the rubric rank above those sharing only a common tag', async () => {
    const list = await stored('target');
    assert.equal(list.length, 6, 'six are stored');
    assert.deepEqual(new Set(list.slice(0, 3)), new Set(['same-tag', 'same-text', 'same-rubric']), list.join(', '));
    assert.equal(list[0], 'same-tag', 'the rare shared tag counts most');
    assert.ok(list.slice(3).every((s) => s.startsWith('filler-')), 'the common tag alone only fills the rest, nearest first');
    assert.deepEqual(list.slice(3), ['filler-29', 'filler-28', 'filler-27']);
  });

  test('the page list drops the excluded neighbours and shows four', async () => {
    assert.deepEqual(await shown('target'), (await stored('target')).slice(0, 4));
    assert.deepEqual(await shown('target', [ids.get('same-text')!, ids.get('filler-29')!]), ['same-tag', 'same-rubric', 'filler-28', 'filler-27']);
  });

  test('a related article that became a draft, or is scheduled, is not shown (the list is not rewritten)', async () => {
    await save('later', { title: 'KAMAZ hydrogen truck prototype goes on sale', rubric: rubric('industry'), tags: [tag('kamaz'), tag('cars')], publishedAt: new Date(now.getTime() + DAY) });
    await save('target', { title: 'KAMAZ shows its hydrogen truck prototype', standfirst: 'Changed.', rubric: rubric('industry'), tags: [tag('kamaz'), tag('cars')], publishedAt: day(31) });
    assert.equal((await stored('target'))[0], 'later', 'stored: it will be shown once published');
    assert.ok(!(await shown('target')).includes('later'), 'scheduled: not shown before its time');
    const tomorrow = new Date(now.getTime() + 2 * DAY);
    assert.equal((await read(ids.get('target')!, [], tomorrow))[0]?.slug, 'later', 'shown once its time has come');

    await save('same-tag', { title: 'Factory output in October', rubric: rubric('lifestyle'), tags: [tag('kamaz'), tag('cars')], publishedAt: day(20), status: 'draft' });
    assert.ok((await stored('target')).includes('same-tag'), 'the target list is not rewritten when another article changes');
    assert.ok(!(await shown('target')).includes('same-tag'), 'a draft is skipped when read');
    assert.equal((await shown('target')).length, 4, 'the next ones move up');
  });

  test('saving an article computes its list anew; a draft is never a candidate', async () => {
    await save('target', { title: 'Weather report for the weekend', rubric: rubric('lifestyle'), tags: [tag('weather')], publishedAt: day(31) });
    const list = await stored('target');
    assert.ok(!list.includes('same-tag') && !list.includes('same-rubric'), list.join(', '));
    assert.ok(list.length > 0 && list.every((s) => s.startsWith('filler-') || s === 'same-text'), list.join(', '));
    const terms = await database.db.selectFrom('related_terms').select('terms').where('article_id', '=', ids.get('target')!).executeTakeFirstOrThrow();
    assert.equal(terms.terms, 'weather report weekend');
  });

  test('an article with neither tags nor rubric, or alone in them, has an empty list', async () => {
    await save('alone', { title: 'Something else entirely', rubric: null, tags: [tag('unique-tag')], publishedAt: day(40) });
    assert.deepEqual(await stored('alone'), []);
    assert.deepEqual(await shown('alone'), []);
  });
});
