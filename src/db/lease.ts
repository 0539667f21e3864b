import type { Kysely, SelectQueryBuilder } from 'kysely';
import { onPostgres } from './prepared';

/**
 * The due rows a deliverer leases (mail outbox, webhook deliveries), read so that on PostgreSQL
 * the rows another deliverer is leasing at this moment are passed over (FOR UPDATE SKIP LOCKED)
 * rather than waited for: two deliverers then take disjoint next rows, where the second would
 * otherwise wait for the first, find the rows it waited on leased, and take nothing. SQLite has
 * one writer, so nothing is ever being leased meanwhile there.
 *
 * Use it as a WITH query of the leasing UPDATE, not as its IN subquery: PostgreSQL may run a
 * subquery again for each row it updates, and a locking subquery run again skips the rows this
 * very UPDATE has just changed and returns the next ones, past its LIMIT. A WITH query that locks
 * rows is run once.
 */
export function passingOverLeased<DB, TB extends keyof DB, O>(db: Kysely<never> | Kysely<DB>, query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> {
  return onPostgres(db) ? query.forUpdate().skipLocked() : query;
}
