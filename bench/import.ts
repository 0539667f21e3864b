/**
 * bench:import — the importer on one synthetic archive (bench/archive/generate.ts) of IMPORT_N
 * articles (default 100,000) in each format it reads: JSONL (the baseline), a WordPress 6 export
 * (WXR 1.2, bench/import/generate-wxr.ts) plain and gzipped, and a Ghost 5 export
 * (bench/import/generate-ghost.ts). Each file is imported into a fresh database with the real CLI
 * (`paddock import --json`), on SQLite and, when PADDOCK_TEST_PG_URL is set, on PostgreSQL;
 * then the WXR file is imported a second time into the same database (every post unchanged).
 * Prints articles/s and the ratio to JSONL on the same engine, and the peak RSS
 * (`/usr/bin/time -f %M`) against the file's size: an export is streamed, never held whole.
 *
 * IMPORT_N (100000); IMPORT_ENGINES (sqlite,postgres) which engines to run; IMPORT_FORMATS (all: jsonl,wxr,wxr.gz,ghost) which formats to generate and
 * import (JSONL, the baseline of the ratios, always); ARCHIVE_DIR (os.tmpdir()) where the
 * generated files are kept between runs (named by N and format version; the JSONL is
 * bench:archive's own file).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import pg from 'pg';
import { articles } from './import/articles';
import { ghost, GHOST_FORMAT } from './import/generate-ghost';
import { wxr, WXR_FORMAT } from './import/generate-wxr';
import { writeChunks } from './import/write-file';

const N = Number(process.env.IMPORT_N ?? 100_000);
const PG_URL = process.env.PADDOCK_TEST_PG_URL;
const DIR = process.env.ARCHIVE_DIR ?? os.tmpdir();
const BIN = path.resolve('bin/paddock.js');
const PG_DATABASE = 'paddock_bench_import';
const FORMATS = new Set(['jsonl', ...(process.env.IMPORT_FORMATS ?? 'wxr,wxr.gz,ghost').split(',').map((f) => f.trim().toLowerCase())]);

type Engine = 'sqlite' | 'postgres';
type Format = 'JSONL' | 'WXR .xml' | 'WXR .xml.gz' | 'Ghost .json';

interface Report {
  added: number;
  updated: number;
  unchanged: number;
  failed: number;
  seconds: number;
  skipped: Record<string, number>;
  notes: Record<string, number>;
  /** WordPress and Ghost people brought over as authors; old category, tag and author addresses kept. */
  authors?: { created: number; updated: number; unchanged: number };
  redirects?: number;
  errors: Array<{ file: string; item?: string; line?: number; field: string; message: string }>;
}

interface Run {
  format: string;
  engine: Engine;
  articles: number;
  /** The importer's own time (its report): reading, composing, writing. */
  seconds: number;
  /** The whole command: start-up, migrations, the import, VACUUM/ANALYZE. */
  wall: number;
  peakMb: number;
  fileBytes: number;
  report: Report;
}

async function cached(file: string, make: (part: string) => Promise<void>): Promise<string> {
  if (fs.existsSync(file)) return file;
  console.log(`# generating ${file}`);
  const started = performance.now();
  await make(file);
  console.log(`#   ${((performance.now() - started) / 1000).toFixed(1)} s, ${mb(fs.statSync(file).size)} MB`);
  return file;
}

/** The same articles in every format, each file written as it is generated. */
async function inputFiles(n: number): Promise<Partial<Record<Format, string>>> {
  const base = path.join(DIR, `paddock-import-${n}`);
  // bench:archive's JSONL of the same N is the same file: shared, so it is generated once.
  const jsonl = await cached(path.join(DIR, `paddock-archive-${n}.jsonl`), (file) =>
    writeChunks(
      file,
      (function* () {
        for (const a of articles(n)) yield `${JSON.stringify(a)}\n`;
      })(),
    ),
  );
  const files: Partial<Record<Format, string>> = { JSONL: jsonl };
  if (FORMATS.has('wxr') || FORMATS.has('wxr.gz')) {
    const xml = await cached(`${base}-wxr-v${WXR_FORMAT}.xml`, (file) => writeChunks(file, wxr(n)));
    if (FORMATS.has('wxr')) files['WXR .xml'] = xml;
    if (FORMATS.has('wxr.gz')) {
      files['WXR .xml.gz'] = await cached(`${xml}.gz`, async (file) => {
        await pipeline(fs.createReadStream(xml), zlib.createGzip(), fs.createWriteStream(`${file}.part`));
        fs.renameSync(`${file}.part`, file);
      });
    }
  }
  if (FORMATS.has('ghost')) files['Ghost .json'] = await cached(`${base}-ghost-v${GHOST_FORMAT}.json`, (file) => writeChunks(file, ghost(n)));
  return files;
}

async function freshDatabase(engine: Engine, work: string): Promise<string> {
  if (engine === 'sqlite') {
    const file = path.join(work, 'import.sqlite');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    return `sqlite:${file}`;
  }
  await pgAdmin(`drop database if exists ${PG_DATABASE}`, `create database ${PG_DATABASE}`);
  const url = new URL(PG_URL!);
  url.pathname = `/${PG_DATABASE}`;
  return url.href;
}

async function pgAdmin(...statements: string[]) {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    for (const s of statements) await admin.query(s);
  } finally {
    await admin.end();
  }
}

function importWithCli(format: string, engine: Engine, file: string, databaseUrl: string): Run {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, 'import', '--json', file], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PADDOCK_DEMO: '0', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = (performance.now() - started) / 1000;
  let report: Report;
  try {
    report = JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`paddock import ${file} printed no report (exit ${run.status}):\n${run.stderr}`);
  }
  if (report.failed > 0) {
    const first = report.errors.slice(0, 5).map((e) => `  ${e.item ?? (e.line ? `line ${e.line}` : '')} ${e.field}: ${e.message}`);
    throw new Error(`paddock import ${file}: ${report.failed} failed\n${first.join('\n')}`);
  }
  const peakMb = Number(run.stderr.trim().split('\n').pop()) / 1024;
  const articlesDone = report.added + report.updated + report.unchanged;
  const result: Run = { format, engine, articles: articlesDone, seconds: report.seconds, wall, peakMb, fileBytes: fs.statSync(file).size, report };
  const counts = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${v} ${k}`).join(', ') || 'none';
  console.log(`#   ${engine} ${format}: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged in ${report.seconds.toFixed(1)} s (${wall.toFixed(1)} s wall), ${(articlesDone / report.seconds).toFixed(0)}/s, peak RSS ${peakMb.toFixed(0)} MB`);
  const people = report.authors ? `; authors: ${counts({ ...report.authors })}; redirects: ${report.redirects ?? 0}` : '';
  console.log(`#     skipped: ${counts(report.skipped)}; notes: ${counts(report.notes)}${people}`);
  return result;
}

async function measureEngine(engine: Engine, files: Partial<Record<Format, string>>, work: string): Promise<Run[]> {
  const runs: Run[] = [];
  for (const [format, file] of Object.entries(files) as Array<[Format, string]>) {
    const url = await freshDatabase(engine, work);
    const run = importWithCli(format, engine, file, url);
    if (run.report.added !== N) throw new Error(`${engine} ${format}: ${run.report.added} articles added, ${N} expected`);
    runs.push(run);
    if (format === 'WXR .xml') {
      // Idempotency: the same export again, into the database it has just filled.
      const again = importWithCli('WXR .xml, again into the same database', engine, file, url);
      if (again.report.unchanged !== N) console.log(`# WARNING: the second WXR import left ${again.report.unchanged} of ${N} unchanged (${again.report.added} added, ${again.report.updated} updated)`);
      runs.push(again);
    }
  }
  if (engine === 'postgres') await pgAdmin(`drop database if exists ${PG_DATABASE}`);
  return runs;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);

function report(runs: Run[], floorMb: number) {
  console.log(`\n### bench:import — ${N.toLocaleString('en')} articles, ${os.cpus().length} cores, Node ${process.version}, real CLI, fresh database per format\n`);
  console.log('| format | engine | articles | seconds | articles/s | vs JSONL | wall s | peak RSS MB | file MB | RSS ÷ file |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of runs) {
    const base = runs.find((b) => b.engine === r.engine && b.format === 'JSONL')!;
    const rate = r.articles / r.seconds;
    const ratio = rate / (base.articles / base.seconds);
    const unchanged = r.report.unchanged === r.articles ? ' (all unchanged)' : '';
    console.log(
      `| ${r.format} | ${r.engine} | ${r.articles.toLocaleString('en')}${unchanged} | ${r.seconds.toFixed(1)} | ${rate.toFixed(0)} | ${ratio.toFixed(2)}× | ${r.wall.toFixed(1)} | ${r.peakMb.toFixed(0)} | ${mb(r.fileBytes)} | ${(r.peakMb / (r.fileBytes / 1024 / 1024)).toFixed(2)}× |`,
    );
  }
  console.log(`\nPeak RSS of the same command importing one article: ${floorMb.toFixed(0)} MB (Node, tsx, the migrations: what any import costs before its data; a single batch composes inline, so the compose thread is not in it).`);
  for (const r of runs.filter((x) => x.format === 'WXR .xml' || x.format === 'Ghost .json')) {
    console.log(`${r.engine}, ${r.format}: a ${mb(r.fileBytes)} MB file imported in ${r.peakMb.toFixed(0)} MB of peak RSS (${(r.peakMb - floorMb).toFixed(0)} MB above the one-article floor).`);
  }
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-import-bench-'));
try {
  if (!PG_URL) console.log('# PADDOCK_TEST_PG_URL is not set: PostgreSQL is skipped');
  const files = await inputFiles(N);
  // The floor: the CLI importing a single article, so the RSS column reads as floor + data.
  const one = path.join(work, 'one.jsonl');
  fs.writeFileSync(one, `${JSON.stringify(articles(1).next().value)}\n`);
  const floorMb = importWithCli('one article', 'sqlite', one, await freshDatabase('sqlite', work)).peakMb;
  const runs: Run[] = [];
  const engines = ((process.env.IMPORT_ENGINES ?? 'sqlite,postgres').split(',') as Engine[]).filter((e) => e === 'sqlite' || (e === 'postgres' && PG_URL));
  for (const engine of engines) {
    console.log(`# ${engine}: importing ${N.toLocaleString('en')} articles in each format`);
    runs.push(...(await measureEngine(engine, files, work)));
  }
  report(runs, floorMb);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
