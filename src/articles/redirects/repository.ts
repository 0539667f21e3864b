import type { Kysely, Transaction } from 'kysely';
import { Refusal } from '../../errors';
import type { Database } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export interface Redirect {
  from: string;
  to: string;
  status: 301 | 302;
  createdAt: string;
  createdBy: string | null;
}

export interface StoreOptions {
  status?: 301 | 302;
  by?: string | null;
  now?: Date;
  /** For imports and slug changes: a redirect to itself is skipped rather than refused. */
  skipSelf?: boolean;
}

const toRedirect = (r: { from_path: string; to_path: string; status: number; created_at: string; created_by: string | null }): Redirect => ({
  from: r.from_path,
  to: r.to_path,
  status: Number(r.status) === 302 ? 302 : 301,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

/**
 * Redirects, keyed by normalised path (paths.ts). Every write keeps the table free of chains, so
 * a lookup is one read of the unique index on `from_path` and one hop for the reader.
 */
export function redirectsRepository(db: Kysely<Database>) {
  return {
    async find(fromPath: string, trx: Db = db): Promise<Redirect | null> {
      const row = await trx.selectFrom('redirects').selectAll().where('from_path', '=', fromPath).executeTakeFirst();
      return row ? toRedirect(row) : null;
    },

    /** Ordered by source path; keyset on it (`after`) so a long list costs the same per page. */
    async list(options: { after?: string; limit?: number } = {}, trx: Db = db): Promise<Redirect[]> {
      let q = trx.selectFrom('redirects').selectAll().orderBy('from_path').limit(options.limit ?? 1000);
      if (options.after !== undefined) q = q.where('from_path', '>', options.after);
      return (await q.execute()).map(toRedirect);
    },

    async count(trx: Db = db): Promise<number> {
      const { n } = await trx.selectFrom('redirects').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return Number(n);
    },

    store: (trx: Db, from: string, to: string, options: StoreOptions = {}) => storeRedirect(trx, from, to, options),

    async remove(trx: Db, fromPath: string): Promise<Redirect | null> {
      const row = await trx.selectFrom('redirects').selectAll().where('from_path', '=', fromPath).executeTakeFirst();
      if (!row) return null;
      await trx.deleteFrom('redirects').where('from_path', '=', fromPath).execute();
      return toRedirect(row);
    },
  };
}

export type RedirectsRepository = ReturnType<typeof redirectsRepository>;

/**
 * Stores from → to (both already normalised) with chains collapsed: if `to` itself redirects,
 * the new redirect points where that one ends; redirects that ended at `from` now end at the
 * new target. A redirect that would lead back to its own source is refused (a loop). Returns
 * what was stored, or null when skipped.
 */
export async function storeRedirect(trx: Db, from: string, to: string, options: StoreOptions = {}): Promise<Redirect | null> {
  const status = options.status ?? 301;
  if (from === to) {
    if (options.skipSelf) return null;
    throw new Refusal('redirect_self', { path: from });
  }
  const onward = await trx.selectFrom('redirects').select('to_path').where('from_path', '=', to).executeTakeFirst();
  const final = onward?.to_path ?? to;
  if (final === from) {
    if (options.skipSelf) {
      // The address came back to its first owner (a slug changed back): the old redirect goes.
      await trx.deleteFrom('redirects').where('from_path', '=', to).execute();
      return null;
    }
    throw new Refusal('redirect_loop', { from, to });
  }
  // B→A where A→B exists: rewriting A→B to A→A would be a loop of one.
  const back = await trx.selectFrom('redirects').select('from_path').where('from_path', '=', final).where('to_path', '=', from).executeTakeFirst();
  if (back) {
    if (!options.skipSelf) throw new Refusal('redirect_loop', { from, to });
    await trx.deleteFrom('redirects').where('from_path', '=', final).execute();
  }
  await trx.updateTable('redirects').set({ to_path: final }).where('to_path', '=', from).execute();
  const values = { from_path: from, to_path: final, status, created_at: (options.now ?? new Date()).toISOString(), created_by: options.by ?? null };
  await trx
    .insertInto('redirects')
    .values(values)
    .onConflict((oc) => oc.column('from_path').doUpdateSet({ to_path: final, status, created_at: values.created_at, created_by: values.created_by }))
    .execute();
  return toRedirect(values);
}
