import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, createUser, TEST_PASSWORD } from '../../test/support/admin-agent';
import { buildLoggedTestApp, buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { loginThrottle } from '../accounts/login-throttle';
import { usersRepository } from '../accounts/users';

forEachEngine('admin sign-in and sessions', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let clock = new Date('2026-11-24T09:00:00Z');
  const advance = (minutes: number) => {
    clock = new Date(clock.getTime() + minutes * 60_000);
  };
  before(async () => {
    database = await open();
    await createUser(database.db, 'ed@example.com', 'editor', TEST_PASSWORD, clock);
    await createUser(database.db, 'victim@example.com', 'editor', TEST_PASSWORD, clock);
    await createUser(database.db, 'gone@example.com', 'editor', TEST_PASSWORD, clock);
    app = await buildTestApp(database, { now: () => clock });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('sign-in sets an HttpOnly, SameSite=Lax session cookie scoped to /admin and lands where the person was going', async () => {
    const agent = new Agent(app);
    const page = await agent.get('/admin/login?next=%2Fadmin%2Farticles%3Fstatus%3Ddraft');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="next" value="\/admin\/articles\?status=draft"/);
    const res = await agent.post('/admin/login', { email: ' Ed@Example.COM ', password: TEST_PASSWORD, next: '/admin/articles?status=draft' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/articles?status=draft');
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] as string).find((c) => c.startsWith('paddock_admin='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\/admin/);
    assert.doesNotMatch(cookie, /Secure/, 'plain http in this test');
    const stored = await database.db.selectFrom('sessions').select('id_hash').execute();
    assert.equal(stored.length, 1);
    assert.ok(!stored.some((s) => s.id_hash === agent.cookies.get('paddock_admin')), 'only a hash of the id is stored');
    assert.equal((await agent.get('/admin/api/me')).json().email, 'ed@example.com');
  });

  test('`next` never leads off the admin', async () => {
    for (const next of ['https://evil.example/', '//evil.example/admin', '/admin/../x', '/\\evil.example', '/news/x']) {
      const agent = new Agent(app);
      await agent.get('/admin/login');
      const res = await agent.post('/admin/login', { email: 'ed@example.com', password: TEST_PASSWORD, next });
      assert.equal(res.headers.location, next === '/admin/../x' ? '/admin/../x' : '/admin', next);
    }
  });

  test('a wrong password and an unknown email get the same answer, in similar time', async () => {
    const agent = new Agent(app);
    await agent.get('/admin/login');
    const t0 = performance.now();
    const wrongPassword = await agent.post('/admin/login', { email: 'ed@example.com', password: 'not the password' });
    const t1 = performance.now();
    const unknown = await agent.post('/admin/login', { email: 'nobody@example.com', password: 'not the password' });
    const t2 = performance.now();
    assert.equal(wrongPassword.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    const message = (body: string) => /role="alert">([^<]+)</.exec(body)?.[1];
    assert.equal(message(wrongPassword.body), 'The email or the password is wrong. Check both and try again.');
    assert.equal(message(unknown.body), message(wrongPassword.body));
    const [a, b] = [t1 - t0, t2 - t1];
    assert.ok(Math.max(a, b) / Math.min(a, b) < 5, `timings ${a.toFixed(0)} ms and ${b.toFixed(0)} ms differ too much`);
    assert.equal(agent.cookies.has('paddock_admin'), false);
  });

  test('five failures for one email from one address lock that pair for 15 minutes; the owner elsewhere still signs in', async () => {
    const attacker = new Agent(app, { remoteAddress: '203.0.113.5' });
    await attacker.get('/admin/login');
    for (let i = 0; i < 5; i++) assert.equal((await attacker.post('/admin/login', { email: 'victim@example.com', password: `guess ${i}` })).statusCode, 401);
    const locked = await attacker.post('/admin/login', { email: 'victim@example.com', password: TEST_PASSWORD });
    assert.equal(locked.statusCode, 429, 'even the right password, from that address');
    assert.match(locked.body, /Too many failed sign-in attempts/);
    // The same for an account that does not exist: the lock reveals nothing.
    for (let i = 0; i < 5; i++) await attacker.post('/admin/login', { email: 'ghost@example.com', password: `guess ${i}` });
    assert.equal((await attacker.post('/admin/login', { email: 'ghost@example.com', password: 'x' })).statusCode, 429);
    // No denial of service: the account's owner, at another address, is not locked out.
    const owner = new Agent(app, { remoteAddress: '198.51.100.7' });
    assert.equal((await owner.login('victim@example.com', TEST_PASSWORD)).statusCode, 303);
    // And the attacker's address may still sign in to other accounts (10 failures < 20 per address).
    assert.equal((await attacker.post('/admin/login', { email: 'gone@example.com', password: TEST_PASSWORD })).statusCode, 303);
    advance(16);
    assert.equal((await attacker.post('/admin/login', { email: 'victim@example.com', password: TEST_PASSWORD })).statusCode, 303);
  });

  test('parallel guesses cannot slip past the limit: each attempt is counted before its password is checked', async () => {
    const attacker = new Agent(app, { remoteAddress: '203.0.113.77' });
    await attacker.get('/admin/login');
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => attacker.post('/admin/login', { email: 'ed@example.com', password: `parallel ${i}` })));
    const statuses = answers.map((r) => r.statusCode);
    assert.ok(statuses.filter((s) => s === 401).length <= 5, statuses.join(','));
    assert.ok(statuses.filter((s) => s === 429).length >= 20, statuses.join(','));
    advance(16);
  });

  test('a sign-in forgives that address\'s own typos for the email, not failures from elsewhere', async () => {
    const owner = new Agent(app, { remoteAddress: '198.51.100.8' });
    await owner.get('/admin/login');
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) assert.equal((await owner.post('/admin/login', { email: 'ed@example.com', password: `typo ${i}` })).statusCode, 401);
      assert.equal((await owner.post('/admin/login', { email: 'ed@example.com', password: TEST_PASSWORD })).statusCode, 303, `round ${round}`);
    }
    advance(16);
  });

  test('twenty failures from one address block it for every account', async () => {
    const agent = new Agent(app, { remoteAddress: '10.0.0.9' });
    await agent.get('/admin/login');
    for (let i = 0; i < 20; i++) assert.equal((await agent.post('/admin/login', { email: `spray${i}@example.com`, password: 'x' })).statusCode, 401);
    const blocked = await agent.post('/admin/login', { email: 'ed@example.com', password: TEST_PASSWORD });
    assert.equal(blocked.statusCode, 429);
    assert.equal((await new Agent(app, { remoteAddress: '10.0.0.10' }).login('ed@example.com', TEST_PASSWORD)).statusCode, 303, 'other addresses are unaffected');
    advance(16);
  });

  test('fifty failures for one account across many addresses lock the account, with the same answer for an unknown one', async () => {
    const throttle = loginThrottle(database.db);
    for (const email of ['victim@example.com', 'nobody-here@example.com']) {
      // 49 failures seeded straight into the count (four per address: under the pair limit of 5
      // and the address limit of 20), the 50th through the form.
      for (let i = 0; i < 49; i++) await throttle.recordAttempt(email, `192.0.2.${Math.floor(i / 4) + 1}`, clock);
      const bot = new Agent(app, { remoteAddress: '192.0.2.200' });
      assert.equal((await bot.login(email, 'spread guess')).statusCode, 401, email);
      const fresh = new Agent(app, { remoteAddress: '198.51.100.99' });
      const locked = await fresh.login(email, email.startsWith('victim') ? TEST_PASSWORD : 'x');
      assert.equal(locked.statusCode, 429, email);
      assert.match(locked.body, /Too many failed sign-in attempts/);
    }
    assert.equal((await new Agent(app, { remoteAddress: '198.51.100.99' }).login('ed@example.com', TEST_PASSWORD)).statusCode, 303, 'other accounts are unaffected');
    advance(16);
    assert.equal((await new Agent(app, { remoteAddress: '198.51.100.99' }).login('victim@example.com', TEST_PASSWORD)).statusCode, 303);
  });

  test('signing in again rotates the session id; sign-out ends the session', async () => {
    const agent = new Agent(app);
    await agent.login('ed@example.com', TEST_PASSWORD);
    const first = agent.cookies.get('paddock_admin')!;
    await agent.login('ed@example.com', TEST_PASSWORD);
    const second = agent.cookies.get('paddock_admin')!;
    assert.notEqual(first, second);
    const replay = await app.inject({ url: '/admin/api/me', headers: { cookie: `paddock_admin=${first}` } });
    assert.equal(replay.statusCode, 401, 'the old id is worthless');

    await agent.get('/admin/articles');
    const out = await agent.post('/admin/logout');
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/admin/login?bye=1');
    assert.equal(agent.cookies.has('paddock_admin'), false);
    const after = await app.inject({ url: '/admin/api/me', headers: { cookie: `paddock_admin=${second}` } });
    assert.equal(after.statusCode, 401, 'the session is gone on the server, not just in the browser');
  });

  test('a session ends after 30 idle minutes, and after 12 hours however active', async () => {
    const agent = new Agent(app);
    await agent.login('ed@example.com', TEST_PASSWORD);
    advance(29);
    assert.equal((await agent.get('/admin/articles')).statusCode, 200);
    advance(29);
    assert.equal((await agent.get('/admin/articles')).statusCode, 200, 'activity keeps it alive');
    advance(31);
    const idle = await agent.get('/admin/articles');
    assert.equal(idle.statusCode, 303);
    assert.equal(idle.headers.location, '/admin/login?expired=1&next=%2Fadmin%2Farticles');
    assert.match((await agent.get(idle.headers.location as string)).body, /Your session has expired/);

    await agent.login('ed@example.com', TEST_PASSWORD);
    for (let i = 0; i < 35; i++) {
      advance(20);
      assert.equal((await agent.get('/admin/api/me')).statusCode, 200, `after ${(i + 1) * 20} minutes`);
    }
    advance(20);
    const absolute = await agent.get('/admin/api/me');
    assert.equal(absolute.statusCode, 401);
    assert.equal(absolute.json().error.code, 'session_expired');
  });

  test('disabling an account ends its sessions and refuses sign-in with the usual answer', async () => {
    const agent = new Agent(app);
    await agent.login('gone@example.com', TEST_PASSWORD);
    await usersRepository(database.db).setDisabled({ email: 'gone@example.com', disabled: true, actor: 'test' }, clock);
    assert.equal((await agent.get('/admin/api/me')).statusCode, 401);
    const again = await agent.login('gone@example.com', TEST_PASSWORD);
    assert.equal(again.statusCode, 401);
    assert.match(again.body, /The email or the password is wrong/);
  });

  test('a set-password link works once, within 24 hours, and asks for a decent password', async () => {
    const users = usersRepository(database.db);
    const { token } = await users.add({ email: 'new@example.com', role: 'editor', actor: 'test' }, clock);
    const stored = await database.db.selectFrom('password_tokens').select('token_hash').execute();
    assert.ok(!stored.some((t) => t.token_hash === token), 'only the hash is stored');
    const agent = new Agent(app);
    const page = await agent.get(`/admin/set-password?token=${token}`);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.match(page.body, /new@example\.com/);
    const short = await agent.post('/admin/set-password', { token, password: 'short', confirm: 'short' });
    assert.equal(short.statusCode, 400);
    assert.match(short.body, /at least 12 characters/);
    const differ = await agent.post('/admin/set-password', { token, password: 'a long passphrase here', confirm: 'a long passphrase hers' });
    assert.match(differ.body, /The two passwords differ/);
    const ok = await agent.post('/admin/set-password', { token, password: 'a long passphrase here', confirm: 'a long passphrase here' });
    assert.equal(ok.statusCode, 303);
    const reuse = await agent.post('/admin/set-password', { token, password: 'another long passphrase', confirm: 'another long passphrase' });
    assert.equal(reuse.statusCode, 400);
    assert.match(reuse.body, /invalid, already used or expired/);
    assert.equal((await agent.login('new@example.com', 'a long passphrase here')).statusCode, 303);

    const late = await users.add({ email: 'late@example.com', role: 'editor', actor: 'test' }, clock);
    advance(24 * 60 + 1);
    const expired = await agent.get(`/admin/set-password?token=${late.token}`);
    assert.equal(expired.statusCode, 400);
    assert.match(expired.body, /invalid, already used or expired/);
    assert.equal((await agent.get('/admin/set-password?token=forged')).statusCode, 400);
  });

  test('the cookie is Secure when the site is served over https', async () => {
    const secure = await buildTestApp(database, { now: () => clock, env: { SITE_URL: 'https://paddock.example' } });
    try {
      const agent = new Agent(secure);
      const res = await agent.login('ed@example.com', TEST_PASSWORD);
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] as string).find((c) => c.startsWith('paddock_admin='))!;
      assert.match(cookie, /; Secure/);
    } finally {
      await secure.close();
    }
  });

  test('request logs show no set-password token and no password', async () => {
    const { app: logged, logText } = await buildLoggedTestApp(database, { now: () => clock });
    try {
      const { token } = await usersRepository(database.db).add({ email: 'logged@example.com', role: 'editor', actor: 'test' }, clock);
      const agent = new Agent(logged);
      await agent.get(`/admin/set-password?token=${token}`);
      await agent.post('/admin/set-password', { token, password: 'logged long password', confirm: 'logged long password' });
      await agent.login('logged@example.com', 'logged long password');
      const text = logText();
      assert.match(text, /\/admin\/set-password/, 'requests are logged');
      assert.ok(!text.includes(token), 'no token');
      assert.ok(!text.includes('logged long password'), 'no password');
      assert.ok(!text.includes(agent.cookies.get('paddock_admin')!), 'no session id');
    } finally {
      await logged.close();
    }
  });

  test('the audit log records sign-ins, failures and sign-outs, and never a password or a token', async () => {
    const rows = await database.db.selectFrom('audit_log').selectAll().execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['login', 'login.failed', 'login.throttled', 'logout', 'user.add', 'user.password_set', 'user.disable']) assert.ok(actions.has(a), a);
    const text = JSON.stringify(rows);
    for (const secret of [TEST_PASSWORD, 'a long passphrase here', 'guess 1', 'not the password']) assert.ok(!text.includes(secret), secret);
    const failed = rows.find((r) => r.action === 'login.failed' && r.actor === 'ed@example.com');
    assert.match(failed!.details_json!, /wrong_password/);
  });
});
