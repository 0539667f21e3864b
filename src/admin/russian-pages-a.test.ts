import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, createUser, TEST_PASSWORD } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { CLOSES, confirmedEntry, DURING, importTestCampaign, tempOutbox } from '../../test/support/grandprix';
import { SVG, transparentPng } from '../../test/support/images';
import { multipartBody, type Part } from '../../test/support/multipart';
import { articlesRepository } from '../articles/repository';
import { ADMIN_CATALOGUES } from './i18n';

/** The areas these pages draw their words from: Grand Prix, media, authors, preview links, webhooks. */
const AREAS = ['campaigns.', 'media.', 'authors.', 'previews.', 'webhooks.'];

/**
 * Every piece of these areas' English texts that a Russian page must not show: the text around
 * its `{parameters}` and plural forms, when it holds a word (short pieces such as " (#" or " ms"
 * say nothing about the language).
 */
const ENGLISH = [
  ...new Set(
    Object.entries(ADMIN_CATALOGUES.en)
      .filter(([key]) => AREAS.some((area) => key.startsWith(area)))
      .flatMap(([, text]) => text.split(/\||\{\w+\}/))
      .map((piece) => piece.trim())
      .filter((piece) => piece.length >= 4 && /[A-Za-z]{3}/.test(piece)),
  ),
];

/** What a person reads on a page: its text nodes and labelling attributes, entities undone. */
function readable(html: string): string[] {
  const attributes = [...html.matchAll(/\s(?:title|aria-label|placeholder|alt|data-chosen)="([^"]*)"/g)].map((m) => m[1]!);
  const text = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, '<>').split(/<[^>]*>/);
  return [...text, ...attributes]
    .map((t) => t.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim())
    .filter((t) => t !== '');
}

/**
 * A single English word counts only as a whole text (a heading, a button): inside a text it may
 * be data (an address such as /author/…, an event name such as article.published); longer
 * pieces count wherever they appear.
 */
function assertRussian(html: string, where: string) {
  assert.match(html, /<html lang="ru">/, where);
  const nodes = readable(html);
  const all = nodes.join('\n');
  const left = ENGLISH.filter((piece) => (/\s/.test(piece) ? all.includes(piece) : nodes.includes(piece)));
  assert.deepEqual(left, [], `${where}: English left on the Russian page`);
}

forEachEngine('admin pages in Russian: Grand Prix, media, authors, preview links, webhooks', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ru: Agent;
  let en: Agent;
  let code: string;
  let draftId: number;
  let clock = DURING;

  before(async () => {
    database = await open();
    await importTestCampaign(database.db);
    const outbox = tempOutbox();
    app = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0', WEBHOOK_ALLOW_PRIVATE: '1' } });
    code = await confirmedEntry(app, outbox, 'test-prix', 'reader@example.com');
    await confirmedEntry(app, outbox, 'test-prix', 'second@example.com');
    draftId = (await articlesRepository(database).save(articleInput({ slug: 'quiet-draft', title: 'Тихий черновик', status: 'draft' }))).article.id;
    await createUser(database.db, 'boss@example.com', 'admin', TEST_PASSWORD, DURING);
    await createUser(database.db, 'english@example.com', 'admin', TEST_PASSWORD, DURING);
    await database.db.updateTable('users').set({ lang: 'ru' }).where('email', '=', 'boss@example.com').execute();
    ru = new Agent(app);
    assert.equal((await ru.login('boss@example.com', TEST_PASSWORD)).statusCode, 303);
    en = new Agent(app);
    assert.equal((await en.login('english@example.com', TEST_PASSWORD)).statusCode, 303);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  async function ok(url: string): Promise<string> {
    const res = await ru.get(url);
    assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`);
    assertRussian(res.body, url);
    return res.body;
  }

  test('the Grand Prix pages speak Russian, with Russian dates, counts and refusals', async () => {
    const list = await ok('/admin/campaigns');
    assert.match(list, /<h1>Голосования<\/h1>/);
    assert.match(list, /<span class="status status-campaign-open">Идёт<\/span>/);
    assert.match(list, /<th scope="col" class="num">Ждут подтверждения<\/th>/);

    const detail = await ok('/admin/campaigns/test-prix');
    assert.match(detail, /Всего 2: подтверждено 2, ждут подтверждения 0, дисквалифицировано 0; учтено в итогах 2/);
    assert.match(detail, /Провести розыгрыш можно после закрытия голосования \(28 февраля 2023 г\., 00:00 \(Europe\/Moscow, UTC\+3\)\)/);
    assert.match(detail, /<button type="submit">Провести розыгрыш<\/button>/);

    const entries = await ok('/admin/campaigns/test-prix/entries');
    assert.match(entries, /<p class="count">2 заявки<\/p>/);
    assert.match(await ok('/admin/campaigns/test-prix/entries?q=nobody%40example.com'), /0 заявок по запросу «nobody@example\.com»/);

    const entry = await ok(`/admin/campaigns/test-prix/entries/${code}`);
    assert.match(entry, new RegExp(`<h1>Заявка ${code}</h1>`));
    assert.match(entry, /Совершеннолетие, согласие, анкета заполнена<\/dt><dd>да, да, да<\/dd>/);
    const refused = await ru.post(`/admin/campaigns/test-prix/entries/${code}/disqualify`, { reason: ' ' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Укажите причину: она сохраняется в журнале аудита/);
    assertRussian(refused.body, 'the refused disqualification');
    await ru.get(`/admin/campaigns/test-prix/entries/${code}`);
    const done = await ru.post(`/admin/campaigns/test-prix/entries/${code}/disqualify`, { reason: 'Повторная заявка' });
    assert.equal(done.statusCode, 303);
    const disqualified = await ok(String(done.headers.location));
    assert.match(disqualified, /Заявка дисквалифицирована; её голос больше не учитывается в итогах\./);
    assert.match(disqualified, /дисквалифицирована, boss@example\.com: Повторная заявка/);

    const results = await ok('/admin/campaigns/test-prix/results');
    assert.match(results, /Учтено заявок: 1 \(подтверждённые, не дисквалифицированные\)\./);
    assert.match(results, /<th scope="col">Номинант<\/th>/);
    assert.match(results, /\(1 голос\)/);

    // The same page for a person who kept English.
    const english = await en.get('/admin/campaigns/test-prix');
    assert.match(english.body, /<html lang="en">/);
    assert.match(english.body, /2 in all: 2 confirmed, 0 awaiting confirmation, 1 disqualified; 1 counted/);
  });

  test('the media library, an upload and an image page speak Russian; so do refused files, also as JSON', async () => {
    async function upload(parts: Part[], headers: Record<string, string> = {}) {
      await ru.get('/admin/media');
      const { payload, contentType } = multipartBody([{ name: '_csrf', value: ru.csrf }, ...parts]);
      return ru.request({ method: 'POST', url: '/admin/media', payload, headers: { 'content-type': contentType, ...headers } });
    }
    const added = await upload([{ name: 'file', filename: 'card.png', data: await transparentPng(300, 200), type: 'image/png' }]);
    assert.equal(added.statusCode, 303);
    const library = await ok(String(added.headers.location));
    assert.match(library, /<h1>Медиатека<\/h1>/);
    assert.match(library, /Изображения добавлены в медиатеку\./);
    assert.match(library, /<em class="warning">альтернативного текста пока нет<\/em>/);
    assert.match(library, /<script src="\/admin\/static\/media-drop.js" defer data-chosen="Файл «\{name\}» будет загружен вместе с формой\."/);
    const id = Number(/href="\/admin\/media\/(\d+)">Изменить №\1</.exec(library)?.[1]);
    assert.ok(id > 0, 'the edit link is in Russian');

    const item = await ok(`/admin/media/${id}`);
    assert.match(item, new RegExp(`<h1>Изображение №${id}</h1>`));
    assert.match(item, /загрузил boss@example\.com \d{4}-\d\d-\d\d \d\d:\d\d как card\.png \(png\)/);

    const svg = await upload([{ name: 'file', filename: 'logo.svg', data: SVG, type: 'image/svg+xml' }]);
    assert.equal(svg.statusCode, 415);
    assert.match(svg.body, /«logo\.svg» — рисунок SVG, такие не принимаются/);
    assertRussian(svg.body, 'the refused upload');
    const json = await upload([{ name: 'file', filename: 'good.png', data: await transparentPng(64, 64) }, { name: 'file', filename: 'bad.svg', data: SVG }], { accept: 'application/json' });
    assert.equal(json.statusCode, 415);
    assert.match(json.json().errors[0].message, /^«bad\.svg» — рисунок SVG/);
  });

  test('the authors pages speak Russian', async () => {
    await ru.get('/admin/authors/new');
    const created = await ru.post('/admin/authors', { name: 'Хлоя Марр', slug: 'chloe-marr' });
    assert.equal(created.statusCode, 303);
    const page = await ok(String(created.headers.location));
    assert.match(page, /Автор добавлен\./);
    assert.match(page, /указан в 0 статьях/);
    assert.match(page, /<h2 id="merge-heading">Объединить с другим автором<\/h2>/);
    assert.match(page, /<button type="submit" class="danger">Удалить автора Хлоя Марр<\/button>/);
    const list = await ok('/admin/authors');
    assert.match(list, /Всего: 2 автора\./);
    const refused = await ru.post('/admin/authors', { name: 'Хлоя Марр' });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Автор с именем «Хлоя Марр» уже есть/);
    assertRussian(refused.body, 'the refused author');
  });

  test('the preview links box speaks Russian', async () => {
    const box = async () => {
      const res = await ru.get(`/admin/articles/${draftId}`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="ru">/);
      const section = /<section class="box preview-links"[\s\S]*?<\/section>/.exec(res.body)?.[0] ?? '';
      assertRussian(`<html lang="ru">${section}`, 'the preview links box');
      return section;
    };
    const empty = await box();
    assert.match(empty, /<h2 id="preview-links-heading">Ссылки на предпросмотр<\/h2>/);
    assert.match(empty, /<option value="7" selected>7 дней<\/option>/);
    assert.match(empty, /<option value="1">1 день<\/option>/);
    assert.match(empty, /Ссылок на предпросмотр пока нет\./);
    assert.equal((await ru.post(`/admin/articles/${draftId}/previews`, { days: '30' })).statusCode, 303);
    const made = await box();
    assert.match(made, /Ссылка на предпросмотр создана\. Скопируйте её сейчас: больше она показана не будет\./);
    assert.match(made, /<span class="status status-preview-active">Действует<\/span>/);
  });

  test('the webhooks pages speak Russian', async () => {
    await ru.get('/admin/webhooks');
    const created = await ru.post('/admin/webhooks', { url: 'http://127.0.0.1:9/hook', description: '', events: 'article.published', active: '1' });
    assert.equal(created.statusCode, 200);
    assertRussian(created.body, 'the registered webhook');
    assert.match(created.body, /Адрес вебхука зарегистрирован\./);
    assert.match(created.body, /<strong>больше он показан не будет\.<\/strong>/);
    const id = Number(/href="\/admin\/webhooks\/(\d+)"/.exec(created.body)?.[1]);
    const detail = await ok(`/admin/webhooks/${id}`);
    assert.match(detail, /<h1>Вебхук №\d+: <code>http:\/\/127\.0\.0\.1:9\/hook<\/code><\/h1>/);
    assert.match(detail, /Пока ничего не отправлено\./);
    assert.match(detail, /— статья опубликована \(запланированная — в назначенное время\)/);
    const refused = await ru.post('/admin/webhooks', { url: 'ftp://example.com/x', events: 'article.published' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /«ftp:\/\/example\.com\/x» — не адрес для вебхука/);
    assertRussian(refused.body, 'the refused webhook');
  });

  // Last: it moves the clock past the close, which ends every session.
  test('after the close, the draw and its prize table, notifications and log speak Russian', async () => {
    clock = new Date(CLOSES.getTime() + 3600_000);
    assert.equal((await ru.login('boss@example.com', TEST_PASSWORD)).statusCode, 303);
    await ru.get('/admin/campaigns/test-prix');
    const drawn = await ru.post('/admin/campaigns/test-prix/draw', { allow_fewer: '1' });
    assert.equal(drawn.statusCode, 200, drawn.body.slice(0, 500));
    assertRussian(drawn.body, 'the drawn campaign');
    assert.match(drawn.body, /Розыгрыш проведён: разыгран 1 приз среди 1 заявки; протокол опубликован на странице розыгрыша\./);
    assert.match(drawn.body, /GP-[A-Z0-9-]+ уведомлён \(приз 1\); получить до \d{4}-\d\d-\d\d \d\d:\d\d\./);
    assert.match(drawn.body, /<span class="status status-campaign-closed">Завершено, розыгрыш проведён<\/span>/);
    assert.match(drawn.body, /<td>ожидает получения<\/td>/);
    assert.match(drawn.body, /<td>проведён розыгрыш<\/td>/);
    assert.match(drawn.body, /Резервные участники по порядку: нет/);
    const missing = await ru.post('/admin/campaigns/test-prix/claim', { code: '' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /«Код участника» — обязательное поле\./);
  });
});
