import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { adminAndEditor, type Agent } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { sendJson } from '../../test/support/json-requests';

const BODY = 'The new hatchback goes on sale in March.\n\nDealers expect strong demand in the regions.\n\nDeliveries begin in the summer.';

forEachEngine('editor wiring', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: Agent;
  let editor: Agent;
  const form = (o: Record<string, string> = {}) => ({ title: 'Hatchback on sale', slug: 'hatchback-on-sale', standfirst: 'Prices soon.', bodyMd: BODY, author: 'Anna', rubric: 'news', tags: 'lada', heroUrl: '', heroAlt: '', heroCredit: '', publishAt: '', ...o });
  before(async () => {
    database = await open();
    app = await buildTestApp(database);
    ({ admin, editor } = await adminAndEditor(database.db, app));
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('two sessions: the second save is refused with the side-by-side diff; save anyway carries the new revision', async () => {
    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles', { ...form(), action: 'save' });
    assert.equal(created.statusCode, 303, created.body);
    const id = Number(/\/admin\/articles\/(\d+)/.exec(String(created.headers.location))![1]);
    const page = await editor.get(`/admin/articles/${id}`);
    assert.match(page.body, /id="editor-config"/);
    assert.match(page.body, /<form[^>]*id="article-form"/);
    await admin.get(`/admin/articles/${id}`);
    const theirs = await admin.post(`/admin/articles/${id}`, { ...form({ bodyMd: BODY.replace('in the summer', 'in July') }), revision: '1', action: 'save' });
    assert.equal(theirs.statusCode, 303);
    const mine = await editor.post(`/admin/articles/${id}`, { ...form({ title: 'Hatchback on sale in March' }), revision: '1', action: 'save' });
    assert.equal(mine.statusCode, 409);
    assert.match(mine.body, /Someone else saved this article while you were editing/);
    assert.match(mine.body, /<del>Deliveries begin in the summer\.\n<\/del><ins>Deliveries begin in July\.\n<\/ins>/);
    assert.match(mine.body, /name="revision" value="2"/);
    assert.match(mine.body, /form="article-form" name="action" value="save"/);
    const merged = await editor.post(`/admin/articles/${id}`, { ...form({ title: 'Hatchback on sale in March', bodyMd: BODY.replace('in the summer', 'in July') }), revision: '2', action: 'save' });
    assert.equal(merged.statusCode, 303);
  });

  test('a working copy is offered back on the editor page while it differs, and spent by a save', async () => {
    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles', { ...form({ slug: 'second' }), action: 'save' });
    const id = Number(/\/admin\/articles\/(\d+)/.exec(String(created.headers.location))![1]);
    await editor.get(`/admin/articles/${id}`);
    assert.equal((await sendJson(editor, 'PUT', `/admin/articles/${id}/working-copy`, { ...form({ slug: 'second', title: 'Unsaved title' }), heroMedia: '', revision: '1' })).statusCode, 200);
    const page = await editor.get(`/admin/articles/${id}`);
    assert.match(page.body, /You have unsaved changes from/);
    assert.match(page.body, /"pending":\{"savedAt"/);
    const saved = await editor.post(`/admin/articles/${id}`, { ...form({ slug: 'second', title: 'Saved title' }), revision: '1', action: 'save' });
    assert.equal(saved.statusCode, 303);
    assert.equal((await sendJson(editor, 'GET', `/admin/articles/${id}/working-copy`)).statusCode, 404, 'spent by the save');
    assert.match((await editor.get(`/admin/articles/${id}`)).body, /"pending":null/);
  });
});
