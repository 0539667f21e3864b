import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, createUser, TEST_PASSWORD } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { postForm } from '../../test/support/forms';
import { articlesRepository } from '../articles/repository';

/** Every /admin route with the role it needs; `:id` is article 1 or user 1, `:rev` revision 1. */
const PAGES: Array<[string, 'editor' | 'admin']> = [
  ['/admin', 'editor'],
  ['/admin/articles', 'editor'],
  ['/admin/articles/new', 'editor'],
  ['/admin/articles/1', 'editor'],
  ['/admin/articles/1/revisions', 'editor'],
  ['/admin/articles/1/diff?from=1&to=1', 'editor'],
  ['/admin/articles/1/summary', 'editor'],
  ['/admin/users', 'admin'],
  ['/admin/audit', 'admin'],
];
const APIS: Array<[string, 'editor' | 'admin']> = [
  ['/admin/api/me', 'editor'],
  ['/admin/api/audit', 'admin'],
];
const POSTS: Array<[string, 'editor' | 'admin']> = [
  ['/admin/articles', 'editor'],
  ['/admin/articles/1', 'editor'],
  ['/admin/articles/1/unpublish', 'editor'],
  ['/admin/articles/1/revisions/1/restore', 'editor'],
  ['/admin/articles/1/summary', 'editor'],
  ['/admin/articles/1/summary/recompute', 'editor'],
  ['/admin/logout', 'editor'],
  ['/admin/users', 'admin'],
  ['/admin/users/1/disable', 'admin'],
  ['/admin/users/1/enable', 'admin'],
  ['/admin/users/1/link', 'admin'],
];

forEachEngine('admin access control', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  before(async () => {
    database = await open();
    await articlesRepository(database).save(articleInput({ slug: 'first' }));
    await createUser(database.db, 'admin@example.com', 'admin');
    await createUser(database.db, 'editor@example.com', 'editor');
    app = await buildTestApp(database);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('the route table above covers what is registered', () => {
    for (const [url] of [...PAGES, ...APIS]) assert.ok(app.hasRoute({ method: 'GET', url: url.split('?')[0]!.replace(/\/1(?=\/|$)/g, '/:id') }), url);
  });

  test('without a session, pages redirect to sign-in and come back after; APIs and JSON requests get 401', async () => {
    for (const [url] of PAGES) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 303, url);
      assert.equal(res.headers.location, `/admin/login?next=${encodeURIComponent(url)}`, url);
      assert.equal(res.headers['cache-control'], 'no-store');
    }
    for (const [url] of APIS) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 401, url);
      assert.equal(res.json().error.code, 'not_signed_in');
    }
    for (const [url] of POSTS) {
      const form = await postForm(app, url, { a: '1' });
      assert.equal(form.statusCode, 303, url);
      assert.match(form.headers.location as string, /^\/admin\/login/);
      const json = await app.inject({ method: 'POST', url, payload: { a: 1 }, headers: { accept: 'application/json' } });
      assert.equal(json.statusCode, 401, url);
    }
    const stored = await database.db.selectFrom('users').select('disabled').where('id', '=', 1).executeTakeFirstOrThrow();
    assert.equal(stored.disabled, 0, 'nothing happened');
  });

  test('an editor gets 403 on admin-only pages, APIs and forms; an admin gets through', async () => {
    const editor = new Agent(app);
    assert.equal((await editor.login('editor@example.com', TEST_PASSWORD)).statusCode, 303);
    for (const [url, role] of [...PAGES, ...APIS]) {
      const res = await editor.get(url);
      if (role === 'admin') {
        assert.equal(res.statusCode, 403, url);
        assert.match(res.body, /does not allow this/);
      } else assert.ok(res.statusCode === 200 || res.statusCode === 303, `${url}: ${res.statusCode}`);
    }
    await editor.get('/admin/articles');
    for (const [url, role] of POSTS) {
      if (role !== 'admin') continue;
      const res = await editor.post(url, { email: 'new@example.com', role: 'admin' });
      assert.equal(res.statusCode, 403, url);
    }
    const none = await database.db.selectFrom('users').select('email').where('email', '=', 'new@example.com').executeTakeFirst();
    assert.equal(none, undefined, 'the editor could not add an admin');

    const admin = new Agent(app);
    await admin.login('admin@example.com', TEST_PASSWORD);
    for (const [url] of [...PAGES, ...APIS]) assert.ok([200, 303].includes((await admin.get(url)).statusCode), url);
  });

  test('every state-changing request without a CSRF token, or with a forged one, is refused with 403', async () => {
    const admin = new Agent(app);
    await admin.login('admin@example.com', TEST_PASSWORD);
    await admin.get('/admin/articles');
    const before = await database.db.selectFrom('article_revisions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    for (const [url] of POSTS) {
      const missing = await admin.post(url, { title: 'x', bodyMd: 'y', email: 'a@b.cd', role: 'editor' }, { csrf: false });
      assert.equal(missing.statusCode, 403, url);
      assert.match(missing.body, /This form has expired or was opened in another browser\. Reload the page and send it again\./);
      const forged = await admin.post(url, { _csrf: 'forged-token', title: 'x', bodyMd: 'y' });
      assert.equal(forged.statusCode, 403, url);
      const json = await admin.request({ method: 'POST', url, payload: { title: 'x' }, headers: { accept: 'application/json', 'x-csrf-token': 'nope' } });
      assert.equal(json.statusCode, 403, url);
      assert.equal(json.json().error.code, 'csrf_invalid');
    }
    const after = await database.db.selectFrom('article_revisions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n), 'nothing was stored');
    assert.equal((await admin.get('/admin/api/me')).statusCode, 200, 'still signed in: logout was refused too');
    // A token from another browser's cookie does not work with this one's.
    const other = new Agent(app);
    await other.get('/admin/login');
    const stolen = await admin.post('/admin/users', { _csrf: other.csrf, email: 'x@example.com', role: 'editor' });
    assert.equal(stolen.statusCode, 403);
    // The sign-in form is protected as well (login CSRF).
    const anonymous = await postForm(app, '/admin/login', { email: 'a@b.cd', password: 'x' });
    assert.equal(anonymous.statusCode, 403);
  });
});
