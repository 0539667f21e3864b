import fs from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { Refusal } from '../../errors';
import { createI18n } from '../../i18n/messages';
import { describeRefusal, refusalLine } from '../../web/refusals';
import { readRedirectFile } from './redirect-file';
import { redirectsRepository } from './repository';
import { redirectsService } from './service';

export class RedirectsUsageError extends Error {}

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const english = createI18n('en', 'UTC');

/**
 * `paddock redirects import FILE | list`. An import is all or nothing: a file with a bad row
 * stores none of its rows, and every bad row is named by its line so the file can be fixed and
 * run again (re-running a good file changes nothing but the dates). Ghost's patterns are not bad
 * rows but rules a redirect here cannot be: each is listed as skipped and counted, and the rest
 * of the file is stored.
 */
export async function runRedirectsCommand(db: Kysely<Database>, args: string[], io: Io): Promise<number> {
  const [sub, file, ...extra] = args;
  try {
    switch (sub) {
      case 'import': {
        if (!file || extra.length > 0) throw new RedirectsUsageError('redirects import needs one file: paddock redirects import FILE (.csv, .json or Ghost\'s .yaml)');
        let text: string;
        try {
          text = await fs.readFile(file, 'utf8');
        } catch (error) {
          io.stderr.write(`paddock: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
          return 1;
        }
        let rows;
        try {
          rows = readRedirectFile(file, text);
        } catch (error) {
          io.stderr.write(`paddock: ${file}: ${(error as Error).message}\n`);
          return 1;
        }
        const bad = rows.flatMap((r) => ('problem' in r ? [{ line: r.line, message: r.problem }] : []));
        const good = rows.flatMap((r) => ('input' in r ? [r] : []));
        const skipped = rows.flatMap((r) => ('skipped' in r ? [r] : []));
        const { stored, problems } = await redirectsService(db).importRows(good, 'cli', { checkOnly: bad.length > 0 });
        const all = [...bad, ...problems.map((p) => ({ line: p.line, message: describeRefusal(p.refusal, english) }))].sort((a, b) => a.line - b.line);
        const unit = !/\.ya?ml$/i.test(file) && (/\.json$/i.test(file) || /^\s*\[/.test(text)) ? 'item' : 'line';
        for (const s of skipped) io.stderr.write(`${file}: ${unit} ${s.line}: skipped: ${s.skipped}\n`);
        for (const p of all) io.stderr.write(`${file}: ${unit} ${p.line}: ${p.message}\n`);
        if (all.length > 0) {
          io.stderr.write(`paddock: ${all.length} bad ${all.length === 1 ? 'row' : 'rows'} of ${rows.length}; nothing was stored: fix ${all.length === 1 ? 'it' : 'them'} and run again\n`);
          return 1;
        }
        const passed = skipped.length > 0 ? `; skipped ${skipped.length} regular ${skipped.length === 1 ? 'expression' : 'expressions'} (listed above)` : '';
        io.stdout.write(`stored ${stored} ${stored === 1 ? 'redirect' : 'redirects'} from ${file}${passed}\n`);
        return 0;
      }
      case 'list': {
        if (file) throw new RedirectsUsageError('redirects list takes no arguments');
        const repo = redirectsRepository(db);
        let after: string | undefined;
        let n = 0;
        for (;;) {
          const page = await repo.list(after === undefined ? {} : { after });
          for (const r of page) io.stdout.write(`${r.from}\t${r.to}\t${r.status}\t${r.createdBy ?? ''}\n`);
          n += page.length;
          if (page.length === 0) break;
          after = page[page.length - 1]!.from;
        }
        if (n === 0) io.stdout.write('no redirects yet: paddock redirects import FILE\n');
        return 0;
      }
      default:
        throw new RedirectsUsageError(sub ? `unknown redirects subcommand "${sub}"` : 'redirects needs a subcommand: import FILE or list');
    }
  } catch (error) {
    if (error instanceof Refusal) {
      io.stderr.write(refusalLine(error));
      return 1;
    }
    throw error;
  }
}
