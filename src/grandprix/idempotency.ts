import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { Refusal } from '../errors';

export interface StoredResponse {
  status: number;
  body: unknown;
}

export const requestHash = (body: unknown) => crypto.createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');

/** Thrown inside a transaction when another request stored the same key first: roll back and replay theirs. */
export class IdempotencyRace extends Error {}

export function idempotencyStore(db: Kysely<Database>) {
  return {
    /** The stored answer for this key, or null; a key reused for a different request is a client error. */
    async replay(scope: string, key: string, hash: string): Promise<StoredResponse | null> {
      const row = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
      if (!row) return null;
      if (row.request_hash !== hash) {
        throw new Refusal('idempotency_key_reused', {}, 'Idempotency-Key');
      }
      return { status: row.status_code, body: JSON.parse(row.response_json) };
    },

    /** Records the answer in the caller's transaction, so it lands with the row it describes. */
    async record(trx: Transaction<Database>, scope: string, key: string, hash: string, response: StoredResponse, now: Date): Promise<void> {
      const stored = await trx
        .insertInto('idempotency_keys')
        .values({ scope, key, request_hash: hash, status_code: response.status, response_json: JSON.stringify(response.body), created_at: now.toISOString() })
        .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (!stored) throw new IdempotencyRace();
    },

  };
}

/** Keys a client may send: printable ASCII, like a UUID; anything else is refused rather than stored. */
export function checkIdempotencyKey(raw: unknown): string | null {
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(raw)) {
    throw new Refusal('idempotency_key_invalid', {}, 'Idempotency-Key');
  }
  return raw;
}
