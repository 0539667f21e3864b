import path from 'node:path';
import { z } from 'zod';

/** Environment → validated configuration. Anything wrong stops start-up with a message naming the variable. */
const flag = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['1', 'true', 'on', 'yes'].includes(v)));

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone name such as Europe/Moscow');

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default('sqlite:./data/paddock.sqlite'),
  SITE_URL: z.url({ message: 'must be an absolute URL such as https://paddock.example' }).default('http://localhost:3000'),
  SITE_NAME: z.string().min(1).default('Paddock'),
  SITE_LANG: z.enum(['en', 'ru']).default('en'),
  SITE_TIMEZONE: timeZone.default('Europe/Moscow'),
  PADDOCK_DEMO: flag(true),
  /** Behind a load balancer: take the client address from X-Forwarded-For (rate limits are per client). */
  TRUST_PROXY: flag(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PAGE_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** The in-process page cache; `off` renders every page (cold figures in bench:archive). */
  PAGE_CACHE: z.enum(['on', 'off']).default('on'),
  /** The Yandex news variant of the site feed at /feed/yandex.xml; off: that address is a 404. */
  FEED_YANDEX: z.enum(['on', 'off']).default('off'),
  /** Rubrics (slugs, comma-separated) whose articles the Yandex feed calls news (`message`); others are `article`. */
  FEED_YANDEX_NEWS_RUBRICS: z.string().default('news').transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  /** Batches of ballot writes committing at once (db/group-commit.ts); default 3 on PostgreSQL, 1 on SQLite (one writer). */
  GROUP_COMMITS: z.coerce.number().int().min(1).max(16).optional(),
  REDIS_URL: z.string().optional(),
  MAIL_OUTBOX: z.string().default('./data/outbox'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Paddock <no-reply@paddock.local>'),
  /** Where queued mail is delivered: a worker thread beside the server (default) or its main thread. */
  MAIL_DELIVERY: z.enum(['thread', 'inline']).default('thread'),
  /** Let webhooks reach loopback, private and link-local addresses (an internal receiver; tests). Off: refused. */
  WEBHOOK_ALLOW_PRIVATE: flag(false),
  ENTRY_RATE_LIMIT: z.coerce.number().int().min(0).default(10),
  PADDOCK_POW: z.enum(['on', 'off']).default('on'),
  DRAND_URL: z.string().optional(),
  /** Secret for signing cookies and CSRF tokens; generated per process when unset (fine for one instance). */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Where uploaded images and their resized copies are kept (media/local-storage.ts). */
  MEDIA_DIR: z.string().min(1).default('./data/media'),
  /** The largest upload accepted, in bytes (25 MB). */
  MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
  /** The most pixels an image may have; checked from its header before decoding (a decompression bomb). */
  MEDIA_MAX_PIXELS: z.coerce.number().int().min(10_000).default(50_000_000),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    picked[key] = value === '' ? undefined : value;
  }
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** A plain path or `sqlite:PATH` means SQLite; `postgres://` or `postgresql://` means PostgreSQL. */
export function describeDatabaseUrl(url: string): { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string } {
  if (/^postgres(ql)?:\/\//.test(url)) return { engine: 'postgres', url };
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') : url;
  return { engine: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
}
