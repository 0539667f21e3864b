import type { Kysely } from 'kysely';
import { Redis } from 'ioredis';
import type { Database } from '../db/schema';
import { randomToken, tokenHash } from './secrets';
import { SESSION_ABSOLUTE_MS, sessionExpired, SessionStoreUnavailable, TOUCH_EVERY_MS, type SessionStore } from './sessions';

interface Log {
  warn(obj: object, msg: string): void;
  info(msg: string): void;
}

/**
 * A Redis client for sessions that fails fast: a refused or silent server makes a command fail
 * within about two seconds (one reconnection attempt, 1 s connect timeout, 2 s command timeout)
 * instead of queueing forever. Outages are logged once, recoveries once.
 */
export function connectSessionRedis(url: string, log: Log): Redis {
  const redis = new Redis(url, { connectTimeout: 1000, maxRetriesPerRequest: 1, commandTimeout: 2000 });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.warn({ err: error.message }, 'Redis unreachable: admin sign-in and admin pages answer 503 until it is back');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info('Redis reachable again: admin sessions work');
  });
  return redis;
}

/** What a session key holds: the user, when it was created and last seen (ms since the epoch). */
interface Stored {
  u: number;
  c: number;
  s: number;
}

function parse(value: string): Stored | null {
  try {
    const v = JSON.parse(value) as Partial<Stored>;
    return Number.isInteger(v.u) && Number.isFinite(v.c) && Number.isFinite(v.s) ? (v as Stored) : null;
  } catch {
    return null;
  }
}

// KEYS: session key, the user's set. ARGV: value, TTL in ms, id hash, session key prefix.
// Members whose session has expired by TTL are dropped, so the set does not grow for ever.
const CREATE = `
local members = redis.call('SMEMBERS', KEYS[2])
for i = 1, #members do
  if redis.call('EXISTS', ARGV[4] .. members[i]) == 0 then redis.call('SREM', KEYS[2], members[i]) end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1`;

// KEYS: the user's set. ARGV: session key prefix. Atomic, so a sign-in cannot slip between reading and deleting.
const DESTROY_ALL = `
local members = redis.call('SMEMBERS', KEYS[1])
for i = 1, #members do redis.call('DEL', ARGV[1] .. members[i]) end
redis.call('DEL', KEYS[1])
return #members`;

/**
 * Sessions in Redis, for several app instances: `PREFIX session:<sha256 of id>` holds
 * `{u, c, s}` with a TTL of the absolute limit; `PREFIX user-sessions:<user id>` is the set of
 * the account's session hashes, to end them all at once. The idle limit is checked on load
 * (and the account read from the database, so a disabled account's sessions stop at once).
 * Every Redis failure becomes SessionStoreUnavailable.
 */
export function redisSessionStore(redis: Redis, db: Kysely<Database>, options: { prefix?: string } = {}): SessionStore {
  const prefix = options.prefix ?? 'paddock:';
  const sessionPrefix = `${prefix}session:`;
  const sessionKey = (hash: string) => `${sessionPrefix}${hash}`;
  const userKey = (userId: number) => `${prefix}user-sessions:${userId}`;

  async function guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      throw new SessionStoreUnavailable(error);
    }
  }

  async function remove(hash: string, userId: number | null): Promise<void> {
    await guard(async () => {
      const tx = redis.multi().del(sessionKey(hash));
      if (userId !== null) tx.srem(userKey(userId), hash);
      const results = await tx.exec();
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0];
    });
  }

  const store: SessionStore = {
    async create(userId, now) {
      const id = randomToken();
      const hash = tokenHash(id);
      const at = now.getTime();
      const value = JSON.stringify({ u: userId, c: at, s: at } satisfies Stored);
      await guard(() => redis.eval(CREATE, 2, sessionKey(hash), userKey(userId), value, SESSION_ABSOLUTE_MS, hash, sessionPrefix));
      return id;
    },

    async load(id, now) {
      if (!id || id.length > 100) return { status: 'none' };
      const hash = tokenHash(id);
      const raw = await guard(() => redis.get(sessionKey(hash)));
      if (raw === null) return { status: 'none' };
      const session = parse(raw);
      if (!session) {
        await remove(hash, null);
        return { status: 'none' };
      }
      const user = await db.selectFrom('users').select(['id', 'email', 'role', 'lang', 'disabled']).where('id', '=', session.u).executeTakeFirst();
      const at = now.getTime();
      if (!user || sessionExpired(at, session.s, session.c, user.disabled === 1)) {
        await remove(hash, session.u);
        return { status: 'expired' };
      }
      if (at - session.s >= TOUCH_EVERY_MS) {
        // XX: never re-creates a session ended meanwhile; KEEPTTL: the absolute limit stays.
        await guard(() => redis.call('SET', sessionKey(hash), JSON.stringify({ ...session, s: at }), 'XX', 'KEEPTTL'));
      }
      return { status: 'valid', user: { id: user.id, email: user.email, role: user.role, lang: user.lang } };
    },

    async rotate(oldId, userId, now) {
      await store.destroy(oldId);
      return store.create(userId, now);
    },

    async destroy(id) {
      if (!id || id.length > 100) return;
      const hash = tokenHash(id);
      const raw = await guard(() => redis.get(sessionKey(hash)));
      if (raw === null) return;
      await remove(hash, parse(raw)?.u ?? null);
    },

    async destroyAllForUser(userId) {
      await guard(() => redis.eval(DESTROY_ALL, 1, userKey(userId), sessionPrefix));
    },

    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
  return store;
}
