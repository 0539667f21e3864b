import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { openTestDatabase, type TestDatabase } from '../../test/support/engines';
import { connectSessionRedis, redisSessionStore } from './redis-sessions';
import { tokenHash } from './secrets';
import { SESSION_ABSOLUTE_MS, SessionStoreUnavailable, type SessionStore } from './sessions';
import { usersRepository } from './users';

const REDIS_URL = process.env.PADDOCK_TEST_REDIS_URL;
if (!REDIS_URL) console.log('# notice: PADDOCK_TEST_REDIS_URL is not set; the Redis session store tests against a real Redis are skipped');
const quiet = { warn: () => {}, info: () => {} };

describe('Redis session store', { skip: REDIS_URL ? false : 'PADDOCK_TEST_REDIS_URL not set' }, () => {
  // A key prefix of this run's own, so runs sharing the Redis never see each other's keys.
  const prefix = `paddock-test-${crypto.randomBytes(4).toString('hex')}:`;
  let database: TestDatabase;
  let redis: Redis;
  let a: SessionStore;
  let b: SessionStore;
  let ed: number;
  let jo: number;
  let clock = new Date('2026-11-24T09:00:00Z');
  const advance = (minutes: number) => {
    clock = new Date(clock.getTime() + minutes * 60_000);
  };

  before(async () => {
    database = await openTestDatabase('sqlite');
    const users = usersRepository(database.db);
    ed = (await users.add({ email: 'ed@example.com', role: 'editor', actor: 'test' }, clock)).user.id;
    jo = (await users.add({ email: 'jo@example.com', role: 'admin', actor: 'test' }, clock)).user.id;
    redis = connectSessionRedis(REDIS_URL!, quiet);
    // Two stores with clients of their own: two app instances.
    a = redisSessionStore(connectSessionRedis(REDIS_URL!, quiet), database.db, { prefix });
    b = redisSessionStore(connectSessionRedis(REDIS_URL!, quiet), database.db, { prefix });
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await Promise.all([a.close(), b.close(), redis.quit()]);
    await database.close();
  });

  test('only the hash of the id is stored, with a TTL of the absolute limit, and listed under its user', async () => {
    const id = await a.create(ed, clock);
    const keys = await redis.keys(`${prefix}*`);
    assert.ok(!keys.some((k) => k.includes(id)), 'no key names the id');
    for (const k of keys) assert.ok(!(await redis.type(k) === 'string' && (await redis.get(k))!.includes(id)), 'no value holds the id');
    const key = `${prefix}session:${tokenHash(id)}`;
    const ttl = await redis.pttl(key);
    assert.ok(ttl > SESSION_ABSOLUTE_MS - 10_000 && ttl <= SESSION_ABSOLUTE_MS, `TTL ${ttl}`);
    assert.deepEqual(await redis.smembers(`${prefix}user-sessions:${ed}`), [tokenHash(id)]);
    assert.ok((await redis.pttl(`${prefix}user-sessions:${ed}`)) > SESSION_ABSOLUTE_MS - 10_000);
    await a.destroy(id);
  });

  test('a session made by one instance is valid on another', async () => {
    const id = await a.create(ed, clock);
    assert.deepEqual(await b.load(id, clock), { status: 'valid', user: { id: ed, email: 'ed@example.com', role: 'editor', lang: null } });
    assert.deepEqual(await b.load('forged', clock), { status: 'none' });
    assert.deepEqual(await b.load(undefined, clock), { status: 'none' });
    await b.destroy(id);
    assert.deepEqual(await a.load(id, clock), { status: 'none' });
    assert.deepEqual(await redis.smembers(`${prefix}user-sessions:${ed}`), [], 'destroy also leaves the user set');
  });

  test('30 idle minutes end a session; activity (on either instance) keeps it alive, up to 12 hours', async () => {
    const id = await a.create(ed, clock);
    advance(29);
    assert.equal((await b.load(id, clock)).status, 'valid');
    advance(29);
    assert.equal((await a.load(id, clock)).status, 'valid', 'touched by the previous load');
    advance(31);
    assert.equal((await b.load(id, clock)).status, 'expired');
    assert.equal(await redis.exists(`${prefix}session:${tokenHash(id)}`), 0, 'an expired session is removed');
    assert.equal((await a.load(id, clock)).status, 'none');

    const busy = await a.create(ed, clock);
    const ttlBefore = await redis.pttl(`${prefix}session:${tokenHash(busy)}`);
    for (let i = 0; i < 35; i++) {
      advance(20);
      assert.equal((await (i % 2 ? a : b).load(busy, clock)).status, 'valid', `after ${(i + 1) * 20} minutes`);
    }
    assert.ok((await redis.pttl(`${prefix}session:${tokenHash(busy)}`)) <= ttlBefore, 'touching keeps the absolute TTL');
    advance(20);
    assert.equal((await b.load(busy, clock)).status, 'expired');
  });

  test('rotate ends the old id; destroyAllForUser ends every session of that account only', async () => {
    const first = await a.create(ed, clock);
    const second = await b.rotate(first, ed, clock);
    assert.notEqual(first, second);
    assert.equal((await a.load(first, clock)).status, 'none');
    const third = await a.create(ed, clock);
    const other = await a.create(jo, clock);
    await b.destroyAllForUser(ed);
    assert.equal((await a.load(second, clock)).status, 'none');
    assert.equal((await a.load(third, clock)).status, 'none');
    assert.equal((await a.load(other, clock)).status, 'valid', "another account's session stays");
    assert.equal(await redis.exists(`${prefix}user-sessions:${ed}`), 0);
    await a.destroyAllForUser(jo);
  });

  test('a disabled account is refused on load even if its sessions were not removed (e.g. disabled from the CLI)', async () => {
    const id = await a.create(jo, clock);
    // Disabled with the database store's cleanup only, as `paddock user disable` does.
    await usersRepository(database.db).setDisabled({ email: 'jo@example.com', disabled: true, actor: 'cli' }, clock);
    assert.equal((await b.load(id, clock)).status, 'expired');
    await usersRepository(database.db).setDisabled({ email: 'jo@example.com', disabled: false, actor: 'cli' }, clock);
  });
});

test('an unreachable Redis makes every operation fail fast with SessionStoreUnavailable', async () => {
  const database = await openTestDatabase('sqlite');
  const store = redisSessionStore(connectSessionRedis('redis://127.0.0.1:6399', quiet), database.db);
  try {
    const started = performance.now();
    await assert.rejects(store.create(1, new Date()), SessionStoreUnavailable);
    await assert.rejects(store.load('some-id', new Date()), SessionStoreUnavailable);
    await assert.rejects(store.destroyAllForUser(1), SessionStoreUnavailable);
    assert.ok(performance.now() - started < 10_000, 'no hang');
  } finally {
    await store.close();
    await database.close();
  }
});
