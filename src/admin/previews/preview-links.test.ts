import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, createUser, TEST_PASSWORD } from '../../../test/support/admin-agent';
import { buildTestApp } from '../../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines';

const BODY =
  'The new hatchback goes on sale in March with a 1.6-litre engine. Prices start at 1.2 million roubles, according to the maker.\n\n' +
  'Dealers expect strong demand in the regions. The car gets a larger touch screen and heated seats as standard.\n\n' +
  'Deliveries of the automatic version begin in the summer. The company plans to build 50,000 cars this year.';

const DAY_MS = 86_400_000;

forEachEngine('preview links', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let editor: Agent;
  let clock = new Date('2026-11-24T09:00:00Z');
  const form = (overrides: Record<string, string> = {}) => ({
    title: 'Secret hatchback revealed',
    standfirst: 'A draft nobody should index.',
    bodyMd: BODY,
    author: 'Anna Writer',
    rubric: 'news',
    tags: 'Lada',
    heroUrl: '',
    heroAlt: '',
    heroCredit: '',
    publishAt: '',
    ...overrides,
  });
  let counter = 0;

  /** A new draft through the editor; returns its id, with the agent on its editor page (CSRF token read). */
  async function draft(overrides: Record<string, string> = {}): Promise<number> {
    counter += 1;
    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles', { ...form({ slug: `secret-draft-${counter}`, ...overrides }), action: 'save' });
    assert.equal(created.statusCode, 303);
    const id = Number(/\/admin\/articles\/(\d+)/.exec(String(created.headers.location))![1]);
    await editor.get(`/admin/articles/${id}`);
    return id;
  }

  /** Makes a link from the editor page and returns its full URL, read from the page it is shown on once. */
  async function makeLink(id: number, days?: string): Promise<string> {
    const made = await editor.post(`/admin/articles/${id}/previews`, days ? { days } : {});
    assert.equal(made.statusCode, 303, made.body);
    assert.equal(made.headers.location, `/admin/articles/${id}#preview-links`);
    const page = await editor.get(`/admin/articles/${id}`);
    const url = /value="(http:\/\/paddock\.test\/preview\/[^"]+)"/.exec(page.body)?.[1];
    assert.ok(url, 'the new link is shown on the editor page');
    assert.match(page.body, /Copy it now: it will not be shown again/);
    return url;
  }
  const pathOf = (url: string) => new URL(url).pathname;
  const auditActions = async (action: string) => database.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

  before(async () => {
    database = await open();
    await createUser(database.db, 'ed@example.com', 'editor');
    app = await buildTestApp(database, { now: () => clock, env: { PAGE_CACHE: 'on' } });
    editor = new Agent(app);
    await editor.login('ed@example.com', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('an editor makes a link; anyone with it sees the draft with its summary, a banner, noindex and no-store; the URL is shown once', async () => {
    const id = await draft();
    const url = await makeLink(id);
    assert.match(url, /^http:\/\/paddock\.test\/preview\/\d+\.[A-Za-z0-9_-]{43}$/);
    const again = await editor.get(`/admin/articles/${id}`);
    assert.doesNotMatch(again.body, /paddock\.test\/preview\//, 'the full link is shown only once');
    assert.match(again.body, /Preview links/);
    assert.match(again.body, /status-preview-active/);
    assert.match(again.body, /ed@example\.com/);

    const stored = await database.db.selectFrom('preview_links').selectAll().execute();
    assert.equal(stored.length, 1);
    const secret = url.split('.').pop()!;
    assert.ok(!JSON.stringify(stored).includes(secret), 'only a hash of the secret is stored');
    assert.match(stored[0]!.token_hash, /^[0-9a-f]{64}$/);
    assert.equal(stored[0]!.expires_at, new Date(clock.getTime() + 7 * DAY_MS).toISOString(), 'a week unless the editor picks otherwise');
    const audited = await auditActions('preview.create');
    assert.equal(audited.length, 1);
    assert.equal(audited[0]!.actor, 'ed@example.com');
    assert.equal(audited[0]!.target, `article:${id}`);

    const page = await app.inject(pathOf(url));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Secret hatchback revealed<\/h1>/);
    assert.match(page.body, /Preview — not published/);
    assert.match(page.body, /<meta name="robots" content="noindex"\/?>/);
    assert.match(page.body, /class="summary-panel"/);
    assert.match(page.body, /class="summary-points"/, 'the summary is there, as on the public page');
    assert.equal(page.headers['x-robots-tag'], 'noindex');
    assert.equal(page.headers['cache-control'], 'private, no-store');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.equal((await app.inject('/news/secret-draft-1')).statusCode, 404, 'the draft is still not public');
  });

  test('previews are never served from the page cache: an edit shows at once', async () => {
    const id = await draft({ title: 'Before the edit' });
    const url = await makeLink(id);
    assert.match((await app.inject(pathOf(url))).body, /<h1>Before the edit<\/h1>/);
    await editor.get(`/admin/articles/${id}`);
    const edited = await editor.post(`/admin/articles/${id}`, { ...form({ slug: `secret-draft-${counter}`, title: 'After the edit' }), revision: '1', action: 'save' });
    assert.equal(edited.statusCode, 303);
    const second = await app.inject(pathOf(url));
    assert.equal(second.statusCode, 200);
    assert.match(second.body, /<h1>After the edit<\/h1>/);
    assert.equal(second.headers['cache-control'], 'private, no-store');
  });

  test('an expired link answers 410 with a message; the editor may pick 1, 7 or 30 days, nothing else', async () => {
    const start = clock;
    const id = await draft();
    const url = await makeLink(id, '1');
    assert.equal((await app.inject(pathOf(url))).statusCode, 200);
    clock = new Date(start.getTime() + DAY_MS - 1000);
    assert.equal((await app.inject(pathOf(url))).statusCode, 200, 'still valid just before a day');
    clock = new Date(start.getTime() + DAY_MS);
    const gone = await app.inject(pathOf(url));
    assert.equal(gone.statusCode, 410);
    assert.match(gone.body, /This preview link no longer works/);
    assert.match(gone.body, /expired on/);
    assert.doesNotMatch(gone.body, /Secret hatchback revealed/, 'a dead link tells nothing of the article');
    assert.equal(gone.headers['cache-control'], 'private, no-store');
    assert.equal(gone.headers['x-robots-tag'], 'noindex');
    // A day on, the session has ended too: sign in again to see the list.
    await editor.login('ed@example.com', TEST_PASSWORD);
    assert.match((await editor.get(`/admin/articles/${id}`)).body, /status-preview-expired/);
    clock = start;
    await editor.login('ed@example.com', TEST_PASSWORD);
    await editor.get(`/admin/articles/${id}`);

    const long = await makeLink(id, '30');
    const row = await database.db.selectFrom('preview_links').select('expires_at').where('id', '=', Number(/\/preview\/(\d+)\./.exec(long)![1])).executeTakeFirstOrThrow();
    assert.equal(row.expires_at, new Date(start.getTime() + 30 * DAY_MS).toISOString());
    await editor.get(`/admin/articles/${id}`);
    const before = (await database.db.selectFrom('preview_links').select('id').execute()).length;
    assert.equal((await editor.post(`/admin/articles/${id}/previews`, { days: '5' })).statusCode, 400);
    assert.equal((await database.db.selectFrom('preview_links').select('id').execute()).length, before);
  });

  test('a revoked link answers 410; revoking is audited and shown in the list', async () => {
    const id = await draft();
    const url = await makeLink(id);
    const linkId = Number(/\/preview\/(\d+)\./.exec(url)![1]);
    // Seen once first: revoking changes no article (nor the content version), so a cached copy would outlive it.
    assert.equal((await app.inject(pathOf(url))).statusCode, 200);
    const revoked = await editor.post(`/admin/articles/${id}/previews/${linkId}/revoke`);
    assert.equal(revoked.statusCode, 303);
    const page = await editor.get(`/admin/articles/${id}`);
    assert.match(page.body, new RegExp(`Preview link ${linkId} is revoked`));
    assert.match(page.body, /status-preview-revoked/);
    const gone = await app.inject(pathOf(url));
    assert.equal(gone.statusCode, 410);
    assert.match(gone.body, /withdrawn on/);
    const audited = (await auditActions('preview.revoke')).filter((e) => e.target === `article:${id}`);
    assert.equal(audited.length, 1);
    assert.equal(audited[0]!.actor, 'ed@example.com');

    // A link of another article cannot be revoked through this one's address.
    const other = await draft();
    await editor.post(`/admin/articles/${other}/previews/${linkId + 1000}/revoke`);
    assert.match((await editor.get(`/admin/articles/${other}`)).body, /has no preview link/);
  });

  test('a tampered, malformed or unknown token answers 404', async () => {
    const id = await draft();
    const url = await makeLink(id);
    const path = pathOf(url);
    const last = path.at(-1) === 'A' ? 'B' : 'A';
    const tampered = await app.inject(`${path.slice(0, -1)}${last}`);
    assert.equal(tampered.statusCode, 404);
    assert.doesNotMatch(tampered.body, /Secret hatchback revealed/);
    assert.equal(tampered.headers['cache-control'], 'no-store');
    const [, idPart, secret] = /\/preview\/(\d+)\.(.+)$/.exec(path)!;
    assert.equal((await app.inject(`/preview/${Number(idPart) + 1}.${secret}`)).statusCode, 404, 'the secret of one link does not open another');
    assert.equal((await app.inject(`/preview/${idPart}`)).statusCode, 404);
    assert.equal((await app.inject('/preview/abc.def')).statusCode, 404);
    assert.equal((await app.inject(`/preview/999999.${secret}`)).statusCode, 404);
    assert.equal((await app.inject(path)).statusCode, 200, 'the real link still works');
  });

  test('publishing keeps the link working: it sends to the public address', async () => {
    const id = await draft({ slug: 'to-be-published' });
    const url = await makeLink(id);
    await editor.get(`/admin/articles/${id}`);
    const published = await editor.post(`/admin/articles/${id}`, { ...form({ slug: 'to-be-published' }), revision: '1', action: 'publish' });
    assert.equal(published.statusCode, 303);
    const res = await app.inject(pathOf(url));
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, '/news/to-be-published');
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const page = await editor.get(`/admin/articles/${id}`);
    assert.match(page.body, /its preview links now lead there/);
    // A published article needs no new link: the editor is told so.
    await editor.post(`/admin/articles/${id}/previews`, {});
    assert.match((await editor.get(`/admin/articles/${id}`)).body, /already published/);
  });

  test('a scheduled article has preview links too', async () => {
    const id = await draft({ slug: 'scheduled-one' });
    const edited = await editor.post(`/admin/articles/${id}`, { ...form({ slug: 'scheduled-one', publishAt: '2026-12-24T12:00' }), revision: '1', action: 'schedule' });
    assert.equal(edited.statusCode, 303);
    await editor.get(`/admin/articles/${id}`);
    const url = await makeLink(id);
    const page = await app.inject(pathOf(url));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Preview — not published/);
  });

  test('CSRF: making or revoking a link without the form token is refused', async () => {
    const id = await draft();
    const count = async () => (await database.db.selectFrom('preview_links').select('id').where('article_id', '=', id).execute()).length;
    assert.equal((await editor.post(`/admin/articles/${id}/previews`, {}, { csrf: false })).statusCode, 403);
    assert.equal((await editor.post(`/admin/articles/${id}/previews`, { _csrf: 'forged' })).statusCode, 403);
    assert.equal(await count(), 0);
    const url = await makeLink(id);
    const linkId = Number(/\/preview\/(\d+)\./.exec(url)![1]);
    assert.equal((await editor.post(`/admin/articles/${id}/previews/${linkId}/revoke`, {}, { csrf: false })).statusCode, 403);
    assert.equal((await app.inject(pathOf(url))).statusCode, 200, 'not revoked');
  });

  test('an anonymous visitor cannot make or revoke links', async () => {
    const id = await draft();
    const count = async () => (await database.db.selectFrom('preview_links').select('id').where('article_id', '=', id).execute()).length;
    const stranger = new Agent(app);
    await stranger.get('/admin/login');
    const made = await stranger.post(`/admin/articles/${id}/previews`, { days: '7' });
    assert.equal(made.statusCode, 303);
    assert.match(String(made.headers.location), /^\/admin\/login/);
    assert.equal(await count(), 0);
    const url = await makeLink(id);
    const linkId = Number(/\/preview\/(\d+)\./.exec(url)![1]);
    const revoke = await stranger.post(`/admin/articles/${id}/previews/${linkId}/revoke`);
    assert.match(String(revoke.headers.location), /^\/admin\/login/);
    assert.equal((await app.inject(pathOf(url))).statusCode, 200, 'still works');
    assert.equal((await app.inject({ method: 'POST', url: `/admin/articles/${id}/previews`, payload: 'days=7', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode, 303);
    assert.equal(await count(), 1);
  });
});
