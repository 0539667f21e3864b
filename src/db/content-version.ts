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

// Read on every page request: compiled once, so the query builder costs nothing per request.
const compiled = new WeakMap<Kysely<Database>, ReturnType<ReturnType<typeof versionQuery>['compile']>>();
const versionQuery = (db: Kysely<Database>) => db.selectFrom('site_state').select('value').where('key', '=', 'content_version');

export async function readContentVersion(db: Kysely<Database>): Promise<number> {
  let query = compiled.get(db);
  if (!query) {
    query = versionQuery(db).compile();
    compiled.set(db, query);
  }
  const { rows } = await db.executeQuery(query);
  return Number(rows[0]?.value ?? 0);
}
