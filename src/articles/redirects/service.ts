import type { Kysely } from 'kysely';
import { audit } from '../../audit/audit';
import type { Database } from '../../db/schema';
import { Refusal } from '../../errors';
import { normalisePath, normaliseTarget } from './paths';
import { storeRedirect, type Redirect } from './repository';

export interface RedirectInput {
  from: string;
  to: string;
  status?: number | undefined;
}

/** A row of an import file that was refused, named by its line (CSV) or position (JSON). */
export interface RowProblem {
  line: number;
  refusal: Refusal;
}

function checkedStatus(status: number | undefined): 301 | 302 {
  if (status === undefined) return 301;
  if (status === 301 || status === 302) return status;
  throw new Refusal('redirect_status', { status: String(status) }, 'status');
}

/**
 * The one place redirects change, for the CLI and the admin alike: normalised, chains
 * collapsed, loops refused, audited in the same transaction.
 */
export function redirectsService(db: Kysely<Database>, now: () => Date = () => new Date()) {
  return {
    async add(input: RedirectInput, actor: string): Promise<Redirect> {
      const from = normalisePath(input.from);
      const to = normaliseTarget(input.to);
      const status = checkedStatus(input.status);
      return db.transaction().execute(async (trx) => {
        const at = now();
        const stored = (await storeRedirect(trx, from, to, { status, by: actor, now: at }))!;
        await audit(trx, { actor, action: 'redirect.add', target: `redirect:${from}`, details: { to: stored.to, status } }, at);
        return stored;
      });
    },

    async remove(fromInput: string, actor: string): Promise<Redirect> {
      const from = normalisePath(fromInput);
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('redirects').selectAll().where('from_path', '=', from).executeTakeFirst();
        if (!row) throw new Refusal('no_redirect', { path: from });
        await trx.deleteFrom('redirects').where('from_path', '=', from).execute();
        const at = now();
        await audit(trx, { actor, action: 'redirect.remove', target: `redirect:${from}`, details: { to: row.to_path } }, at);
        return { from, to: row.to_path, status: Number(row.status) === 302 ? 302 : 301, createdAt: row.created_at, createdBy: row.created_by };
      });
    },

    /**
     * A file's rows, all or nothing: every row is tried in one transaction (so a loop between two
     * rows of the file is caught too); if any is refused, none is kept and each refused row is
     * reported by its line. `checkOnly` tries every row and keeps none (the file had rows that
     * could not even be read, and those are reported alongside).
     */
    async importRows(rows: Array<{ line: number; input: RedirectInput }>, actor: string, options: { checkOnly?: boolean } = {}): Promise<{ stored: number; problems: RowProblem[] }> {
      const problems: RowProblem[] = [];
      let stored = 0;
      const rollBack = new Error('roll back');
      try {
        await db.transaction().execute(async (trx) => {
          const at = now();
          for (const { line, input } of rows) {
            try {
              const from = normalisePath(input.from);
              const to = normaliseTarget(input.to);
              await storeRedirect(trx, from, to, { status: checkedStatus(input.status), by: actor, now: at });
              stored++;
            } catch (error) {
              if (!(error instanceof Refusal)) throw error;
              problems.push({ line, refusal: error });
            }
          }
          if (problems.length > 0 || options.checkOnly) throw rollBack;
          await audit(trx, { actor, action: 'redirect.import', target: null, details: { rows: stored } }, at);
        });
      } catch (error) {
        if (error !== rollBack) throw error;
        return { stored: 0, problems };
      }
      return { stored, problems };
    },
  };
}
