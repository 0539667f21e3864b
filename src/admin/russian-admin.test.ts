// Every admin page, rendered for a person whose language is Russian, must show no English from the
// catalogues. The routes come from Fastify itself, so a page added later is walked too; one whose
// path parameters this file cannot fill fails the test until FILL says how.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, TEST_PASSWORD } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { englishLeftovers, englishPieces } from '../../test/support/english-leftovers';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { tempOutbox } from '../../test/support/grandprix';
import { NEWSROOM_NOW, NEWSROOM_PEOPLE, seedNewsroom, type Newsroom } from '../../test/support/one-of-everything';
import { usersRepository } from '../accounts/users';
import { ADMIN_CATALOGUES } from './i18n';

/**
 * Pages whose texts are being moved into the catalogue right now, by route. Each still shows
 * English; the test fails when one of them no longer does, so that it leaves this list then.
 */
const STILL_BEING_TRANSLATED = new Set<string>([]);

/**
 * Texts that are the same in both languages on purpose (a language's own name). Any other Russian
 * text equal to its English one is English left in the Russian catalogue, which the page walk
 * cannot see (it looks for English whose Russian differs).
 */
const SAME_IN_BOTH = new Set(['lang.en', 'lang.ru']);

/** How to fill each route's path parameters (and a query a page cannot do without), from the newsroom. */
const FILL: Record<string, (n: Newsroom) => string[]> = {
  '/admin/articles/:id': (n) => Object.values(n.articles).map((id) => `/admin/articles/${id}`),
  '/admin/articles/:id/revisions': (n) => [`/admin/articles/${n.articles.published}/revisions`, `/admin/articles/${n.articles.unpublished}/revisions`],
  '/admin/articles/:id/diff': (n) => [`/admin/articles/${n.articles.unpublished}/diff?from=1&to=2`],
  '/admin/articles/:id/summary': (n) => [`/admin/articles/${n.articles.published}/summary`, `/admin/articles/${n.articles.draft}/summary`],
  '/admin/media/:id': (n) => [`/admin/media/${n.mediaId}`],
  '/admin/authors/:id': (n) => [`/admin/authors/${n.authorId}`],
  '/admin/webhooks/:id': (n) => [`/admin/webhooks/${n.webhookId}`],
  '/admin/campaigns/:slug': (n) => [`/admin/campaigns/${n.campaign}`],
  '/admin/campaigns/:slug/entries': (n) => [`/admin/campaigns/${n.campaign}/entries`],
  '/admin/campaigns/:slug/entries/:code': (n) => [`/admin/campaigns/${n.campaign}/entries/${n.entryCode}`],
  '/admin/campaigns/:slug/entries.csv': (n) => [`/admin/campaigns/${n.campaign}/entries.csv`],
  '/admin/campaigns/:slug/results': (n) => [`/admin/campaigns/${n.campaign}/results`],
  '/admin/campaigns/:slug/results.csv': (n) => [`/admin/campaigns/${n.campaign}/results.csv`],
  '/admin/articles/:id/working-copy': (n) => [`/admin/articles/${n.articles.draft}/working-copy`],
  '/admin/articles/new/working-copy/:key': () => ['/admin/articles/new/working-copy/novyj-chernovik'],
};

/** Pages that refuse on purpose (the refusal page is walked too); every other page must answer 200. */
const REFUSING = (n: Newsroom): Record<string, number> => ({
  '/admin/audit?from=yesterday': 400,
  '/admin/set-password': 400,
  // No working copy saved: the editor's script asks for JSON; a person gets "not found" in Russian.
  '/admin/articles/new/working-copy/novyj-chernovik': 404,
  [`/admin/articles/${n.articles.draft}/working-copy`]: 404,
});

/** More states of pages without parameters: their notices, and pages that differ by their query. */
const VARIANTS: Record<string, (n: Newsroom) => string[]> = {
  '/admin/login': () => ['?expired=1', '?bye=1', '?password=1'],
  '/admin/set-password': (n) => [`?token=${n.pendingToken}`],
  '/admin/users': () => ['?done=disabled', '?done=enabled', '?done=lang'],
  '/admin/redirects': () => ['?done=added', '?done=removed'],
  '/admin/api-keys': () => ['?done=revoked'],
  '/admin/account': () => ['?done=saved'],
  // A refusal on a page: worded from the reader catalogue's Russian.
  '/admin/audit': () => ['?action=login', '?from=yesterday'],
};

/** Every GET route under /admin, read from Fastify's own route tree. */
function adminGetRoutes(app: FastifyInstance): string[] {
  const tree = app.printRoutes({ commonPrefix: false, method: 'GET' });
  const parents: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    parents.length = depth;
    const path = (parents[depth - 1] ?? '') + match[2]!;
    parents[depth] = path;
    if (match[3]?.split(/,\s*/).includes('GET') && (path === '/admin' || path.startsWith('/admin/'))) routes.push(path);
  }
  return routes;
}

const hasParameters = (route: string) => /[:*]/.test(route);

function urlsOf(route: string, newsroom: Newsroom): string[] {
  const base = hasParameters(route) ? (FILL[route]?.(newsroom) ?? []) : [route];
  const variants = VARIANTS[route]?.(newsroom) ?? [];
  return [...base, ...variants.map((query) => `${route}${query}`)];
}

test('the Russian admin catalogue translates every text with words in it', () => {
  const same = Object.entries(ADMIN_CATALOGUES.en)
    .filter(([key, en]) => ADMIN_CATALOGUES.ru[key] === en && /\p{L}{4}/u.test(en.replace(/\{\w+\}/g, '')) && !SAME_IN_BOTH.has(key))
    .map(([key, en]) => `${key}: "${en}"`);
  assert.deepEqual(same, [], `Russian equal to English (translate it, or add the key to SAME_IN_BOTH):\n${same.join('\n')}`);
});

forEachEngine('every admin page in Russian', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let russianSite: FastifyInstance;
  let newsroom: Newsroom;
  let routes: string[];
  const pieces = englishPieces();

  before(async () => {
    database = await open();
    const outbox = tempOutbox();
    const env = { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' };
    // The site speaks English; the people walking it have chosen Russian.
    app = await buildTestApp(database, { now: () => NEWSROOM_NOW, env });
    newsroom = await seedNewsroom(database, app, outbox);
    const users = usersRepository(database.db);
    for (const email of Object.values(NEWSROOM_PEOPLE)) await users.setLanguage({ email, lang: 'ru', actor: 'test' }, NEWSROOM_NOW);
    russianSite = await buildTestApp(database, { now: () => NEWSROOM_NOW, env: { ...env, SITE_LANG: 'ru' } });
    await app.ready();
    routes = adminGetRoutes(app);
  });
  after(async () => {
    await app.close();
    await russianSite.close();
    await database.close();
  });

  /**
   * Fetches every page as `agent`: returns `url: "English"` for each leftover, by route, and the
   * status of each HTML page seen (JSON, CSS, CSV and redirects are not pages to read).
   */
  async function walk(agent: Agent) {
    const leftovers = new Map<string, string[]>();
    const seen = new Map<string, number>();
    for (const route of routes) {
      for (const url of urlsOf(route, newsroom)) {
        const res = await agent.get(url);
        const type = String(res.headers['content-type'] ?? '');
        if (!type.startsWith('text/html') || (res.statusCode >= 300 && res.statusCode < 400)) continue;
        assert.ok(res.statusCode < 500, `${url} answered ${res.statusCode}`);
        seen.set(url, res.statusCode);
        const found = englishLeftovers(res.body, pieces);
        if (!/^<!doctype html><html lang="ru"/i.test(res.body)) found.unshift('<html lang> is not "ru"');
        if (found.length > 0) leftovers.set(route, [...(leftovers.get(route) ?? []), ...found.map((f) => `${url}: ${f}`)]);
      }
    }
    return { leftovers, seen };
  }

  /** The routes whose pages were seen. */
  const routesOf = (seen: Map<string, number>) => new Set([...seen.keys()].map((url) => routes.find((r) => urlsOf(r, newsroom).includes(url))!));

  function judge(leftovers: Map<string, string[]>, seenRoutes: Set<string>) {
    const unexpected = [...leftovers].filter(([route]) => !STILL_BEING_TRANSLATED.has(route)).flatMap(([, lines]) => lines);
    assert.deepEqual(unexpected, [], `English left on Russian pages:\n${unexpected.join('\n')}`);
    const clean = [...STILL_BEING_TRANSLATED].filter((route) => seenRoutes.has(route) && !leftovers.has(route));
    assert.deepEqual(clean, [], `these pages are in Russian now: take them out of STILL_BEING_TRANSLATED`);
  }

  test('every admin GET route has its path parameters filled (add a page\'s to FILL)', () => {
    assert.ok(routes.includes('/admin/users') && routes.includes('/admin/articles/:id'), `the route tree was read: ${routes.join(', ')}`);
    const unfilled = routes.filter((route) => hasParameters(route) && !FILL[route]);
    assert.deepEqual(unfilled, [], `no way to fill the parameters of: ${unfilled.join(', ')}; say how in FILL in this file`);
  });

  test('the check finds English: the sign-in page of an English site shows catalogue text', async () => {
    const page = await new Agent(app).get('/admin/login?bye=1');
    const found = englishLeftovers(page.body, pieces);
    for (const text of ['"Sign in"', '"Password"', '"You are signed out."', '"Email"']) assert.ok(found.includes(text), `${text} in ${found.join(', ')}`);
    // Machine text and typed-in data are not UI text: a <code> and a textarea holding catalogue words are passed over.
    assert.deepEqual(englishLeftovers('<html lang="ru"><p>Журнал: <code>Sign in</code></p><textarea>Password</textarea><input value="Password"></html>', pieces), []);
    assert.deepEqual(englishLeftovers('<html lang="ru"><button value="Password" title="Sign out">Выйти</button><input type="submit" value="Save"></html>', pieces).sort(), ['"Save"', '"Sign out"']);
  });

  test('an admin whose language is Russian finds no English on any admin page', async () => {
    const admin = new Agent(app);
    assert.equal((await admin.login(NEWSROOM_PEOPLE.admin, TEST_PASSWORD)).statusCode, 303);
    const { leftovers, seen } = await walk(admin);
    // The admin may see every page: each answered as it should (a wrong fixture would show only a refusal).
    const refusing = REFUSING(newsroom);
    const wrong = [...seen].filter(([url, status]) => status !== (refusing[url] ?? 200)).map(([url, status]) => `${url} → ${status}`);
    judge(leftovers, routesOf(seen));
    assert.deepEqual(wrong, [], `pages that did not answer as expected:\n${wrong.join('\n')}`);
    assert.ok(seen.size >= 30, `only ${seen.size} pages were walked`);
  });

  test('a contributor whose language is Russian: the pages they may see, and the refusals of the others', async () => {
    const contributor = new Agent(app);
    assert.equal((await contributor.login(NEWSROOM_PEOPLE.contributor, TEST_PASSWORD)).statusCode, 303);
    const { leftovers, seen } = await walk(contributor);
    assert.equal(seen.get('/admin/account'), 200);
    assert.equal(seen.get('/admin/users'), 403);
    judge(leftovers, routesOf(seen));
  });

  test('pages that answer a form speak Russian too: made, mailed, refused', async () => {
    const admin = new Agent(app);
    await admin.login(NEWSROOM_PEOPLE.admin, TEST_PASSWORD);
    const answers: Array<[string, Awaited<ReturnType<Agent['post']>>, number]> = [];
    const post = async (page: string, url: string, fields: Record<string, string>, status: number) => {
      await admin.get(page);
      answers.push([`POST ${url} ${JSON.stringify(fields)}`, await admin.post(url, fields), status]);
    };
    await post('/admin/users', '/admin/users', { email: 'redaktor2@example.com', role: 'editor', lang: 'site', mail: '1' }, 201);
    await post('/admin/users', '/admin/users', { email: 'не адрес', role: 'editor' }, 400);
    await post('/admin/users', '/admin/users', { email: NEWSROOM_PEOPLE.editor, role: 'editor' }, 409);
    const editorId = (await database.db.selectFrom('users').select('id').where('email', '=', NEWSROOM_PEOPLE.editor).executeTakeFirstOrThrow()).id;
    await post('/admin/users', `/admin/users/${editorId}/link`, {}, 200);
    await post('/admin/redirects', '/admin/redirects', { from: 'не путь', to: '/news/x' }, 400);
    await post('/admin/api-keys', '/admin/api-keys', { name: 'Партнёр', origins: '', rate: '' }, 200);
    await post('/admin/api-keys', '/admin/api-keys', { name: '', origins: '', rate: 'много' }, 400);
    const visitor = new Agent(russianSite);
    await visitor.get('/admin/login');
    answers.push(['POST /admin/login (wrong password)', await visitor.post('/admin/login', { email: NEWSROOM_PEOPLE.editor, password: 'не тот пароль' }), 401]);
    answers.push(['POST /admin/login (empty)', await visitor.post('/admin/login', { email: '', password: '' }), 400]);
    await visitor.get(`/admin/set-password?token=${newsroom.pendingToken}`);
    answers.push(['POST /admin/set-password (short)', await visitor.post('/admin/set-password', { token: newsroom.pendingToken, password: 'коротко', confirm: 'коротко' }), 400]);

    const problems = answers.flatMap(([what, res, status]) => [
      ...(res.statusCode === status ? [] : [`${what}: answered ${res.statusCode}, not ${status}`]),
      ...(/^<!doctype html><html lang="ru"/i.test(res.body) ? [] : [`${what}: <html lang> is not "ru"`]),
      ...englishLeftovers(res.body, pieces).map((text) => `${what}: ${text}`),
    ]);
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  test('before sign-in, on a Russian site (SITE_LANG=ru), the public pages speak Russian', async () => {
    const visitor = new Agent(russianSite);
    const { leftovers, seen } = await walk(visitor);
    for (const url of ['/admin/login', '/admin/login?expired=1', `/admin/set-password?token=${newsroom.pendingToken}`]) assert.equal(seen.get(url), 200, url);
    assert.equal(seen.get('/admin/set-password'), 400);
    judge(leftovers, routesOf(seen));
  });
});
