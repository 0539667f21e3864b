import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

/**
 * A counter bumped by every content change. Page caches (in-process, CDN ETags) compare it
 * instead of guessing, which keeps several app instances on one database coherent.
 */
export async function bumpContentVersion(db: Kysely<Database> | Transaction<Database>): Promise<void> {
  await db
    .updateTable('site_state')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('key', '=', 'content_version')
    .execute();
}

export async function readContentVersion(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('site_state').select('value').where('key', '=', 'content_version').executeTakeFirst();
  return Number(row?.value ?? 0);
}
