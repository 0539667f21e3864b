import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, createUser, TEST_PASSWORD } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { articlesRepository } from '../articles/repository';

const BODY =
  'The new hatchback goes on sale in March with a 1.6-litre engine. Prices start at 1.2 million roubles, according to the maker.\n\n' +
  'Dealers expect strong demand in the regions. The car gets a larger touch screen and heated seats as standard.\n\n' +
  'Deliveries of the automatic version begin in the summer. The company plans to build 50,000 cars this year.\n\n' +
  'Exports to Kazakhstan and Belarus start in the autumn. A sporty version with a stiffer suspension is planned for next year.';

const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';

forEachEngine('admin article editor', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let editor: Agent;
  let clock = new Date('2026-11-24T09:00:00Z');
  const idOf = (location: unknown) => Number(/\/admin\/articles\/(\d+)/.exec(String(location))![1]);
  const form = (overrides: Record<string, string> = {}) => ({
    title: 'Lada Iskra goes on sale',
    standfirst: 'The new hatchback arrives in March.',
    bodyMd: BODY,
    author: 'Anna Writer',
    rubric: 'news',
    tags: 'Lada, Iskra',
    heroUrl: '',
    heroAlt: '',
    heroCredit: '',
    publishAt: '',
    ...overrides,
  });

  before(async () => {
    database = await open();
    await articlesRepository(database).save(articleInput({ slug: 'existing', title: 'Existing story', rubric: { slug: 'news', name: 'News' }, publishedAt: new Date('2026-11-01T10:00:00Z') }));
    await createUser(database.db, 'ed@example.com', 'editor');
    app = await buildTestApp(database, { now: () => clock });
    editor = new Agent(app);
    await editor.login('ed@example.com', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('Preview renders the article and its summary without storing anything', async () => {
    await editor.get('/admin/articles/new');
    const res = await editor.post('/admin/articles', { ...form({ bodyMd: `${BODY}\n\n**Bold claim.**` }), action: 'preview' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h2 id="preview-heading">Preview<\/h2>/);
    assert.match(res.body, /<strong><span[^>]*>Bold claim\.<\/span><\/strong>/);
    assert.match(res.body, /Summary as it will be computed/);
    assert.match(res.body, /value="Lada Iskra goes on sale"/, 'the form is shown again, filled in');
    assert.equal(await articlesRepository(database).findBySlug('lada-iskra-goes-on-sale'), null);
  });

  test('write a draft, then publish it: readers see it with its summary; the audit log has both', async () => {
    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles', { ...form(), action: 'save' });
    assert.equal(created.statusCode, 303);
    const id = idOf(created.headers.location);
    const draftPage = await editor.get(created.headers.location as string);
    assert.match(draftPage.body, /The draft is saved\./);
    assert.match(draftPage.body, /status-draft/);
    assert.match(draftPage.body, /Computed by the summarizer/);
    assert.equal((await app.inject('/news/lada-iskra-goes-on-sale')).statusCode, 404, 'a draft is not public');

    const published = await editor.post(`/admin/articles/${id}`, { ...form(), revision: '1', action: 'publish' });
    assert.equal(published.statusCode, 303);
    assert.match((await editor.get(published.headers.location as string)).body, /The article is published\./);
    const page = await app.inject('/news/lada-iskra-goes-on-sale');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Lada Iskra goes on sale<\/h1>/);
    const summary = (await app.inject('/api/v1/articles/lada-iskra-goes-on-sale/summary')).json();
    assert.ok(summary.points.length >= 1);
    assert.equal(summary.edited, false);

    const article = (await articlesRepository(database).findById(id))!;
    assert.equal(article.publishedAt, clock.toISOString(), 'published now');
    const audit = await database.db.selectFrom('audit_log').select(['action', 'actor']).where('target', '=', `article:${id}`).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['article.create', 'article.edit', 'article.publish']);
    assert.ok(audit.every((a) => a.actor === 'ed@example.com'));
  });

  test('schedule needs a future time; a scheduled article appears by itself at that time; unpublish takes it down', async () => {
    await editor.get('/admin/articles/new');
    const past = await editor.post('/admin/articles', { ...form({ title: 'Scheduled story', publishAt: '2026-11-20T10:00' }), action: 'schedule' });
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /give a publication time in the future/);
    // Site time zone is Europe/Moscow (UTC+3): 15:00 there is 12:00 UTC.
    const res = await editor.post('/admin/articles', { ...form({ title: 'Scheduled story', publishAt: '2026-11-24T15:00' }), action: 'schedule' });
    assert.equal(res.statusCode, 303);
    const id = idOf(res.headers.location);
    assert.equal((await articlesRepository(database).findById(id))!.publishedAt, '2026-11-24T12:00:00.000Z');
    assert.match((await editor.get('/admin/articles?status=scheduled')).body, /Scheduled story/);
    assert.equal((await app.inject('/news/scheduled-story')).statusCode, 404);
    clock = new Date('2026-11-24T12:00:01Z');
    assert.equal((await app.inject('/news/scheduled-story')).statusCode, 200);

    await editor.login('ed@example.com', TEST_PASSWORD); // three idle hours ended the session
    await editor.get(`/admin/articles/${id}`);
    const down = await editor.post(`/admin/articles/${id}/unpublish`);
    assert.equal(down.statusCode, 303);
    assert.match((await editor.get(down.headers.location as string)).body, /it is a draft again/);
    assert.equal((await app.inject('/news/scheduled-story')).statusCode, 404);
    assert.ok((await database.db.selectFrom('audit_log').select('id').where('action', '=', 'article.unpublish').where('target', '=', `article:${id}`).executeTakeFirst()));
  });

  test('the list filters by status, rubric and words of the title', async () => {
    const all = await editor.get('/admin/articles');
    assert.match(all.body, /Existing story/);
    assert.match(all.body, /Lada Iskra goes on sale/);
    const drafts = await editor.get('/admin/articles?status=draft');
    assert.match(drafts.body, /Scheduled story/);
    assert.doesNotMatch(drafts.body, /Existing story/);
    const search = await editor.get('/admin/articles?q=ISKRA');
    assert.match(search.body, /Lada Iskra goes on sale/);
    assert.doesNotMatch(search.body, /Existing story/);
    assert.match((await editor.get('/admin/articles?q=100%25_')).body, /0 articles/, 'wildcards are literal');
    await articlesRepository(database).save(articleInput({ slug: 'porsche-ru', title: 'Порше Кайен: тест' }));
    assert.match((await editor.get(`/admin/articles?q=${encodeURIComponent('порше')}`)).body, /Порше Кайен: тест/, 'case folds beyond ASCII on every engine');
    assert.match((await editor.get('/admin/articles?rubric=nothing')).body, /0 articles/);
    const bad = await editor.get('/admin/articles?status=gone');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /“status” must be one of: draft, published, scheduled, in_review, changes_requested\./);
    assert.equal((await editor.get('/admin/articles?page=-1')).statusCode, 400);
    assert.equal((await editor.get('/admin/articles/99999')).statusCode, 404);
    assert.equal((await editor.get('/admin/articles/abc')).statusCode, 400);
  });

  test('saving over someone else\'s newer revision is refused with 409 and keeps the text', async () => {
    const article = (await articlesRepository(database).findBySlug('existing'))!;
    await editor.get(`/admin/articles/${article.id}`);
    await articlesRepository(database).save({ ...articleInput({ slug: 'existing', title: 'Changed by a colleague', rubric: { slug: 'news', name: 'News' } }) });
    const res = await editor.post(`/admin/articles/${article.id}`, { ...form({ title: 'My version' }), revision: String(article.revision), action: 'save' });
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /Someone saved this article while you were editing/);
    assert.match(res.body, /value="My version"/);
    assert.equal((await articlesRepository(database).findById(article.id))!.title, 'Changed by a colleague');
  });

  test('changing the address in the editor moves the article and keeps a working redirect from the old one; a taken address is refused', async () => {
    const repo = articlesRepository(database);
    await repo.save(articleInput({ slug: 'renamed-story', title: 'A story to rename', publishedAt: new Date('2026-11-02T10:00:00Z') }));
    const article = (await repo.findBySlug('renamed-story'))!;
    const taken = await editor.post(`/admin/articles/${article.id}`, { ...form({ slug: 'existing' }), revision: String(article.revision), action: 'save' });
    assert.equal(taken.statusCode, 409);
    assert.match(taken.body, /Another article already has the address “existing”/);
    assert.equal((await repo.findById(article.id))!.slug, 'renamed-story', 'nothing stored');

    const res = await editor.post(`/admin/articles/${article.id}`, { ...form({ slug: 'story-with-a-new-name' }), revision: String(article.revision), action: 'save' });
    assert.equal(res.statusCode, 303);
    assert.equal((await repo.findById(article.id))!.slug, 'story-with-a-new-name');
    const old = await app.inject('/news/renamed-story');
    assert.equal(old.statusCode, 301);
    assert.equal(old.headers.location, '/news/story-with-a-new-name');
    assert.equal((await app.inject('/news/story-with-a-new-name')).statusCode, 200);
  });

  test('bad input is refused with a message per field and nothing stored; never a 5xx', async () => {
    await editor.get('/admin/articles/new');
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ title: '' }, /A title is required/],
      [{ title: 'x'.repeat(201) }, /at most 200 are allowed/],
      [{ bodyMd: '   ' }, /The body is required/],
      [{ slug: 'Not A Slug!' }, /lower-case letters, digits and single hyphens/],
      [{ slug: 'existing' }, /already exists/],
      [{ heroUrl: 'javascript:alert(1)', heroAlt: 'x' }, /http\(s\) URL or a path/],
      [{ heroUrl: 'https://img.example/a.jpg' }, /Describe the image/],
      [{ heroAlt: 'lonely alt' }, /Give the image address/],
      [{ publishAt: 'tomorrow' }, /must be a date and time/],
      [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(',') }, /At most 20 tags/],
      [{ tags: '!!!' }, /must have letters or digits/],
      [{ bodyMd: 'x'.repeat(201 * 1024) }, /larger than 200 KB/],
    ];
    const before = await articlesRepository(database).count();
    for (const [fields, message] of cases) {
      const res = await editor.post('/admin/articles', { ...form(fields), action: 'save' });
      assert.ok(res.statusCode === 400 || res.statusCode === 409, `${JSON.stringify(fields).slice(0, 60)}: ${res.statusCode}`);
      assert.match(res.body, message);
    }
    const unknownAction = await editor.post('/admin/articles', { ...form(), action: 'explode' });
    assert.equal(unknownAction.statusCode, 400);
    const huge = await editor.post('/admin/articles', { ...form({ bodyMd: 'x'.repeat(300 * 1024) }), action: 'save' });
    assert.equal(huge.statusCode, 413);
    assert.match(huge.body, /larger than this address accepts \(256 KB\)/);
    const json = await editor.request({ method: 'POST', url: '/admin/articles', payload: '[1,2]', headers: { 'content-type': 'application/json', 'x-csrf-token': editor.csrf } });
    assert.equal(json.statusCode, 400, 'a JSON array is not a form');
    const nul = await editor.post('/admin/articles', { ...form({ title: 'Nul\u0000 byte story', bodyMd: `${BODY}\u0000` }), action: 'save' });
    assert.equal(nul.statusCode, 303, 'control characters are dropped, not stored and not a 500');
    assert.equal((await articlesRepository(database).findById(idOf(nul.headers.location)))!.title, 'Nul byte story');
    assert.equal(await articlesRepository(database).count(), before + 1);
  });

  test('script in every field is stored as text and rendered harmless on the site and in the admin', async () => {
    await editor.get('/admin/articles/new');
    const res = await editor.post('/admin/articles', {
      ...form({
        title: `Title ${XSS}`,
        slug: 'xss-story',
        standfirst: `Standfirst ${XSS}`,
        bodyMd: `${BODY}\n\nBody ${XSS} [link](javascript:alert(3))`,
        author: `Author ${XSS}`,
        tags: `tag ${XSS}`,
        rubric: 'news',
        heroUrl: 'https://img.example/car.jpg',
        heroAlt: `Alt "${XSS}`,
        heroCredit: `Credit ${XSS}`,
      }),
      action: 'publish',
    });
    assert.equal(res.statusCode, 303);
    const id = idOf(res.headers.location);
    for (const url of ['/news/xss-story', '/news/xss-story/summary', `/admin/articles/${id}`, '/admin/articles', `/admin/articles/${id}/revisions`, `/admin/articles/${id}/summary`]) {
      const page = await editor.get(url);
      assert.equal(page.statusCode, 200, url);
      assert.doesNotMatch(page.body, /<script>alert/, url);
      assert.doesNotMatch(page.body, /<img src=x/, url);
      assert.doesNotMatch(page.body, /(href|src)="javascript:/i, url);
      assert.doesNotMatch(page.body, /<[a-z]+[^>]* onerror=/i, url);
    }
    const tagged = await app.inject('/news/xss-story');
    assert.match(tagged.body, /&lt;script>alert\(1\)&lt;\/script>|&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  test('the editor picks key points among the article\'s sentences; saving a new body recomputes them', async () => {
    const article = (await articlesRepository(database).findBySlug('lada-iskra-goes-on-sale'))!;
    const page = await editor.get(`/admin/articles/${article.id}/summary`);
    assert.equal(page.statusCode, 200);
    const boxes = [...page.body.matchAll(/name="sentence" value="(\d+)"/g)].map((m) => m[1]);
    assert.ok(boxes.length >= 8, 'every sentence is offered');
    const bad = await editor.post(`/admin/articles/${article.id}/summary`, { revision: String(article.revision), sentence: ['0', '999'] });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /not a sentence of this article/);
    const none = await editor.post(`/admin/articles/${article.id}/summary`, { revision: String(article.revision) });
    assert.match(none.body, /Choose from 1 to 7 sentences; you chose 0/);
    const stale = await editor.post(`/admin/articles/${article.id}/summary`, { revision: '1', sentence: ['0'] });
    assert.equal(stale.statusCode, 409);

    const ok = await editor.post(`/admin/articles/${article.id}/summary`, { revision: String(article.revision), sentence: ['6', '0'] });
    assert.equal(ok.statusCode, 303);
    const edited = (await app.inject('/api/v1/articles/lada-iskra-goes-on-sale/summary')).json();
    assert.equal(edited.edited, true);
    assert.deepEqual(edited.points.map((p: { sentence: number }) => p.sentence), [0, 6]);
    assert.equal(edited.points[0].text, 'The new hatchback goes on sale in March with a 1.6-litre engine.');
    const shown = await editor.get(`/admin/articles/${article.id}`);
    assert.match(shown.body, /Chosen by an editor/);
    const revision = await database.db.selectFrom('article_revisions').select(['summary_edited', 'editor']).where('article_id', '=', article.id).orderBy('revision', 'desc').executeTakeFirstOrThrow();
    assert.equal(revision.summary_edited, 1);
    assert.equal(revision.editor, 'ed@example.com');
    assert.equal((await app.inject('/news/lada-iskra-goes-on-sale/summary')).body.includes('Exports to Kazakhstan and Belarus start in the autumn.'), true);

    // A title-only change keeps the editor's choice: the sentences are the same.
    const current = (await articlesRepository(database).findById(article.id))!;
    await editor.post(`/admin/articles/${article.id}`, { ...form({ title: 'Lada Iskra: on sale in March', publishAt: '' }), revision: String(current.revision), action: 'save' });
    assert.equal((await app.inject('/api/v1/articles/lada-iskra-goes-on-sale/summary')).json().edited, true);

    // A new body makes a new summary: a stale one is never shown.
    const now = (await articlesRepository(database).findById(article.id))!;
    const newBody = `Sales were postponed until April because of a parts shortage. ${BODY}`;
    await editor.post(`/admin/articles/${article.id}`, { ...form({ title: 'Lada Iskra: on sale in March', bodyMd: newBody }), revision: String(now.revision), action: 'save' });
    const fresh = (await app.inject('/api/v1/articles/lada-iskra-goes-on-sale/summary')).json();
    assert.equal(fresh.edited, false);

    // Recompute on request, too.
    await editor.post(`/admin/articles/${article.id}/summary`, { revision: String(fresh.revision), sentence: ['1'] });
    assert.equal((await app.inject('/api/v1/articles/lada-iskra-goes-on-sale/summary')).json().edited, true);
    await editor.get(`/admin/articles/${article.id}`);
    const re = await editor.post(`/admin/articles/${article.id}/summary/recompute`);
    assert.equal(re.statusCode, 303);
    const recomputed = (await app.inject('/api/v1/articles/lada-iskra-goes-on-sale/summary')).json();
    assert.equal(recomputed.edited, false);
    assert.deepEqual(recomputed.points, fresh.points);
    const actions = (await database.db.selectFrom('audit_log').select('action').where('target', '=', `article:${article.id}`).execute()).map((r) => r.action);
    assert.ok(actions.includes('summary.edit') && actions.includes('summary.recompute'));
  });

  test('history: a diff between any two revisions, escaped; restore makes a new revision with the old content', async () => {
    const repo = articlesRepository(database);
    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles', { ...form({ title: 'History story', bodyMd: `${BODY}\n\nFirst ending.` }), action: 'publish' });
    const id = idOf(created.headers.location);
    const v1 = (await repo.findById(id))!;
    await editor.get(`/admin/articles/${id}`);
    await editor.post(`/admin/articles/${id}`, { ...form({ title: 'History story <b>bold</b>', bodyMd: `${BODY}\n\nSecond ending.` }), revision: String(v1.revision), action: 'save' });
    const v2 = (await repo.findById(id))!;
    assert.equal(v2.revision, v1.revision + 1);

    const list = await editor.get(`/admin/articles/${id}/revisions`);
    assert.match(list.body, new RegExp(`Restore revision ${v1.revision}`));
    const diff = await editor.get(`/admin/articles/${id}/diff?from=${v1.revision}&to=${v2.revision}`);
    assert.equal(diff.statusCode, 200);
    assert.match(diff.body, /<del>First ending\.\n<\/del>/);
    assert.match(diff.body, /<ins>Second ending\.\n<\/ins>/);
    assert.match(diff.body, /<ins> &lt;b>bold&lt;\/b><\/ins>|<ins> &lt;b&gt;bold&lt;\/b&gt;<\/ins>/);
    assert.equal((await editor.get(`/admin/articles/${id}/diff?from=1&to=99`)).statusCode, 404);
    assert.equal((await editor.get(`/admin/articles/${id}/diff?from=x&to=1`)).statusCode, 400);

    const restored = await editor.post(`/admin/articles/${id}/revisions/${v1.revision}/restore`);
    assert.equal(restored.statusCode, 303);
    assert.match((await editor.get(restored.headers.location as string)).body, /restored as a new revision/);
    const v3 = (await repo.findById(id))!;
    assert.equal(v3.revision, v2.revision + 1);
    assert.equal(v3.title, 'History story');
    assert.match(v3.bodyMd, /First ending\./);
    assert.equal(v3.status, 'published', 'status stays as it is now');
    assert.match((await app.inject(`/news/${v3.slug}`)).body, /First ending\./);
    assert.equal((await editor.post(`/admin/articles/${id}/revisions/99/restore`)).statusCode, 404);

    // A summary edit can be undone: restoring the revision before it brings back its summary.
    const beforeEdit = (await repo.findById(id))!;
    await editor.get(`/admin/articles/${id}/summary`);
    await editor.post(`/admin/articles/${id}/summary`, { revision: String(beforeEdit.revision), sentence: ['1'] });
    const edited = (await repo.findById(id))!;
    assert.equal(edited.summaryEdited, true);
    await editor.get(`/admin/articles/${id}/revisions`);
    assert.equal((await editor.post(`/admin/articles/${id}/revisions/${beforeEdit.revision}/restore`)).statusCode, 303);
    const undone = (await repo.findById(id))!;
    assert.equal(undone.revision, edited.revision + 1);
    assert.equal(undone.summaryEdited, false);
    assert.deepEqual(undone.summary, beforeEdit.summary);
    // And restoring the edited revision brings the editor's choice back with it.
    await editor.post(`/admin/articles/${id}/revisions/${edited.revision}/restore`);
    const redone = (await repo.findById(id))!;
    assert.equal(redone.summaryEdited, true);
    assert.deepEqual(redone.summary, edited.summary);
  });
});
