import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { articlesRepository } from '../../articles/repository';
import { Agent, adminAndEditor, createUser, TEST_PASSWORD } from '../../../test/support/admin-agent';
import { buildTestApp } from '../../../test/support/app';
import { articleInput } from '../../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines';
import { scheduleMessages } from '../i18n/schedule';

/** The rows of one day's section of the schedule page: the article ids in it, in order. */
function dayRows(html: string, day: string): number[] {
  const section = new RegExp(`<section class="schedule-day" data-day="${day}">([\\s\\S]*?)</section>`).exec(html)?.[1];
  if (!section) return [];
  return [...section.matchAll(/data-article="(\d+)"/g)].map((m) => Number(m[1]));
}

forEachEngine('the schedule', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let editor: Agent;
  let contributor: Agent;
  // Monday 7 December 2026, 12:00 in Moscow (UTC+3, the site's zone here).
  const clock = new Date('2026-12-07T09:00:00Z');
  const ids: Record<string, number> = {};

  async function add(name: string, overrides: Parameters<typeof articleInput>[0]) {
    const { article } = await articlesRepository(database).save(articleInput({ title: `${name} story`, ...overrides }), { editor: 'test', now: new Date('2026-12-01T10:00:00Z') });
    ids[name] = article.id;
  }

  before(async () => {
    database = await open();
    app = await buildTestApp(database, { now: () => clock, env: { SITE_TIMEZONE: 'Europe/Moscow' } });
    ({ editor } = await adminAndEditor(database.db, app));
    await createUser(database.db, 'writer@example.com', 'contributor');
    contributor = new Agent(app);
    await contributor.login('writer@example.com', TEST_PASSWORD);
    // Tuesday 23:30 in Moscow, and 00:30 on Wednesday — both on 8 December in UTC.
    await add('Late', { publishedAt: new Date('2026-12-08T20:30:00Z'), author: 'Anna Writer', rubric: { slug: 'tests', name: 'Road tests' } });
    await add('Midnight', { publishedAt: new Date('2026-12-08T21:30:00Z'), rubric: null });
    await add('Published', { publishedAt: new Date('2026-12-06T08:00:00Z') });
    await add('Draft', { status: 'draft', publishedAt: new Date('2026-12-09T08:00:00Z') });
    await add('NextWeek', { publishedAt: new Date('2026-12-15T08:00:00Z') });
    await add('Soon', { publishedAt: new Date('2026-12-07T10:00:00Z') });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('scheduled articles by day in the site’s zone, across midnight; the published and drafts are left out', async () => {
    const res = await editor.get('/admin/schedule');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(dayRows(res.body, '2026-12-07'), [ids.Soon]);
    assert.deepEqual(dayRows(res.body, '2026-12-08'), [ids.Late], 'Tuesday 23:30 in Moscow');
    assert.deepEqual(dayRows(res.body, '2026-12-09'), [ids.Midnight], 'Wednesday 00:30 in Moscow, though 8 December in UTC');
    assert.doesNotMatch(res.body, /Published story|Draft story|NextWeek story/);
    assert.match(res.body, /<time datetime="2026-12-08T20:30:00.000Z">23:30<\/time>/);
    assert.match(res.body, /<time datetime="2026-12-08T21:30:00.000Z">00:30<\/time>/);
    assert.match(res.body, /Anna Writer/);
    assert.match(res.body, /Road tests/);
    assert.match(res.body, /no rubric/);
    assert.match(res.body, /3 scheduled articles/);
    assert.match(res.body, /name="publishAt" value="2026-12-08T23:30"/, 'the move field holds the time in the site’s zone');
    assert.match(res.body, /<h3>Monday, December 7<span class="hint"> — today<\/span><\/h3>/);
    // The coming weeks: this one with three, the next with one, each linked.
    assert.match(res.body, /href="\/admin\/schedule\?week=2026-12-14"/);
    assert.match(res.body, /week of December 14<\/a>: 1 scheduled article</);

    const next = await editor.get('/admin/schedule?week=2026-12-16');
    assert.deepEqual(dayRows(next.body, '2026-12-15'), [ids.NextWeek], 'any day names its week');
    assert.match(next.body, /href="\/admin\/schedule\?week=2026-12-07"/, 'a link back to the previous week');
  });

  test('moving an article reschedules it through a saved revision, audited as article.schedule', async () => {
    const before = await articlesRepository(database).findById(ids.Late!);
    await editor.get('/admin/schedule');
    const moved = await editor.post(`/admin/schedule/${ids.Late}/move`, { publishAt: '2026-12-16T10:00', week: '2026-12-07' });
    assert.equal(moved.statusCode, 303, moved.body);
    assert.equal(moved.headers.location, `/admin/schedule?week=2026-12-14&moved=${ids.Late}`);
    const after = await articlesRepository(database).findById(ids.Late!);
    assert.equal(after!.publishedAt, '2026-12-16T07:00:00.000Z', '10:00 in Moscow');
    assert.equal(after!.status, 'published');
    assert.equal(after!.revision, before!.revision + 1);
    assert.equal(after!.bodyMd, before!.bodyMd);
    const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'article.schedule').where('target', '=', `article:${ids.Late}`).execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor, 'ed@example.com');
    assert.match(audit[0]!.details_json ?? '', /"previousPublishedAt":"2026-12-08T20:30:00.000Z"/);

    const page = await editor.get(String(moved.headers.location));
    assert.match(page.body, /“Late story” is now scheduled for 2026-12-16 10:00\./);
    assert.deepEqual(dayRows(page.body, '2026-12-16'), [ids.Late]);
  });

  test('a time in the past, or not a time, is refused with 400 and the article stays where it was', async () => {
    const before = await articlesRepository(database).findById(ids.Midnight!);
    await editor.get('/admin/schedule');
    const past = await editor.post(`/admin/schedule/${ids.Midnight}/move`, { publishAt: '2026-12-07T11:00', week: '2026-12-07' });
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /The new publication time \(2026-12-07 11:00, Europe\/Moscow time\) has already passed: choose a time in the future\./);
    assert.match(past.body, /data-day="2026-12-09"/, 'the week is shown again around the message');
    const garbled = await editor.post(`/admin/schedule/${ids.Midnight}/move`, { publishAt: 'next Friday' });
    assert.equal(garbled.statusCode, 400);
    assert.match(garbled.body, /such as 2026-12-24T09:30/);
    const after = await articlesRepository(database).findById(ids.Midnight!);
    assert.equal(after!.publishedAt, before!.publishedAt);
    assert.equal(after!.revision, before!.revision);
  });

  test('only a scheduled article moves; the form needs its CSRF token', async () => {
    await editor.get('/admin/schedule');
    const published = await editor.post(`/admin/schedule/${ids.Published}/move`, { publishAt: '2026-12-20T10:00' });
    assert.equal(published.statusCode, 409);
    assert.match(published.body, /not scheduled any more/);
    const draft = await editor.post(`/admin/schedule/${ids.Draft}/move`, { publishAt: '2026-12-20T10:00' });
    assert.equal(draft.statusCode, 409);
    assert.equal((await editor.post('/admin/schedule/999999/move', { publishAt: '2026-12-20T10:00' })).statusCode, 404);
    const forged = await editor.post(`/admin/schedule/${ids.NextWeek}/move`, { publishAt: '2026-12-20T10:00' }, { csrf: false });
    assert.equal(forged.statusCode, 403);
    assert.equal((await articlesRepository(database).findById(ids.NextWeek!))!.publishedAt, '2026-12-15T08:00:00.000Z');
  });

  test('contributors may neither see nor move the schedule', async () => {
    const page = await contributor.get('/admin/schedule');
    assert.equal(page.statusCode, 403);
    const move = await contributor.post(`/admin/schedule/${ids.NextWeek}/move`, { publishAt: '2026-12-20T10:00' });
    assert.equal(move.statusCode, 403);
    assert.equal((await articlesRepository(database).findById(ids.NextWeek!))!.publishedAt, '2026-12-15T08:00:00.000Z');
  });

  test('in Russian: the page’s texts, days and counts, and no English of the schedule’s catalogue left', async () => {
    await createUser(database.db, 'redaktor@example.com', 'editor');
    await database.db.updateTable('users').set({ lang: 'ru' }).where('email', '=', 'redaktor@example.com').execute();
    const russian = new Agent(app);
    await russian.login('redaktor@example.com', TEST_PASSWORD);
    const res = await russian.get('/admin/schedule?week=2026-12-07');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="ru">/);
    assert.match(res.body, /<h1>Расписание<\/h1>/);
    assert.match(res.body, /Неделя с 7 декабря по 13 декабря/);
    assert.match(res.body, /понедельник, 7 декабря<span class="hint"> — сегодня<\/span>/);
    assert.match(res.body, /среда, 9 декабря/);
    assert.match(res.body, /2 запланированные статьи/, 'one moved away in an earlier test: two left, in the "few" form');
    assert.match(res.body, /без рубрики/);
    assert.match(res.body, />Перенести</);
    for (const [key, english] of Object.entries(scheduleMessages.en)) {
      const fixed = english.split(/\{\w+\}|\|/).map((s) => s.trim()).filter((s) => s.length > 3);
      for (const part of fixed) assert.ok(!res.body.includes(part), `English text of ${key} left on the Russian page: “${part}”`);
    }
  });
});
