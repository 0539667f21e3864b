import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, TEST_PASSWORD } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { deliveredMessages, mailSubject, tempOutbox } from '../../test/support/grandprix';
import { articleInStage, createPerson, englishLeft, stageNow } from '../../test/support/review-stages';
import { inputOf } from '../articles/model';
import { articlesRepository, type ArticlesRepository } from '../articles/repository';
import type { Stage } from '../articles/review/workflow';

const BODY =
  'The new hatchback goes on sale in March with a 1.6-litre engine. Prices start at 1.2 million roubles, according to the maker.\n\n' +
  'Dealers expect strong demand in the regions. The car gets a larger touch screen and heated seats as standard.';

const RU_BODY =
  'Новая «Нива» получила мотор мощностью 150 л. с. Продажи начнутся в марте.\n\n' +
  'Цена базовой версии — 2,1 млн рублей. Дилеры ждут высокого спроса в регионах.';

forEachEngine('review workflow', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let repo: ArticlesRepository;
  let outbox: string;
  let contributor: Agent;
  let other: Agent;
  let editor: Agent;
  let admin: Agent;
  const ids = { contributor: 0, other: 0, editor: 0, admin: 0 };
  const clock = new Date('2026-11-24T09:00:00Z');
  const idOf = (location: unknown) => Number(/\/admin\/articles\/(\d+)/.exec(String(location))![1]);

  before(async () => {
    database = await open();
    outbox = tempOutbox();
    // The site speaks English; the contributor and the admin have chosen Russian, the editor has not chosen.
    ids.contributor = await createPerson(database.db, 'con@example.com', 'contributor', 'ru');
    ids.other = await createPerson(database.db, 'other@example.com', 'contributor', null);
    ids.editor = await createPerson(database.db, 'ed@example.com', 'editor', null);
    ids.admin = await createPerson(database.db, 'boss@example.com', 'admin', 'ru');
    app = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox } });
    repo = articlesRepository(database);
    const signIn = async (email: string) => {
      const agent = new Agent(app);
      await agent.login(email, TEST_PASSWORD);
      return agent;
    };
    [contributor, other, editor, admin] = await Promise.all(['con@example.com', 'other@example.com', 'ed@example.com', 'boss@example.com'].map(signIn)) as [Agent, Agent, Agent, Agent];
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const audits = async (id: number) =>
    (await database.db.selectFrom('audit_log').select('action').where('target', '=', `article:${id}`).orderBy('id').execute()).map((r) => r.action);

  test('a contributor writes and submits; an editor sends it back with a note; the contributor revises and resubmits; the editor schedules it', async () => {
    await contributor.get('/admin/articles/new');
    const page = await contributor.get('/admin/articles/new');
    assert.doesNotMatch(page.body, /name="action" value="publish"/, 'no Publish button for a contributor');
    assert.doesNotMatch(page.body, /name="publishAt"/, 'no publication time to choose');
    assert.match(page.body, /name="action" value="submit"/);
    const created = await contributor.post('/admin/articles', { title: 'Niva Travel gets a new engine', bodyMd: BODY, author: 'Con Tributor', rubric: 'news', action: 'save' });
    assert.equal(created.statusCode, 303);
    const id = idOf(created.headers.location);
    assert.equal((await database.db.selectFrom('articles').select('owner_id').where('id', '=', id).executeTakeFirstOrThrow()).owner_id, ids.contributor);

    // Only the contributor's own articles are in their list, with their state.
    const mine = await contributor.get('/admin/articles');
    assert.match(mine.body, /Niva Travel gets a new engine/);
    assert.doesNotMatch((await other.get('/admin/articles')).body, /Niva Travel/, 'another contributor does not see it');

    const submitted = await contributor.post(`/admin/articles/${id}/submit`, { back: 'editor' });
    assert.equal(submitted.statusCode, 303);
    assert.match((await contributor.get(String(submitted.headers.location))).body, /Статья отправлена на проверку/);
    assert.equal(await stageNow(database.db, id, clock), 'in_review');
    // In review, the text holds still for its writer.
    const locked = await contributor.post(`/admin/articles/${id}`, { title: 'Niva Travel: changed', bodyMd: BODY, revision: '1', action: 'save' });
    assert.equal(locked.statusCode, 409);
    assert.match(locked.body, /на проверке/);

    // The editors are told, each in their language, with a link to the article in the admin.
    const toEditor = await deliveredMessages(app, outbox, 'ed@example.com');
    assert.equal(toEditor.length, 1);
    assert.equal(mailSubject(toEditor[0]!), 'For review: Niva Travel gets a new engine');
    assert.ok(toEditor[0]!.includes(`http://paddock.test/admin/articles/${id}`));
    const toAdmin = await deliveredMessages(app, outbox, 'boss@example.com');
    assert.equal(mailSubject(toAdmin[0]!), 'На проверку: Niva Travel gets a new engine');
    assert.match(toAdmin[0]!, /con@example\.com отправил\(а\) на проверку статью «Niva Travel gets a new engine»/);
    assert.equal((await deliveredMessages(app, outbox, 'other@example.com')).length, 0, 'contributors are not told of others’ submissions');

    // The queue: oldest first, with the submitter and the time.
    const older = await articleInStage(database.db, repo, 'in_review', ids.other, clock, 'Older submission');
    const queue = await editor.get('/admin/review');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /2 articles wait for review/);
    assert.ok(queue.body.indexOf('Older submission') < queue.body.indexOf('Niva Travel gets a new engine'), 'the longest waiting first');
    assert.match(queue.body, /con@example\.com/);
    assert.match(queue.body, /2026-11-24 12:00/, 'submitted at, in the site’s zone (Moscow)');
    assert.equal((await contributor.get('/admin/review')).statusCode, 403, 'the queue is the editors’');

    const empty = await editor.post(`/admin/articles/${id}/request-changes`, { note: '   ', back: 'queue' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Write a note saying what to change/);
    const sentBack = await editor.post(`/admin/articles/${id}/request-changes`, { note: 'Give the engine’s power and the price.', back: 'queue' });
    assert.equal(sentBack.statusCode, 303);
    assert.equal(sentBack.headers.location, '/admin/review?done=changes');
    assert.match((await editor.get('/admin/review?done=changes')).body, /sent back to its author/);
    assert.doesNotMatch((await editor.get('/admin/review?done=constructor')).body, /role="status"/, 'an unknown outcome says nothing');

    // The contributor sees the note on the draft, first thing, in their language.
    const draft = await contributor.get(`/admin/articles/${id}`);
    assert.match(draft.body, /<section class="notice notice-error review-note" role="alert"/);
    assert.match(draft.body, /Нужна доработка/);
    assert.match(draft.body, /Give the engine’s power and the price\./);
    const note = await deliveredMessages(app, outbox, 'con@example.com');
    assert.equal(mailSubject(note.at(-1)!), 'Нужна доработка: Niva Travel gets a new engine');
    assert.match(note.at(-1)!, /Give the engine’s power and the price\./);

    // Revised and submitted again in one post from the editor.
    const revised = await contributor.post(`/admin/articles/${id}`, { title: 'Niva Travel gets a 150 hp engine', bodyMd: `${BODY}\n\nIt costs 2.1 million roubles.`, revision: '1', action: 'submit' });
    assert.equal(revised.statusCode, 303);
    assert.match(String(revised.headers.location), /done=submitted$/);
    assert.equal(await stageNow(database.db, id, clock), 'in_review');
    const row = await database.db.selectFrom('articles').select(['title', 'review_note', 'revision']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { title: 'Niva Travel gets a 150 hp engine', review_note: null, revision: 2 });

    const past = await editor.post(`/admin/articles/${id}/approve-schedule`, { publishAt: '2026-11-20T10:00', back: 'queue' });
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /give a publication time in the future/);
    const scheduled = await editor.post(`/admin/articles/${id}/approve-schedule`, { publishAt: '2026-11-26T10:30', back: 'editor' });
    assert.equal(scheduled.statusCode, 303);
    assert.equal(await stageNow(database.db, id, clock), 'scheduled');
    const stored = await repo.findById(id);
    assert.equal(stored?.publishedAt, '2026-11-26T07:30:00.000Z', 'the time was read in the site’s zone');
    assert.equal(stored?.review.state, null);
    const decision = await deliveredMessages(app, outbox, 'con@example.com');
    assert.equal(mailSubject(decision.at(-1)!), 'Запланирована: Niva Travel gets a 150 hp engine');
    assert.match(decision.at(-1)!, /будет опубликована 2026-11-26 10:30/);

    assert.deepEqual(await audits(id), ['article.create', 'article.submit', 'article.request_changes', 'article.edit', 'article.submit', 'article.approve', 'article.schedule']);
    const history = await database.db.selectFrom('article_review_events').select(['action', 'actor']).where('article_id', '=', id).orderBy('id').execute();
    assert.deepEqual(history.map((h) => `${h.action} ${h.actor}`), ['submit con@example.com', 'request_changes ed@example.com', 'submit con@example.com', 'approve_schedule ed@example.com']);
    assert.match((await editor.get(`/admin/articles/${id}`)).body, /approved by ed@example\.com, scheduled for 2026-11-26 10:30/);
    await repo.findById(older);
  });

  test('approve and publish: readers see it, its author is told with its address', async () => {
    const id = await articleInStage(database.db, repo, 'in_review', ids.contributor, clock, 'Approved at once');
    const res = await admin.post(`/admin/articles/${id}/approve-publish`, { back: 'queue' });
    assert.equal(res.statusCode, 303);
    const article = await repo.findById(id);
    assert.equal((await app.inject(`/news/${article!.slug}`)).statusCode, 200);
    const mail = (await deliveredMessages(app, outbox, 'con@example.com')).at(-1)!;
    assert.equal(mailSubject(mail), 'Опубликована: Approved at once');
    assert.ok(mail.includes(`http://paddock.test/news/${article!.slug}`));
    assert.deepEqual((await audits(id)).slice(-2), ['article.approve', 'article.publish']);
  });

  test('an editor’s Publish now on a submitted article is the decision: the review ends and its author is told', async () => {
    const id = await articleInStage(database.db, repo, 'changes_requested', ids.other, clock, 'Published from the editor');
    const article = (await repo.findById(id))!;
    await editor.get(`/admin/articles/${id}`);
    const res = await editor.post(`/admin/articles/${id}`, { title: article.title, bodyMd: article.bodyMd, rubric: 'news', revision: String(article.revision), action: 'publish' });
    assert.equal(res.statusCode, 303);
    assert.equal(await stageNow(database.db, id, clock), 'published');
    assert.equal((await repo.findById(id))!.review.state, null);
    assert.equal(mailSubject((await deliveredMessages(app, outbox, 'other@example.com')).at(-1)!), 'Published: Published from the editor');
  });

  test('the list, editor, revisions, diff, key points and queue pages in Russian show no English from the catalogue', async () => {
    const russian = { standfirst: 'Новый двигатель и новая цена.', bodyMd: RU_BODY, author: 'Анна Автор', rubric: { slug: 'novosti', name: 'Новости' }, tags: [{ slug: 'niva', name: 'Нива' }] };
    const sentBack = await articleInStage(database.db, repo, 'changes_requested', ids.contributor, clock, 'Нива получила новый мотор', { ...russian, slug: 'niva-motor' });
    const inReview = await articleInStage(database.db, repo, 'in_review', ids.contributor, clock, 'Лада снова дорожает', { ...russian, slug: 'lada-ceny' });
    const published = await articleInStage(database.db, repo, 'published', ids.contributor, clock, 'Опубликованная статья', { ...russian, slug: 'opublikovano' });
    await repo.save({ ...inputOf((await repo.findById(published))!), title: 'Опубликованная статья, исправленная' }, { now: clock, editor: 'boss@example.com' });
    const pages: Array<[Agent, string]> = [
      [admin, '/admin/articles'],
      [admin, '/admin/articles?status=in_review'],
      [admin, '/admin/articles/new'],
      [admin, `/admin/articles/${inReview}`],
      [admin, `/admin/articles/${published}?done=unpublished`],
      [admin, `/admin/articles/${published}/revisions?done=restored`],
      [admin, `/admin/articles/${published}/diff?from=1&to=2`],
      [admin, `/admin/articles/${published}/summary`],
      [admin, '/admin/review'],
      [admin, '/admin/review?done=approvedScheduled'],
      [contributor, '/admin/articles'],
      [contributor, `/admin/articles/${sentBack}`],
      [contributor, `/admin/articles/${inReview}?done=submitted`],
    ];
    // Earlier tests left articles with English titles in the list and the queue: typed content, not UI.
    const typed = (await database.db.selectFrom('articles').select('title').execute()).map((r) => r.title).sort((a, b) => b.length - a.length);
    for (const [who, url] of pages) {
      const res = await who.get(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /<html lang="ru">/, url);
      assert.deepEqual(englishLeft(res.body, typed), [], url);
    }
    // A refused form comes back in Russian too: every field's message and the notice.
    await admin.get('/admin/articles/new');
    const refused = await admin.post('/admin/articles', { title: '', slug: 'Not A Slug', bodyMd: '', heroUrl: 'javascript:alert(1)', publishAt: 'tomorrow', tags: 'x'.repeat(80), action: 'save' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Нужен заголовок\./);
    assert.match(refused.body, /Некоторые поля нужно исправить/);
    assert.deepEqual(englishLeft(refused.body), []);
    const queue = await admin.get('/admin/review');
    assert.match(queue.body, /\d+ (статья ждёт|статьи ждут|статей ждут) проверки/);
    assert.match(queue.body, /Вернуть на доработку/);
    // The English side of the same check finds what it should: the test can fail.
    assert.notDeepEqual(englishLeft((await editor.get('/admin/review')).body), []);
  });

  describe('every transition for every role', () => {
    type Role = 'contributor' | 'editor' | 'admin';
    const agent = (role: Role) => ({ contributor, editor, admin })[role];
    /**
     * Each case starts from a fresh article owned by the contributor (or by another contributor:
     * "other's"), in the stage given, and posts (or gets) what the role's person would.
     */
    type Case = { name: string; from: Stage; owner?: 'other'; run: (who: Agent, id: number) => Promise<{ statusCode: number; body: string }>; expect: Record<Role, number>; to?: Stage };
    const form = async (who: Agent, id: number, action: string) => {
      const a = (await repo.findById(id))!;
      await who.get(`/admin/articles/${id}`);
      return who.post(`/admin/articles/${id}`, { title: a.title, bodyMd: a.bodyMd, rubric: 'news', revision: String(a.revision), publishAt: '2026-12-01T10:00', action });
    };
    const post = (path: string, fields: Record<string, string> = {}) => async (who: Agent, id: number) => {
      await who.get('/admin/articles');
      return who.post(`/admin/articles/${id}${path}`, fields);
    };
    const ok = { contributor: 303, editor: 303, admin: 303 };
    const editorsOnly = { contributor: 403, editor: 303, admin: 303 };
    const cases: Case[] = [
      { name: 'submit a draft', from: 'draft', run: post('/submit'), expect: ok, to: 'in_review' },
      { name: 'submit a sent-back draft', from: 'changes_requested', run: post('/submit'), expect: ok, to: 'in_review' },
      { name: 'submit what is in review', from: 'in_review', run: post('/submit'), expect: { contributor: 409, editor: 409, admin: 409 } },
      { name: 'submit what is published', from: 'published', run: post('/submit'), expect: { contributor: 409, editor: 409, admin: 409 } },
      { name: 'request changes', from: 'in_review', run: post('/request-changes', { note: 'Shorter, please.' }), expect: editorsOnly, to: 'changes_requested' },
      { name: 'request changes on a draft', from: 'draft', run: post('/request-changes', { note: 'Shorter.' }), expect: { contributor: 403, editor: 409, admin: 409 } },
      { name: 'approve and publish', from: 'in_review', run: post('/approve-publish'), expect: editorsOnly, to: 'published' },
      { name: 'approve and publish a draft', from: 'draft', run: post('/approve-publish'), expect: { contributor: 403, editor: 409, admin: 409 } },
      { name: 'approve and schedule', from: 'in_review', run: post('/approve-schedule', { publishAt: '2026-12-01T10:00' }), expect: editorsOnly, to: 'scheduled' },
      { name: 'approve and schedule what is sent back', from: 'changes_requested', run: post('/approve-schedule', { publishAt: '2026-12-01T10:00' }), expect: { contributor: 403, editor: 409, admin: 409 } },
      { name: 'publish from the editor', from: 'draft', run: (who, id) => form(who, id, 'publish'), expect: editorsOnly, to: 'published' },
      { name: 'schedule from the editor', from: 'draft', run: (who, id) => form(who, id, 'schedule'), expect: editorsOnly, to: 'scheduled' },
      { name: 'unpublish', from: 'published', run: post('/unpublish'), expect: editorsOnly, to: 'draft' },
      { name: 'unpublish a scheduled article', from: 'scheduled', run: post('/unpublish'), expect: editorsOnly, to: 'draft' },
      { name: 'unpublish a draft', from: 'draft', run: post('/unpublish'), expect: { contributor: 403, editor: 409, admin: 409 } },
      { name: 'restore a revision', from: 'draft', run: post('/revisions/1/restore'), expect: editorsOnly },
      { name: 'edit one’s own draft', from: 'draft', run: (who, id) => form(who, id, 'save'), expect: ok },
      { name: 'edit one’s own draft in review', from: 'in_review', run: (who, id) => form(who, id, 'save'), expect: { contributor: 409, editor: 303, admin: 303 } },
      { name: 'edit one’s own published article', from: 'published', run: (who, id) => form(who, id, 'save'), expect: { contributor: 409, editor: 303, admin: 303 } },
      { name: 'edit other’s', from: 'draft', owner: 'other', run: (who, id) => form(who, id, 'save'), expect: editorsOnly },
      { name: 'choose the key points of other’s', from: 'draft', owner: 'other', run: post('/summary', { sentence: '0', revision: '1' }), expect: editorsOnly },
      { name: 'open other’s', from: 'draft', owner: 'other', run: (who, id) => who.get(`/admin/articles/${id}`), expect: { contributor: 403, editor: 200, admin: 200 } },
      { name: 'open other’s history', from: 'draft', owner: 'other', run: (who, id) => who.get(`/admin/articles/${id}/revisions`), expect: { contributor: 403, editor: 200, admin: 200 } },
    ];
    for (const c of cases) {
      for (const role of ['contributor', 'editor', 'admin'] as const) {
        test(`${role} × ${c.name} → ${c.expect[role]}`, async () => {
          const id = await articleInStage(database.db, repo, c.from, c.owner === 'other' ? ids.other : ids.contributor, clock);
          const before = await database.db.selectFrom('articles').select(['revision', 'review_state', 'status', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();
          const res = await c.run(agent(role), id);
          assert.equal(res.statusCode, c.expect[role], res.body.slice(0, 300));
          if (res.statusCode === 303 && c.to) assert.equal(await stageNow(database.db, id, clock), c.to);
          if (res.statusCode >= 400) {
            const after = await database.db.selectFrom('articles').select(['revision', 'review_state', 'status', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();
            assert.deepEqual(after, before, 'a refused step changes nothing');
          }
          // A refusal says why, in the person's language (the contributor reads Russian).
          if (res.statusCode === 403 && role === 'contributor') assert.match(res.body, c.owner ? /Эта статья другого автора/ : /Это может сделать только редактор или администратор/);
          if (res.statusCode === 409 && role === 'editor') assert.match(res.body, /This article (is|was|has)|Changes were requested/);
        });
      }
    }
  });
});
