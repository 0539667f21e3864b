import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { Refusal } from '../errors';
import { refusalLine } from '../web/refusals';
import { CampaignImportError, importCampaign } from './campaign-import';
import { campaignsRepository } from './campaigns-repository';
import { entriesRepository, type EntryRow } from './entries-repository';
import { normalizeEmail } from './email-normalize';
import { entrantActions } from './entrant-actions';
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

/** `paddock campaign import|results|disqualify` */
export async function runCampaignCommand(db: Kysely<Database>, argv: string[], io: Io, now = new Date()): Promise<number> {
  return reportingRefusals(io, () => campaignCommand(db, argv, io, now));
}

async function campaignCommand(db: Kysely<Database>, argv: string[], io: Io, now: Date): Promise<number> {
  const [sub, ...rest] = argv;
  const campaigns = campaignsRepository(db);
  const entries = entriesRepository(db);
  const actions = entrantActions(db);
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
        for (const warning of outcome.warnings) io.stderr.write(`${warning}\n`);
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
        if (values.csv) io.stdout.write(await actions.entriesCsv(stored, 'cli', now));
        else {
          const { rows } = await entries.list(stored.id, { page: 1, pageSize: 1_000_000 });
          io.stdout.write(`${JSON.stringify(rows.map(publicRow), null, 2)}\n`);
        }
        return 0;
      }
      if (values.csv) io.stdout.write(await actions.resultsCsv(stored));
      else io.stdout.write(`${JSON.stringify(await resultsService(db).compute(stored), null, 2)}\n`);
      return 0;
    }
    case 'disqualify': {
      const { positionals, values } = args(rest, { reason: { type: 'string' }, 'reason-code': { type: 'string' } });
      const reason = typeof values.reason === 'string' ? values.reason.trim() : '';
      if (positionals.length !== 2 || !reason) throw new CliUsageError('campaign disqualify takes SLUG CODE --reason "…" [--reason-code duplicate|fraud|ineligible|rules|other]');
      const reasonCode = typeof values['reason-code'] === 'string' ? values['reason-code'] : undefined;
      const entry = await actions.disqualify({ slug: positionals[0]!, code: positionals[1]!, reason, ...(reasonCode ? { reasonCode } : {}), actor: 'cli', now });
      io.stdout.write(`disqualified ${entry.code}: ${reason}\n`);
      return 0;
    }
    default:
      throw new CliUsageError(`campaign takes import, results or disqualify${sub ? `, not "${sub}"` : ''}`);
  }
}

/** `paddock entrant export|erase EMAIL`: what we hold about a person, and erasure that keeps the vote counted. */
export async function runEntrantCommand(db: Kysely<Database>, argv: string[], io: Io, now = new Date()): Promise<number> {
  return reportingRefusals(io, () => entrantCommand(db, argv, io, now));
}

async function entrantCommand(db: Kysely<Database>, argv: string[], io: Io, now: Date): Promise<number> {
  const { positionals } = args(argv.slice(1));
  const sub = argv[0];
  if ((sub !== 'export' && sub !== 'erase') || positionals.length !== 1) throw new CliUsageError('entrant takes export EMAIL or erase EMAIL');
  const key = normalizeEmail(positionals[0]!);
  if (!key) return fail(io, `"${positionals[0]}" is not an email address`);
  if (sub === 'erase') {
    const erased = await entrantActions(db).erase({ email: positionals[0]!, actor: 'cli', now });
    if (erased.length === 0) return fail(io, `no entries for ${positionals[0]}`);
    for (const r of erased) io.stdout.write(`erased personal data of entry ${r.code}; its vote stays counted anonymously\n`);
    return 0;
  }
  const entries = entriesRepository(db);
  const out = [];
  for (const r of await entries.findByEmail(key)) out.push({ ...publicRow(r), events: await entries.events(r.id) });
  io.stdout.write(`${JSON.stringify({ email: positionals[0], entries: out }, null, 2)}\n`);
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

/** A refused action prints what the service said and exits 1. */
export async function reportingRefusals(io: Io, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    io.stderr.write(refusalLine(error));
    return 1;
  }
}

function fail(io: Io, message: string): number {
  io.stderr.write(`paddock: ${message}\n`);
  return 1;
}
