import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { audit } from '../audit/audit';
import type { ApiKeysTable, Database } from '../db/schema';
import { Refusal } from '../errors';

/** What anyone may know about a key: never the key, never its hash. */
export interface ApiKey {
  id: number;
  name: string;
  /** The key's first characters (`pdk_AbCdEfGh`), to tell keys apart. */
  prefix: string;
  origins: string[];
  ratePerMinute: number;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface NewApiKey {
  name: string;
  origins?: readonly string[];
  ratePerMinute?: number;
}

export const DEFAULT_RATE_PER_MINUTE = 600;
const MAX_RATE_PER_MINUTE = 100_000;
const PREFIX_LENGTH = 12;
/** last_used_at is written at most this often per key: one write per request would cost more than the read it records. */
const LAST_USED_EVERY_MS = 60_000;

/** A key is `pdk_` and 32 random bytes in base64url: 256 bits, so its plain SHA-256 is as good as a slow hash. */
export const newKeyToken = (): string => `pdk_${crypto.randomBytes(32).toString('base64url')}`;
export const hashKey = (token: string): string => crypto.createHash('sha256').update(token, 'utf8').digest('hex');

type Row = Selectable<ApiKeysTable>;

function toKey(row: Row): ApiKey {
  return {
    id: Number(row.id),
    name: row.name,
    prefix: row.prefix,
    origins: JSON.parse(row.origins_json) as string[],
    ratePerMinute: Number(row.rate_per_minute),
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** One origin as browsers send it: scheme, host and a port other than the default, nothing more. */
export function normaliseOrigin(input: string): string {
  const text = input.trim().replace(/\/$/, '');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Refusal('api_key_origin', { origin: input }, 'origins');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.origin.toLowerCase() !== text.toLowerCase()) {
    throw new Refusal('api_key_origin', { origin: input }, 'origins');
  }
  return url.origin;
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || [...trimmed].length > 100 || /[\p{Cc}]/u.test(trimmed)) throw new Refusal('api_key_name', {}, 'name');
  return trimmed;
}

function checkedRate(rate: number | undefined): number {
  if (rate === undefined) return DEFAULT_RATE_PER_MINUTE;
  if (!Number.isInteger(rate) || rate < 1 || rate > MAX_RATE_PER_MINUTE) throw new Refusal('api_key_rate', {}, 'rate');
  return rate;
}

/**
 * The one place API keys change, for `paddock apikey` and /admin/api-keys alike: each change is
 * audited in its own transaction. A new key is returned once, to be shown once; only its SHA-256
 * is stored, so a lost key cannot be shown again (make a new one and revoke the old).
 */
export function apiKeysService(db: Kysely<Database>, now: () => Date = () => new Date()) {
  const load = async (id: number, trx: Kysely<Database> = db) => {
    const row = await trx.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toKey(row) : null;
  };

  return {
    async add(input: NewApiKey, actor: string): Promise<{ key: ApiKey; token: string }> {
      const name = checkedName(input.name);
      const origins = [...new Set((input.origins ?? []).filter((o) => o.trim() !== '').map(normaliseOrigin))];
      const ratePerMinute = checkedRate(input.ratePerMinute);
      const token = newKeyToken();
      const at = now();
      const key = await db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('api_keys')
          .values({
            name,
            key_hash: hashKey(token),
            prefix: token.slice(0, PREFIX_LENGTH),
            origins_json: JSON.stringify(origins),
            rate_per_minute: ratePerMinute,
            created_at: at.toISOString(),
            created_by: actor,
            revoked_at: null,
            last_used_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(trx, { actor, action: 'apikey.add', target: `apikey:${id}`, details: { name, prefix: token.slice(0, PREFIX_LENGTH), origins, rate_per_minute: ratePerMinute } }, at);
        return (await load(Number(id), trx))!;
      });
      return { key, token };
    },

    async revoke(id: number, actor: string): Promise<ApiKey> {
      const at = now();
      return db.transaction().execute(async (trx) => {
        const key = await load(id, trx);
        if (!key) throw new Refusal('no_api_key', { id });
        if (key.revokedAt) throw new Refusal('api_key_already_revoked', { id, at: key.revokedAt });
        await trx.updateTable('api_keys').set({ revoked_at: at.toISOString() }).where('id', '=', id).execute();
        await audit(trx, { actor, action: 'apikey.revoke', target: `apikey:${id}`, details: { name: key.name, prefix: key.prefix } }, at);
        return { ...key, revokedAt: at.toISOString() };
      });
    },

    /** Every key, newest first (a site has a handful). */
    async list(): Promise<ApiKey[]> {
      const rows = await db.selectFrom('api_keys').selectAll().orderBy('id', 'desc').execute();
      return rows.map(toKey);
    },

    find: (id: number) => load(id),

    /**
     * The key a request presents, or a refusal saying why not: found by its hash (one read of a
     * unique index), so the key itself is never compared or stored.
     */
    async authenticate(token: string | null): Promise<ApiKey> {
      if (token === null || token === '') throw new Refusal('api_key_missing');
      const row = token.length <= 200 ? await db.selectFrom('api_keys').selectAll().where('key_hash', '=', hashKey(token)).executeTakeFirst() : undefined;
      if (!row) throw new Refusal('api_key_invalid');
      const key = toKey(row);
      if (key.revokedAt) throw new Refusal('api_key_revoked', { at: key.revokedAt });
      const at = now();
      if (!key.lastUsedAt || at.getTime() - Date.parse(key.lastUsedAt) >= LAST_USED_EVERY_MS) {
        await db.updateTable('api_keys').set({ last_used_at: at.toISOString() }).where('id', '=', key.id).execute();
        key.lastUsedAt = at.toISOString();
      }
      return key;
    },

    /** Whether some key in use lets this origin read answers: a preflight carries no key to ask. */
    async originAllowedByAny(origin: string): Promise<boolean> {
      const rows = await db.selectFrom('api_keys').select('origins_json').where('revoked_at', 'is', null).execute();
      return rows.some((r) => (JSON.parse(r.origins_json) as string[]).includes(origin));
    },
  };
}

export type ApiKeysService = ReturnType<typeof apiKeysService>;
