import cliProgress from 'cli-progress';
import { vacuumAnalyzeAfterBulkLoad, type PaddockDb } from '../../db/database';
import type { MediaLibrary } from '../../media/library';
import { articlesRepository, type ArticleObserver } from '../repository';
import { formatIssue, importPaths, type ImportReport } from './import-run';
import { measure } from './walk';

export interface ImportCommandOptions {
  quiet: boolean;
  json: boolean;
  verbose: boolean;
  dryRun?: boolean;
  /** --media DIR: where an export's images are (a copy of wp-content/uploads or Ghost's content/images). */
  media?: { library: MediaLibrary; dir: string };
  /** What follows each stored change (webhooks, related articles), from the composition root. */
  observers?: readonly ArticleObserver[];
}

type Out = { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };

/**
 * `paddock import`: a progress bar (articles, rate, ETA) when stderr is a terminal, else one
 * summary line; `--quiet` prints only errors, `--json` a machine-readable report, `--verbose`
 * a line per article. Exit code 1 when anything failed.
 */
export async function runImportCommand(paths: string[], database: PaddockDb, timeZone: string, options: ImportCommandOptions, io: Out): Promise<number> {
  const repo = articlesRepository(database, { observers: options.observers ?? [] });
  const showBar = io.stderr.isTTY === true && !options.quiet && !options.json;
  let bars: cliProgress.MultiBar | null = null;
  let bar: cliProgress.SingleBar | null = null;
  const started = performance.now();
  if (showBar) {
    const { bytes } = await measure(paths);
    bars = new cliProgress.MultiBar(
      { format: 'importing [{bar}] {percentage}% | {records} articles | {rate}/s | ETA {eta_formatted}', stream: io.stderr, hideCursor: true, etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    bar = bars.create(Math.max(1, bytes), 0, { records: 0, rate: 0 });
  }
  const report = await importPaths(paths, {
    repo,
    db: database.db,
    timeZone,
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.media ? { media: options.media } : {}),
    listener: {
      issue: (issue) => {
        if (options.json) return;
        // Above the bar, so that the bar stays on the last line.
        if (bars) bars.log(`${formatIssue(issue)}\n`);
        else io.stderr.write(`${formatIssue(issue)}\n`);
      },
      ...(options.verbose && !options.json ? { article: (a) => io.stdout.write(`${a.outcome.padEnd(9)} ${a.file}${a.line ? `:${a.line}` : ''}${a.item ? ` ${a.item}` : ''}: ${a.slug}\n`) } : {}),
      progress: ({ records, bytes }) => {
        const rate = Math.round(records / Math.max(0.001, (performance.now() - started) / 1000));
        bar?.update(bytes, { records: records.toLocaleString('en'), rate: rate.toLocaleString('en') });
      },
    },
  });
  if (bar && bars) {
    bar.update(bar.getTotal());
    bars.stop();
  }
  if (report.added + report.updated > 0 && !report.dryRun) await vacuumAnalyzeAfterBulkLoad(database);
  if (report.files === 0) {
    io.stderr.write('no importable files (.md, .markdown, .json, .jsonl, .ndjson, .xml, .xml.gz) found\n');
    return 1;
  }
  if (options.json) io.stdout.write(`${JSON.stringify(toJson(report))}\n`);
  else if (!options.quiet) io.stdout.write(`${summaryLine(report)}\n${detailLines(report)}`);
  return report.failed > 0 ? 1 : 0;
}

export function summaryLine(r: ImportReport): string {
  const n = (x: number) => x.toLocaleString('en');
  const total = r.added + r.updated + r.unchanged;
  const rate = r.seconds > 0 ? `, ${n(Math.round(total / r.seconds))}/s` : '';
  return `${r.dryRun ? 'dry run (nothing stored): would have ' : ''}imported ${n(total)} articles from ${n(r.files)} file(s) in ${r.seconds.toFixed(1)} s${rate}: ${n(r.added)} added, ${n(r.updated)} updated, ${n(r.unchanged)} unchanged, ${n(r.failed)} failed`;
}

/** What an export held that was left behind, and what came over with a change, one line a reason. */
export function detailLines(r: ImportReport): string {
  const n = (x: number) => x.toLocaleString('en');
  const { created, updated, unchanged } = r.authors;
  const would = r.dryRun ? 'would be ' : '';
  const lines = [
    ...(created + updated + unchanged > 0 ? [`authors  ${n(created)} ${would}created, ${n(updated)} ${would}updated (empty bio, links or picture filled), ${n(unchanged)} unchanged`] : []),
    ...(r.redirects > 0 ? [`redirect ${n(r.redirects)} old category, tag and author addresses ${r.dryRun ? 'would be kept' : 'kept'}`] : []),
    ...Object.entries(r.skipped).map(([reason, count]) => `skipped  ${n(count)} ${reason}`),
    ...Object.entries(r.notes).map(([reason, count]) => `note     ${n(count)} ${reason}`),
  ];
  return lines.map((l) => `${l}\n`).join('');
}

function toJson(r: ImportReport) {
  return {
    dry_run: r.dryRun,
    skipped: r.skipped,
    notes: r.notes,
    files: r.files,
    added: r.added,
    updated: r.updated,
    unchanged: r.unchanged,
    failed: r.failed,
    authors: r.authors,
    redirects: r.redirects,
    seconds: Number(r.seconds.toFixed(3)),
    errors: r.issues,
    ...(r.issuesOmitted ? { errors_omitted: r.issuesOmitted } : {}),
  };
}
