import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { Agent, createUser, TEST_PASSWORD } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, openTestDatabase, type TestDatabase } from '../../test/support/engines';
import { tokenHash } from '../accounts/secrets';
import { usersRepository } from '../accounts/users';

const REDIS_URL = process.env.PADDOCK_TEST_REDIS_URL;
const needsRedis = { skip: REDIS_URL ? false : 'PADDOCK_TEST_REDIS_URL not set' };
if (!REDIS_URL) console.log('# notice: PADDOCK_TEST_REDIS_URL is not set; the admin sessions-in-Redis tests are skipped');

/** A client address of this run's own: the sign-in rate limit is counted in the shared Redis. */
const randomIp = () => `10.${crypto.randomInt(250)}.${crypto.randomInt(250)}.${crypto.randomInt(1, 250)}`;

forEachEngine('admin sessions in Redis (REDIS_URL set), two app instances', (open) => {
  let database: TestDatabase;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let redis: Redis;
  let clock = new Date('2026-11-24T09:00:00Z');
  const advance = (minutes: number) => {
    clock = new Date(clock.getTime() + minutes * 60_000);
  };
  // Run and engine specific emails: user ids repeat between runs, emails tell them apart in failures.
  const tag = crypto.randomBytes(3).toString('hex');
  const editor = `ed-${tag}@example.com`;
  const admin = `boss-${tag}@example.com`;
  /** Signs in on `first`, then uses the same browser (cookies) against `second`. */
  const signedIn = async (email: string, first: FastifyInstance, second: FastifyInstance) => {
    const ip = randomIp();
    const one = new Agent(first, { remoteAddress: ip });
    assert.equal((await one.login(email, TEST_PASSWORD)).statusCode, 303);
    const two = new Agent(second, { remoteAddress: ip });
    for (const [k, v] of one.cookies) two.cookies.set(k, v);
    return { one, two, id: one.cookies.get('paddock_admin')! };
  };

  before(async () => {
    if (!REDIS_URL) return;
    database = await open();
    await createUser(database.db, editor, 'editor', TEST_PASSWORD, clock);
    await createUser(database.db, admin, 'admin', TEST_PASSWORD, clock);
    // One SESSION_SECRET, as several instances need (CSRF cookies are signed with it).
    const env = { REDIS_URL, SESSION_SECRET: crypto.randomBytes(32).toString('hex') };
    a = await buildTestApp(database, { now: () => clock, env });
    b = await buildTestApp(database, { now: () => clock, env });
    redis = new Redis(REDIS_URL);
  });
  after(async () => {
    if (!REDIS_URL) return;
    await Promise.all([a.close(), b.close(), redis.quit()]);
    await database.close();
  });

  test('signed in on one instance, the cookie works on the other; only the hash is in Redis, nothing in the database', needsRedis, async () => {
    const { two, id } = await signedIn(editor, a, b);
    assert.equal((await two.get('/admin/api/me')).json().email, editor);
    assert.equal((await two.get('/admin/articles')).statusCode, 200);
    assert.equal(await redis.exists(`paddock:session:${tokenHash(id)}`), 1);
    assert.equal(await redis.exists(`paddock:session:${id}`), 0);
    assert.equal((await database.db.selectFrom('sessions').selectAll().execute()).length, 0);
  });

  test('signing out on one instance ends the session on both', needsRedis, async () => {
    const { one, two, id } = await signedIn(editor, a, b);
    await two.get('/admin/articles');
    const out = await two.post('/admin/logout');
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/admin/login?bye=1');
    const replay = await a.inject({ url: '/admin/api/me', headers: { cookie: `paddock_admin=${id}` } });
    assert.equal(replay.statusCode, 401);
    assert.equal(await redis.exists(`paddock:session:${tokenHash(id)}`), 0);
    assert.equal((await one.get('/admin/api/me')).statusCode, 401);
  });

  test('signing in again rotates the id', needsRedis, async () => {
    const { one, id } = await signedIn(editor, a, b);
    await one.login(editor, TEST_PASSWORD);
    assert.notEqual(one.cookies.get('paddock_admin'), id);
    assert.equal((await b.inject({ url: '/admin/api/me', headers: { cookie: `paddock_admin=${id}` } })).statusCode, 401);
    assert.equal((await one.get('/admin/api/me')).statusCode, 200);
  });

  test('30 idle minutes end the session, whichever instance is asked', needsRedis, async () => {
    const { one, two } = await signedIn(editor, a, b);
    advance(29);
    assert.equal((await two.get('/admin/api/me')).statusCode, 200);
    advance(29);
    assert.equal((await one.get('/admin/api/me')).statusCode, 200, 'activity on the other instance counted');
    advance(31);
    const idle = await two.get('/admin/articles');
    assert.equal(idle.statusCode, 303);
    assert.equal(idle.headers.location, '/admin/login?expired=1&next=%2Fadmin%2Farticles');
  });

  test('an admin disabling an account on one instance ends its sessions on the other', needsRedis, async () => {
    const victim = `gone-${tag}@example.com`;
    await createUser(database.db, victim, 'editor', TEST_PASSWORD, clock);
    const user = (await usersRepository(database.db).findByEmail(victim))!;
    const first = await signedIn(victim, a, b);
    const second = await signedIn(victim, b, a);
    assert.equal(await redis.scard(`paddock:user-sessions:${user.id}`), 2);

    const boss = (await signedIn(admin, a, b)).one;
    await boss.get('/admin/users');
    const res = await boss.post(`/admin/users/${user.id}/disable`);
    assert.equal(res.statusCode, 303);
    for (const agent of [first.one, first.two, second.one, second.two]) assert.equal((await agent.get('/admin/api/me')).statusCode, 401);
    assert.equal(await redis.exists(`paddock:session:${tokenHash(first.id)}`), 0, 'removed from Redis, not merely refused');
    assert.equal(await redis.exists(`paddock:user-sessions:${user.id}`), 0);
    assert.equal((await new Agent(b, { remoteAddress: randomIp() }).login(victim, TEST_PASSWORD)).statusCode, 401);
  });

  test('setting a new password ends the sessions that had the old one', needsRedis, async () => {
    const { two } = await signedIn(editor, a, b);
    const { token } = await usersRepository(database.db).resetLink({ email: editor, actor: 'test' }, clock);
    const browser = new Agent(b, { remoteAddress: randomIp() });
    await browser.get(`/admin/set-password?token=${token}`);
    const set = await browser.post('/admin/set-password', { token, password: 'a brand new passphrase', confirm: 'a brand new passphrase' });
    assert.equal(set.statusCode, 303);
    assert.equal((await two.get('/admin/api/me')).statusCode, 401);
  });
});

test('with Redis unreachable, sign-in answers 503 with a clear message, quickly, and nothing is changed', async () => {
  const database = await openTestDatabase('sqlite');
  await createUser(database.db, 'ed@example.com', 'editor');
  const app = await buildTestApp(database, { env: { REDIS_URL: 'redis://127.0.0.1:6399' } });
  try {
    const agent = new Agent(app);
    assert.equal((await agent.get('/admin/login')).statusCode, 200, 'the sign-in page itself still shows');
    const started = performance.now();
    const res = await agent.post('/admin/login', { email: 'ed@example.com', password: TEST_PASSWORD });
    assert.ok(performance.now() - started < 10_000, 'no hang');
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers['retry-after'], '30');
    assert.match(res.body, /Signing in is not possible right now: the session store cannot be reached/);
    assert.doesNotMatch(res.body, /ECONNREFUSED|ioredis|6399/, 'no internals');
    assert.equal(agent.cookies.has('paddock_admin'), false);

    const json = await app.inject({ url: '/admin/api/me', headers: { cookie: 'paddock_admin=whatever' } });
    assert.equal(json.statusCode, 503);
    assert.equal(json.json().error.code, 'sessions_unavailable');
  } finally {
    await app.close();
    await database.close();
  }
});
