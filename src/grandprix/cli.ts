import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { CampaignImportError, importCampaign } from './campaign-import';
import { campaignsRepository } from './campaigns-repository';
import { entriesRepository, type EntryRow } from './entries-repository';
import { normalizeEmail } from './email-normalize';
import { resultsService } from './results-service';

export class CliUsageError extends Error {}

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

function args(argv: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options'] = {}) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // A leading = + - @ would run as a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
export const toCsv = (rows: unknown[][]) => rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';

/** `paddock campaign import|results|disqualify` */
export async function runCampaignCommand(db: Kysely<Database>, argv: string[], io: Io, now = new Date()): Promise<number> {
  const [sub, ...rest] = argv;
  const campaigns = campaignsRepository(db);
  const entries = entriesRepository(db);
  switch (sub) {
    case 'import': {
      const { positionals } = args(rest);
      if (positionals.length !== 1) throw new CliUsageError('campaign import takes one YAML file');
      const file = positionals[0]!;
      const yaml = await fs.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw new CampaignImportError('file', `cannot be read (${e.code})`);
      });
      try {
        const outcome = await importCampaign(db, yaml, now);
        io.stdout.write(`${outcome.action} ${outcome.slug}\ncommitment ${outcome.commitment}\n`);
        return 0;
      } catch (error) {
        if (error instanceof CampaignImportError) {
          io.stderr.write(`error  ${file}: ${error.field}: ${error.message}\n`);
          return 1;
        }
        throw error;
      }
    }
    case 'results': {
      const { positionals, values } = args(rest, { csv: { type: 'boolean' }, entries: { type: 'boolean' } });
      if (positionals.length !== 1) throw new CliUsageError('campaign results takes a campaign slug');
      const stored = await campaigns.findBySlug(positionals[0]!);
      if (!stored) return fail(io, `no campaign "${positionals[0]}"`);
      if (values.entries) {
        // Personal data: only here, on the command line of someone with database access.
        const { rows } = await entries.list(stored.id, { page: 1, pageSize: 1_000_000 });
        const header = ['code', 'status', 'name', 'email', 'submitted_at', 'confirmed_at', 'disqualified_reason', 'ballot', 'answers'];
        const table = rows.reverse().map((r) => [r.code, r.status, r.name, r.email, r.submitted_at, r.confirmed_at, r.disqualified_reason, r.ballot_json, r.answers_json]);
        io.stdout.write(values.csv ? toCsv([header, ...table]) : `${JSON.stringify(rows.map(publicRow), null, 2)}\n`);
        return 0;
      }
      const results = await resultsService(db).compute(stored);
      if (values.csv) {
        const table: unknown[][] = [['category', 'nominee', 'votes', 'share', 'ci95_low', 'ci95_high']];
        for (const c of results.categories) for (const n of c.nominees) table.push([c.id, n.id, n.votes, n.share, n.ci95[0], n.ci95[1]]);
        io.stdout.write(toCsv(table));
      } else {
        io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      }
      return 0;
    }
    case 'disqualify': {
      const { positionals, values } = args(rest, { reason: { type: 'string' } });
      const reason = typeof values.reason === 'string' ? values.reason.trim() : '';
      if (positionals.length !== 2 || !reason) throw new CliUsageError('campaign disqualify takes SLUG CODE --reason "…"');
      const stored = await campaigns.findBySlug(positionals[0]!);
      if (!stored) return fail(io, `no campaign "${positionals[0]}"`);
      const entry = await entries.findByCode(positionals[1]!.toUpperCase());
      if (!entry || entry.campaign_id !== stored.id) return fail(io, `no entry ${positionals[1]} in ${stored.slug}`);
      if (entry.disqualified_at) return fail(io, `${entry.code} is already disqualified (${entry.disqualified_reason})`);
      await db.transaction().execute(async (trx) => {
        await entries.disqualify(entry.id, reason, 'cli', now, trx);
        await campaigns.bumpResults(stored.id, trx);
      });
      io.stdout.write(`disqualified ${entry.code}: ${reason}\n`);
      return 0;
    }
    default:
      throw new CliUsageError(`campaign takes import, results or disqualify${sub ? `, not "${sub}"` : ''}`);
  }
}

/** `paddock entrant export|erase EMAIL`: what we hold about a person, and erasure that keeps the vote counted. */
export async function runEntrantCommand(db: Kysely<Database>, argv: string[], io: Io, now = new Date()): Promise<number> {
  const { positionals } = args(argv.slice(1));
  const sub = argv[0];
  if ((sub !== 'export' && sub !== 'erase') || positionals.length !== 1) throw new CliUsageError('entrant takes export EMAIL or erase EMAIL');
  const key = normalizeEmail(positionals[0]!);
  if (!key) return fail(io, `"${positionals[0]}" is not an email address`);
  const entries = entriesRepository(db);
  const rows = await entries.findByEmail(key);
  if (sub === 'export') {
    const out = [];
    for (const r of rows) out.push({ ...publicRow(r), events: await entries.events(r.id) });
    io.stdout.write(`${JSON.stringify({ email: positionals[0], entries: out }, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) return fail(io, `no entries for ${positionals[0]}`);
  const campaigns = campaignsRepository(db);
  for (const r of rows) {
    const stored = await campaigns.findById(r.campaign_id);
    const textQuestions = stored?.definition.questions.filter((q) => q.type === 'text').map((q) => q.id) ?? [];
    await db.transaction().execute(async (trx) => {
      await entries.erase(r.id, textQuestions, 'cli', now, trx);
      await campaigns.bumpResults(r.campaign_id, trx);
    });
    io.stdout.write(`erased personal data of entry ${r.code}; its vote stays counted anonymously\n`);
  }
  return 0;
}

function publicRow(r: EntryRow) {
  return {
    code: r.code,
    campaign_id: r.campaign_id,
    name: r.name,
    email: r.email,
    status: r.status,
    submitted_at: r.submitted_at,
    confirmed_at: r.confirmed_at,
    adult: r.adult === 1,
    consent: r.consent === 1,
    ballot: JSON.parse(r.ballot_json) as unknown,
    answers: JSON.parse(r.answers_json) as unknown,
    disqualified_at: r.disqualified_at,
    disqualified_reason: r.disqualified_reason,
    erased_at: r.erased_at,
  };
}

function fail(io: Io, message: string): number {
  io.stderr.write(`paddock: ${message}\n`);
  return 1;
}
