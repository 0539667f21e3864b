// `paddock campaign recount FILE|URL [--results FILE|URL] [--digest HEX]`: the recount a reader or
// journalist runs on a published ballot list (docs/recount.md). Needs no database and no Paddock
// configuration. Exit 0 = OK, 1 = the first difference printed, 2 = an input could not be read.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseJsonDocument, recount, type JsonDocument } from './recount';

export interface RecountIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export class RecountUsageError extends Error {}

const USAGE = 'campaign recount takes FILE|URL [--results FILE|URL] [--digest HEX]';
const CAMPAIGN_API = /^(.*\/api\/v1\/campaigns\/[^/?#]+)(?:\/(?:ballots|results))?\/?(?:[?#].*)?$/;

class Unreadable extends Error {}

// Invalid UTF-8 cannot be read (exit 2), rather than replaced by U+FFFD; a BOM is kept, so that,
// as for Python's json, it is not JSON.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

async function readJson(source: string): Promise<JsonDocument> {
  let bytes: Uint8Array;
  try {
    if (/^https?:\/\//i.test(source)) {
      const response = await fetch(source, { signal: AbortSignal.timeout(30_000), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}${response.status === 409 ? ' (the ballot list is published when the entries freeze)' : ''}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    } else {
      bytes = await readFile(source);
    }
  } catch (error) {
    throw new Unreadable(`cannot read ${source}: ${(error as Error).message}`);
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new Unreadable(`cannot read ${source}: not UTF-8`);
  }
  try {
    return parseJsonDocument(text);
  } catch (error) {
    throw new Unreadable(`cannot read ${source}: not JSON (${(error as Error).message})`);
  }
}

export async function runRecount(argv: string[], io: RecountIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { results: { type: 'string' }, digest: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new RecountUsageError(`${(error as Error).message}; ${USAGE}`);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) throw new RecountUsageError(USAGE);
  const source = positionals[0]!;
  const digest = values.digest?.trim().toLowerCase();
  if (digest !== undefined && !/^[0-9a-f]{64}$/.test(digest)) throw new RecountUsageError('--digest takes the 64-hex-digit ballots_digest published on the campaign');

  // A Paddock URL names the campaign: its list, its results and the digest it published at the freeze.
  const api = /^https?:\/\//i.test(source) ? CAMPAIGN_API.exec(source)?.[1] : undefined;
  try {
    const list = await readJson(api ? `${api}/ballots` : source);
    const resultsSource = values.results ?? (api ? `${api}/results` : undefined);
    const results = resultsSource ? await readJson(resultsSource) : undefined;
    let publishedDigest = digest;
    if (publishedDigest === undefined && api) {
      const campaign = await readJson(api);
      const published = (campaign.value as { ballots_digest?: unknown } | null)?.ballots_digest;
      if (typeof published === 'string') publishedDigest = published;
    }
    const outcome = recount(list, { ...(results !== undefined ? { results } : {}), ...(publishedDigest !== undefined ? { publishedDigest } : {}) });
    if (!outcome.ok) {
      io.stdout.write(`MISMATCH ${outcome.field}: ${outcome.message}\n`);
      return 1;
    }
    if (results === undefined) io.stderr.write('note: no published results given (--results FILE|URL), so only the list and its digest were checked\n');
    if (publishedDigest === undefined) io.stderr.write("note: the list's digest was not compared with the one published at the freeze (--digest HEX)\n");
    // The operator's API can only vouch for itself: a copy kept since the freeze is what proves the list unchanged.
    else if (digest === undefined) io.stderr.write("note: the digest was compared with the one the campaign's API gives now; to rely on it, compare with your own copy from the freeze (--digest HEX)\n");
    io.stdout.write('OK\n');
    return 0;
  } catch (error) {
    if (error instanceof Unreadable) {
      io.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
