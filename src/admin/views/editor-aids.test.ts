import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import type { Snapshot } from '../../articles/revisions';
import { emptyForm, type ArticleForm } from '../article-form';
import { conflictDiff } from '../conflict';
import type { PageContext } from '../context';
import { adminI18n, ADMIN_CATALOGUES } from '../i18n';
import { editingMessages } from '../i18n/editing';
import { ConflictView } from './conflict';
import { EditorAids, WorkingCopyBanner, type EditorConfig } from './editor-aids';

const ZONE = 'Europe/Moscow';
const ctxIn = (lang: 'en' | 'ru'): PageContext => ({ user: null, csrf: 'token', siteName: 'Paddock', zone: ZONE, i18n: adminI18n(lang, ZONE) });

function configOf(html: string): EditorConfig {
  const json = /<script type="application\/json" id="editor-config">([\s\S]*?)<\/script>/.exec(html)?.[1];
  assert.ok(json, 'the page carries the script’s configuration');
  return JSON.parse(json) as EditorConfig;
}

test('the writing aids render their first values, and hand the script its texts in the person’s language', () => {
  const form: ArticleForm = { ...emptyForm('Anna'), title: 'Новая «Лада»', bodyMd: 'Первое предложение текста. ![](/a.jpg)\n\nВторое.', revision: '4' };
  const html = renderToString(EditorAids({ ctx: ctxIn('ru'), article: null, form }));
  assert.match(html, /4 слова, читать около 1 мин\./, 'the "few" form of Russian');
  assert.match(html, /У 1 иллюстрации в тексте нет альтернативного текста/);
  assert.match(html, /Лида нет/);
  assert.match(html, /<script src="\/admin\/static\/editor\.js" defer><\/script>/);
  const config = configOf(html);
  assert.equal(config.lang, 'ru');
  assert.deepEqual(config.workingCopy, { draftUrl: '/admin/articles/new/working-copy/' });
  assert.equal(config.texts['editing.aids.words'], editingMessages.ru['editing.aids.words'], 'plural forms go whole, for the script to choose');
  assert.equal(config.texts['editing.wc.saved'], 'Рабочая копия сохранена в {time}', 'placeholders left for the script to fill');
  for (const [key, text] of Object.entries(config.texts)) assert.equal(text, ADMIN_CATALOGUES.ru[key], `${key} comes from the catalogue`);
});

test('text in the configuration cannot close its script element', () => {
  const article = { id: 7 } as Parameters<typeof EditorAids>[0]['article'];
  const form: ArticleForm = { ...emptyForm(''), title: '</script><script>alert(1)</script>' };
  const html = renderToString(EditorAids({ ctx: { ...ctxIn('en'), siteName: '</script><b>x' }, article, form, pending: { savedAt: '2026-12-05T11:32:00.000Z', baseRevision: 3, currentRevision: 4 } }));
  assert.doesNotMatch(html, /<script>alert/);
  assert.doesNotMatch(html, /<b>x/);
  const config = configOf(html);
  assert.equal(config.siteName, '</script><b>x');
  assert.deepEqual(config.workingCopy, { url: '/admin/articles/7/working-copy' });
  assert.deepEqual(config.pending, { savedAt: '2026-12-05T11:32:00.000Z', baseRevision: 3, currentRevision: 4, savedAtText: '2026-12-05 14:32' });
  const banner = renderToString(WorkingCopyBanner({ ctx: ctxIn('en'), pending: config.pending }));
  assert.match(banner, /<div class="notice working-copy-banner" role="status" hidden[^>]*><span[^>]*>You have unsaved changes from 2026-12-05 14:32\.<\/span>/, 'hidden until the script shows it');
});

test('the conflict view: their change beside this person’s text, and a save-anyway button for the editor’s form', () => {
  const base: Snapshot = {
    slug: 'a', title: 'Старый заголовок', standfirst: '', bodyMd: 'Первая строка.\n\nВторая строка.', author: 'Анна', rubric: null, tags: [], hero: null, status: 'draft', publishedAt: '2026-12-01T09:00:00.000Z',
  };
  const theirs: Snapshot = { ...base, bodyMd: 'Первая строка.\n\nВторая строка, исправленная.' };
  const mine: ArticleForm = { ...emptyForm('Анна'), slug: 'a', title: 'Мой заголовок', bodyMd: base.bodyMd, publishAt: '2026-12-01T12:00', revision: '5' };
  const conflict = { base: 3, current: 5, editor: 'ed@example.com', savedAt: '2026-12-05T11:32:00.000Z', baseMissing: false, fields: conflictDiff(base, theirs, mine, ZONE) };
  const html = renderToString(ConflictView({ ctx: ctxIn('ru'), conflict }));
  assert.match(html, /Пока вы правили статью, её сохранил кто-то другой/);
  assert.match(html, /ed@example\.com сохранил\(а\) версию 5 в 2026-12-05 14:32, а вы начинали с версии 3/);
  assert.match(html, /<del>Вторая строка\.\n<\/del><ins>Вторая строка, исправленная\.\n<\/ins>/);
  assert.match(html, /<button type="submit" form="article-form" name="action" value="save">Всё равно сохранить — я перенёс\(ла\) чужие правки<\/button>/);
  assert.match(html, /data-use-theirs="\{&quot;bodyMd&quot;:/);
  assert.match(html, /Заголовок/);
  assert.match(html, /другой пользователь это не менял/, 'the title is only this person’s change');
  for (const english of ['Someone else saved', 'Your text', 'Save anyway', 'not changed by them']) assert.ok(!html.includes(english), english);
});
