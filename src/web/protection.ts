import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../config';
import { Refusal } from '../errors';

/**
 * Cookies, CSRF tokens (double-submit, in a signed cookie) and rate limits. Rate limits are off
 * by default and switched on per route (`config: { rateLimit: {...} }`); they are counted in
 * Redis when REDIS_URL is set, so several instances share them, and in memory otherwise.
 */
export async function registerProtection(app: FastifyInstance, config: Config, secret: string): Promise<void> {
  const secure = config.SITE_URL.startsWith('https:');
  await app.register(cookie, { secret });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'paddock_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, signed: true, secure },
    getToken: (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
      return fromBody ?? (request.headers['x-csrf-token'] as string | undefined);
    },
  });

  let redis: Redis | undefined;
  if (config.REDIS_URL) {
    // commandTimeout: while Redis is down a count gives up after 500 ms instead of waiting through
    // ioredis's reconnect back-off (up to 10 s per request), and skipOnError lets the request on.
    redis = new Redis(config.REDIS_URL, { connectTimeout: 1000, maxRetriesPerRequest: 1, commandTimeout: 500, lazyConnect: false });
    // An outage must not take the site down: limits are skipped (skipOnError) and the outage logged.
    redis.on('error', (error: Error) => app.log.warn({ err: error.message }, 'Redis unavailable: rate limits are not enforced'));
    app.addHook('onClose', async () => {
      // With Redis down, QUIT times out too: then just drop the connection.
      await redis?.quit().catch(() => redis?.disconnect());
    });
  }
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: 'paddock-rl-', skipOnError: true } : {}),
    // Thrown by the plugin and answered like every other refusal (429, Retry-After set by the plugin).
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Refusal('rate_limited', { max: context.max, seconds: Math.max(1, Math.ceil(context.ttl / 1000)) }), { statusCode: 429 }),
  });
}

