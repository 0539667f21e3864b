import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { lookupPath } from '../redirects/paths';
import { storeRedirect } from '../redirects/repository';
import type { OldTermPath } from './source-record';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Keeps an address of the old site (a category, tag or author page) as a 301 to its page here.
 * Skipped, and so idempotent: an address that is already its page here (Ghost's `/tag/x/` is our
 * `/tag/x`), a redirect from it that is already this one, and one set by hand (the admin, a
 * redirects file), which is the site's own decision. Returns whether it was (or, in a dry run,
 * would be) stored.
 */
export async function keepOldAddress(trx: Db, oldPath: string, target: string, options: { dryRun: boolean; now: Date }): Promise<boolean> {
  const from = lookupPath(oldPath);
  const to = lookupPath(target);
  if (from === null || to === null || from === '/' || from === to) return false;
  const existing = await trx.selectFrom('redirects').select(['to_path', 'created_by']).where('from_path', '=', from).executeTakeFirst();
  if (existing && (existing.created_by !== 'import' || existing.to_path === to)) return false;
  if (options.dryRun) return true;
  return (await storeRedirect(trx, from, to, { by: 'import', now: options.now, skipSelf: true })) !== null;
}

/**
 * The old addresses of the categories and tags of the posts stored in a run, gathered as they
 * are stored and kept as redirects at its end. A term that some post made its rubric goes to the
 * rubric page, otherwise to the tag page (a WordPress category is the rubric of the posts filed
 * under it first, a tag of the others). Memory holds one entry per term, never per post.
 */
export function oldTermAddresses() {
  const terms = new Map<string, { rubric: string | null; tag: string | null }>();
  return {
    add(paths: OldTermPath[]) {
      for (const p of paths) {
        const entry = terms.get(p.from) ?? { rubric: null, tag: null };
        entry[p.kind] ??= p.slug;
        terms.set(p.from, entry);
      }
    },
    /** Stores them in one transaction (reads only in a dry run); returns how many were stored. */
    async store(db: Kysely<Database>, options: { dryRun: boolean; now: Date }): Promise<number> {
      if (terms.size === 0) return 0;
      const keep = async (trx: Db) => {
        let n = 0;
        for (const [from, { rubric, tag }] of terms) {
          const to = rubric !== null ? `/rubric/${rubric}` : `/tag/${tag}`;
          if (await keepOldAddress(trx, from, to, options)) n++;
        }
        return n;
      };
      return options.dryRun ? keep(db) : db.transaction().execute(keep);
    },
  };
}
