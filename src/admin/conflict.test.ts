import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Change } from 'diff';
import type { Snapshot } from '../articles/revisions';
import { formFromArticle, type ArticleForm } from './article-form';
import { conflictDiff } from './conflict';
import { bodyImages, countWords, prePublishChecklist, readingMinutes, searchTitleLength } from './editor-aids';

const ZONE = 'Europe/Moscow';

const base: Snapshot = {
  slug: 'vesta-test',
  title: 'Lada Vesta road test',
  standfirst: 'We drove the updated sedan for a week.',
  bodyMd: 'First paragraph about the engine.\n\nSecond paragraph about the price.\n\nThird paragraph about the boot.',
  author: 'Anna Writer',
  rubric: { slug: 'tests', name: 'Tests' },
  tags: [{ slug: 'lada', name: 'Lada' }],
  hero: { mediaId: 12, alt: 'A grey sedan', credit: null },
  status: 'draft',
  publishedAt: '2026-12-01T09:00:00.000Z',
};

/** The form as the editor showed it at `base` (revision 3), then typed over. */
function formOf(s: Snapshot, overrides: Partial<ArticleForm> = {}): ArticleForm {
  return { ...formFromArticle(s, ZONE), revision: '3', ...overrides };
}

const text = (changes: Change[] | null, kind: 'added' | 'removed') => (changes ?? []).filter((c) => c[kind]).map((c) => c.value).join('');

test('the conflict diff shows what the other person changed beside this person’s text, field by field', () => {
  const theirs: Snapshot = { ...base, bodyMd: base.bodyMd.replace('Second paragraph about the price.', 'Second paragraph: it now costs 1.9 million.'), tags: [...base.tags, { slug: 'sedans', name: 'Sedans' }] };
  const mine = formOf(base, { title: 'Lada Vesta: a week at the wheel' });
  const fields = conflictDiff(base, theirs, mine, ZONE);
  assert.deepEqual(fields.map((f) => f.field), ['title', 'bodyMd', 'tags'], 'in the form’s order; untouched fields left out');

  const body = fields.find((f) => f.field === 'bodyMd')!;
  assert.equal(body.changedByThem, true);
  assert.equal(body.changedByMe, false);
  assert.equal(text(body.theirChange, 'removed'), 'Second paragraph about the price.\n', 'a line diff: the one line they replaced');
  assert.equal(text(body.theirChange, 'added'), 'Second paragraph: it now costs 1.9 million.\n');
  assert.equal(body.mine, base.bodyMd, 'this person’s text of the field, to merge into');
  assert.deepEqual(body.theirFormValues, { bodyMd: theirs.bodyMd });

  const title = fields.find((f) => f.field === 'title')!;
  assert.equal(title.changedByThem, false);
  assert.equal(title.changedByMe, true);
  assert.equal(title.theirChange, null);
  assert.match(text(title.myChange, 'added'), /wheel/);
  assert.match(text(title.myChange, 'removed'), /road/);

  const tags = fields.find((f) => f.field === 'tags')!;
  assert.equal(tags.theirs, 'Lada, Sedans');
  assert.equal(tags.mine, 'Lada');
});

test('a field both changed is marked as such; equal texts as the editor saves them are not a change', () => {
  const theirs: Snapshot = { ...base, standfirst: 'We drove it for a fortnight.', hero: { url: 'https://example.com/vesta.jpg', alt: 'A grey sedan', credit: null } };
  // A rubric typed by its name is the same rubric; trailing blank lines of the body are dropped at save.
  const mine = formOf(base, { standfirst: 'We drove the sedan for ten days.', rubric: 'Tests', bodyMd: `${base.bodyMd}\n\n` });
  const fields = conflictDiff(base, theirs, mine, ZONE);
  assert.deepEqual(fields.map((f) => f.field), ['standfirst', 'heroImage']);
  const standfirst = fields[0]!;
  assert.equal(standfirst.changedByThem && standfirst.changedByMe, true);
  const hero = fields[1]!;
  assert.equal(hero.theirs, 'https://example.com/vesta.jpg');
  assert.equal(hero.mine, '#12');
  assert.deepEqual(hero.theirFormValues, { heroMedia: '', heroUrl: 'https://example.com/vesta.jpg' }, 'their image goes into the form’s two image fields');
});

test('without the revision this person started from, every field where the texts differ is shown whole', () => {
  const theirs: Snapshot = { ...base, title: 'Their title' };
  const fields = conflictDiff(null, theirs, formOf(base, { author: 'Boris Editor' }), ZONE);
  assert.deepEqual(fields.map((f) => f.field), ['title', 'author']);
  for (const f of fields) {
    assert.equal(f.base, null);
    assert.equal(f.theirChange, null);
    assert.equal(f.myChange, null);
  }
});

test('a publication time is compared in the site’s zone, as the form shows it', () => {
  const theirs: Snapshot = { ...base, publishedAt: '2026-12-02T07:30:00.000Z' };
  const [field] = conflictDiff(base, theirs, formOf(base), ZONE);
  assert.equal(field!.field, 'publishAt');
  assert.equal(field!.theirs, '2026-12-02T10:30');
  assert.equal(field!.base, '2026-12-01T12:00');
});

test('writing aids: words, reading time, the search title’s length, images without alt text, the checklist', () => {
  assert.equal(countWords('The 1.6-litre engine [is new](https://example.com/a-b-c) — ![A car](/x.jpg) really.'), 7);
  assert.equal(countWords('Новая «Лада» — уже в продаже'), 5);
  assert.equal(countWords(''), 0);
  assert.equal(readingMinutes(0), 0);
  assert.equal(readingMinutes(1), 1);
  assert.equal(readingMinutes(200), 1);
  assert.equal(readingMinutes(201), 2);
  assert.equal(searchTitleLength('Лада', 'Paddock'), 'Лада — Paddock'.length);
  assert.deepEqual(bodyImages('![](/a.jpg) text ![ ](/b.jpg) ![Described](/c.jpg)'), { total: 3, withoutAlt: 2 });

  const none = { heroMedia: '', heroUrl: '', heroAlt: '', bodyMd: 'Text.', rubric: '', standfirst: '' };
  assert.deepEqual(
    prePublishChecklist(none).map((c) => [c.item, c.ok]),
    [['heroAlt', true], ['bodyAlt', true], ['rubric', false], ['standfirst', false]],
    'no main image is nothing to describe',
  );
  const library = prePublishChecklist({ ...none, heroMedia: '12', libraryAlt: 'A grey sedan', rubric: 'news', standfirst: 'Yes.', bodyMd: '![](/x.jpg)' });
  assert.deepEqual(library.map((c) => c.ok), [true, false, true, true], 'the library’s alt text counts for an empty field');
  assert.deepEqual(library[1], { item: 'bodyAlt', ok: false, missing: 1 });
  assert.equal(prePublishChecklist({ ...none, heroUrl: 'https://example.com/a.jpg' })[0]!.ok, false);
});
