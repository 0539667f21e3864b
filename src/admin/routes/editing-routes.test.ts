import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { articlesRepository } from '../../articles/repository';
import { Agent, adminAndEditor, createUser, TEST_PASSWORD } from '../../../test/support/admin-agent';
import { buildTestApp } from '../../../test/support/app';
import { articleInput } from '../../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines';
import { sendJson } from '../../../test/support/json-requests';
import { LIMITS } from '../article-form';

const BODY =
  'The new hatchback goes on sale in March with a 1.6-litre engine. Prices start at 1.2 million roubles, according to the maker.\n\n' +
  'Dealers expect strong demand in the regions. The car gets a larger touch screen and heated seats as standard.\n\n' +
  'Deliveries of the automatic version begin in the summer. The company plans to build 50,000 cars this year.';

forEachEngine('working copies and the summary preview', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let editor: Agent;
  let admin: Agent;
  let contributor: Agent;
  const clock = new Date('2026-12-05T11:32:00Z');

  /** The editor form's fields as the script sends them, typed over an article. */
  const typed = (overrides: Record<string, string> = {}) => ({
    title: 'A retitled story',
    slug: '',
    standfirst: 'A new standfirst.',
    bodyMd: `${BODY}\n\nA paragraph added while editing.`,
    author: 'Test Writer',
    rubric: 'news',
    tags: 'lada',
    heroMedia: '',
    heroUrl: '',
    heroAlt: '',
    heroCredit: '',
    publishAt: '',
    revision: '1',
    ...overrides,
  });

  async function newArticle(): Promise<{ id: number; slug: string; title: string; revision: number }> {
    const { article } = await articlesRepository(database).save(articleInput({ bodyMd: BODY }), { editor: 'test', now: new Date('2026-12-01T10:00:00Z') });
    return { id: article.id, slug: article.slug, title: article.title, revision: article.revision };
  }
  const revisionsOf = async (id: number) => (await database.db.selectFrom('article_revisions').select('revision').where('article_id', '=', id).execute()).length;

  before(async () => {
    database = await open();
    app = await buildTestApp(database, { now: () => clock, env: { SITE_TIMEZONE: 'Europe/Moscow' } });
    ({ admin, editor } = await adminAndEditor(database.db, app));
    await createUser(database.db, 'writer@example.com', 'contributor');
    contributor = new Agent(app);
    await contributor.login('writer@example.com', TEST_PASSWORD);
    // Any admin page carries the CSRF token (the frame's sign-out form), a refusal page included.
    for (const agent of [admin, editor, contributor]) await agent.get('/admin/schedule');
    assert.ok(contributor.csrf && editor.csrf);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('a working copy is kept, read back and discarded; it makes no revision and the public page does not change', async () => {
    const article = await newArticle();
    const publicBefore = await app.inject({ method: 'GET', url: `/news/${article.slug}` });
    assert.equal(publicBefore.statusCode, 200);

    const put = await sendJson(editor, 'PUT', `/admin/articles/${article.id}/working-copy`, typed());
    assert.equal(put.statusCode, 200, put.body);
    const saved = put.json() as { savedAt: string; message: string };
    assert.equal(saved.savedAt, clock.toISOString());
    assert.equal(saved.message, 'Saved a working copy at 14:32', 'the time is the site’s (Moscow, UTC+3)');

    const got = await sendJson(editor, 'GET', `/admin/articles/${article.id}/working-copy`);
    assert.equal(got.statusCode, 200);
    const copy = got.json() as { fields: Record<string, string>; baseRevision: number; differs: boolean; articleRevision: number };
    assert.equal(copy.fields.title, 'A retitled story');
    assert.match(copy.fields.bodyMd!, /A paragraph added while editing\.$/);
    assert.equal(copy.baseRevision, 1);
    assert.equal(copy.articleRevision, 1);
    assert.equal(copy.differs, true);
    assert.equal('revision' in copy.fields, false, 'the revision is kept apart from the fields');

    // Saved again: replaced, not added.
    assert.equal((await sendJson(editor, 'PUT', `/admin/articles/${article.id}/working-copy`, typed({ title: 'Second try' }))).statusCode, 200);
    assert.equal((await sendJson(editor, 'GET', `/admin/articles/${article.id}/working-copy`)).json().fields.title, 'Second try');
    const rows = await database.db.selectFrom('working_copies').selectAll().where('article_id', '=', article.id).execute();
    assert.equal(rows.length, 1);

    const stored = await articlesRepository(database).findById(article.id);
    assert.equal(stored!.revision, article.revision, 'no new revision');
    assert.equal(stored!.title, article.title, 'the article keeps its title');
    assert.equal(await revisionsOf(article.id), 1);
    const publicAfter = await app.inject({ method: 'GET', url: `/news/${article.slug}` });
    assert.equal(publicAfter.body, publicBefore.body, 'readers see exactly what they saw');
    assert.doesNotMatch(publicAfter.body, /retitled|Second try/);

    const discarded = await sendJson(editor, 'DELETE', `/admin/articles/${article.id}/working-copy`);
    assert.equal(discarded.statusCode, 200);
    assert.deepEqual(discarded.json(), { discarded: true });
    const gone = await sendJson(editor, 'GET', `/admin/articles/${article.id}/working-copy`);
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.code, 'no_working_copy');
  });

  test('another person’s working copy is invisible: each person reads and discards only their own', async () => {
    const article = await newArticle();
    assert.equal((await sendJson(editor, 'PUT', `/admin/articles/${article.id}/working-copy`, typed({ title: 'The editor’s text' }))).statusCode, 200);
    const theirs = await sendJson(admin, 'GET', `/admin/articles/${article.id}/working-copy`);
    assert.equal(theirs.statusCode, 404, 'the admin has no copy of their own');
    assert.equal((await sendJson(admin, 'DELETE', `/admin/articles/${article.id}/working-copy`)).json().discarded, false);
    assert.equal((await sendJson(admin, 'PUT', `/admin/articles/${article.id}/working-copy`, typed({ title: 'The admin’s text' }))).statusCode, 200);
    assert.equal((await sendJson(editor, 'GET', `/admin/articles/${article.id}/working-copy`)).json().fields.title, 'The editor’s text');
    assert.equal((await sendJson(admin, 'GET', `/admin/articles/${article.id}/working-copy`)).json().fields.title, 'The admin’s text');
  });

  test('a new article’s copy lives under its browser’s draft key, for that person only', async () => {
    const key = 'd6c1a0f2-61f4-4c36-9b8e-0a3d54c2e0aa';
    const put = await sendJson(editor, 'PUT', `/admin/articles/new/working-copy/${key}`, typed({ title: 'Not saved yet', revision: '' }));
    assert.equal(put.statusCode, 200, put.body);
    const got = await sendJson(editor, 'GET', `/admin/articles/new/working-copy/${key}`);
    assert.equal(got.json().fields.title, 'Not saved yet');
    assert.equal(got.json().baseRevision, null);
    assert.equal((await sendJson(admin, 'GET', `/admin/articles/new/working-copy/${key}`)).statusCode, 404, 'the same key is another slot for another person');
    // A contributor writes new drafts, so keeps copies of them.
    assert.equal((await sendJson(contributor, 'PUT', `/admin/articles/new/working-copy/${key}`, typed({ revision: '' }))).statusCode, 200);
    assert.equal((await sendJson(editor, 'DELETE', `/admin/articles/new/working-copy/${key}`)).json().discarded, true);
    const bad = await sendJson(editor, 'PUT', '/admin/articles/new/working-copy/no%20spaces%20here', typed());
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'field_format');
  });

  test('the editor’s limits: an over-long field or body is refused with 400 and nothing is stored', async () => {
    const article = await newArticle();
    const url = `/admin/articles/${article.id}/working-copy`;
    const long = await sendJson(editor, 'PUT', url, typed({ title: 'x'.repeat(LIMITS.title + 1) }));
    assert.equal(long.statusCode, 400);
    assert.equal(long.json().error.code, 'field_too_long');
    assert.equal(long.json().error.field, 'title');
    // Under the character limit but over the byte limit: Cyrillic takes two bytes a letter.
    const heavy = await sendJson(editor, 'PUT', url, typed({ bodyMd: 'ж'.repeat(LIMITS.bodyBytes / 2 + 10) }));
    assert.equal(heavy.statusCode, 400);
    assert.equal(heavy.json().error.code, 'body_too_large');
    const unknown = await sendJson(editor, 'PUT', url, { ...typed(), status: 'published' });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.code, 'field_unknown');
    assert.equal((await sendJson(editor, 'GET', url)).statusCode, 404, 'nothing was stored');
  });

  test('CSRF: without the page’s token a working copy is refused', async () => {
    const article = await newArticle();
    const url = `/admin/articles/${article.id}/working-copy`;
    const missing = await sendJson(editor, 'PUT', url, typed(), { csrf: false });
    assert.equal(missing.statusCode, 403);
    assert.equal(missing.json().error.code, 'csrf_invalid');
    const forged = await editor.request({ method: 'PUT', url, headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': 'forged' }, payload: JSON.stringify(typed()) });
    assert.equal(forged.statusCode, 403);
    assert.equal((await sendJson(editor, 'DELETE', url, undefined, { csrf: false })).statusCode, 403);
    assert.equal((await sendJson(editor, 'GET', url)).statusCode, 404);
  });

  test('who may: signed out is 401; a contributor keeps copies of their own draft only, not of others’ nor once it is in review', async () => {
    const article = await newArticle();
    const anonymous = new Agent(app);
    const signedOut = await sendJson(anonymous, 'PUT', `/admin/articles/${article.id}/working-copy`, typed(), { csrf: false });
    assert.equal(signedOut.statusCode, 401);
    const notTheirs = await sendJson(contributor, 'PUT', `/admin/articles/${article.id}/working-copy`, typed());
    assert.equal(notTheirs.statusCode, 403);
    assert.equal(notTheirs.json().error.code, 'article_not_yours');
    assert.equal((await sendJson(contributor, 'GET', `/admin/articles/${article.id}/working-copy`)).statusCode, 403);

    const { id: writerId } = await database.db.selectFrom('users').select('id').where('email', '=', 'writer@example.com').executeTakeFirstOrThrow();
    const own = await articlesRepository(database).save(articleInput({ status: 'draft', bodyMd: BODY }), { editor: 'writer@example.com', now: clock });
    await database.db.updateTable('articles').set({ owner_id: writerId }).where('id', '=', own.article.id).execute();
    const url = `/admin/articles/${own.article.id}/working-copy`;
    assert.equal((await sendJson(contributor, 'PUT', url, typed())).statusCode, 200, 'their own draft');
    assert.equal((await sendJson(contributor, 'GET', url)).json().fields.title, 'A retitled story');
    await database.db.updateTable('articles').set({ review_state: 'in_review' }).where('id', '=', own.article.id).execute();
    const inReview = await sendJson(contributor, 'PUT', url, typed({ title: 'Changed while in review' }));
    assert.equal(inReview.statusCode, 409, 'the text an editor reviews holds still');
    assert.equal(inReview.json().error.code, 'article_in_review');
    assert.equal((await sendJson(editor, 'PUT', url, typed())).statusCode, 200, 'an editor may work on it in review');
    assert.equal((await sendJson(editor, 'GET', '/admin/articles/999999/working-copy')).statusCode, 404);
  });

  test('the summary preview runs the real summarizer on the typed text and stores nothing', async () => {
    const stored = async () => [(await database.db.selectFrom('article_revisions').select('id').execute()).length, (await database.db.selectFrom('articles').select('id').execute()).length];
    const before = await stored();
    const res = await sendJson(editor, 'POST', '/admin/articles/summary-preview', { title: 'New hatchback on sale', standfirst: '', bodyMd: BODY });
    assert.equal(res.statusCode, 200, res.body);
    const { points, lang } = res.json() as { points: Array<{ text: string; sentence: number }>; lang: string };
    assert.equal(lang, 'en');
    assert.ok(points.length >= 1 && points.length <= 5, `got ${points.length} points`);
    for (const p of points) assert.ok(BODY.includes(p.text), `“${p.text}” is a sentence of the text`);
    assert.deepEqual(await stored(), before, 'no article and no revision was stored');
    const empty = await sendJson(editor, 'POST', '/admin/articles/summary-preview', { bodyMd: '   ' });
    assert.deepEqual(empty.json(), { points: [], lang: 'und' });
    const tooLong = await sendJson(editor, 'POST', '/admin/articles/summary-preview', { bodyMd: BODY, title: 't'.repeat(LIMITS.title + 1) });
    assert.equal(tooLong.statusCode, 400);
    const noCsrf = await sendJson(editor, 'POST', '/admin/articles/summary-preview', { bodyMd: BODY }, { csrf: false });
    assert.equal(noCsrf.statusCode, 403);
    const missing = await sendJson(editor, 'POST', '/admin/articles/summary-preview', { title: 'No body' });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error.code, 'field_required');
  });

  test('the summary preview is rate-limited per person', async () => {
    const other = new Agent(app);
    await createUser(database.db, 'busy@example.com', 'editor');
    await other.login('busy@example.com', TEST_PASSWORD);
    await other.get('/admin/schedule');
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await sendJson(other, 'POST', '/admin/articles/summary-preview', { bodyMd: 'Short text.' })).statusCode);
    assert.deepEqual(statuses.slice(0, 30), new Array(30).fill(200));
    assert.equal(statuses[30], 429);
    // Someone else at the same address is not held up by it.
    assert.equal((await sendJson(editor, 'POST', '/admin/articles/summary-preview', { bodyMd: 'Short text.' })).statusCode, 200);
  });
});
