/**
 * bench:archive — Paddock on a synthetic archive (bench/archive/generate.ts) of ARCHIVE_N
 * articles (default 100,000) and of 1,000 in the same run, on SQLite and, when
 * PADDOCK_TEST_PG_URL is set, PostgreSQL. Imports with the real CLI (articles/s, peak RSS),
 * then serves with the real `paddock serve` and the page cache off, and drives it with wrk:
 * random article pages, listings at random depths, each class of search, feed, sitemaps. Prints
 * req/s and p99 at both sizes and their ratio (how cost grows with the archive), wrk's own CPU
 * (the load generator was not the limit), /healthz while 20 worst-case searches run, and the
 * cached article page against a bare node:http server returning the same bytes.
 *
 * BENCH_SECONDS (5) per measurement, BENCH_CONNECTIONS (16) for pages, ARCHIVE_N (100000),
 * ARCHIVE_DIR (os.tmpdir()) where the generated JSONL files are kept between runs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SITEMAP_SPAN } from '../src/articles/sitemaps';
import { createDatabase } from '../src/db/database';
import { archive, random, word, VOCABULARY } from './archive/generate';
import { ensureWrk, wrk, type WrkResult } from './archive/wrk';

const N = Number(process.env.ARCHIVE_N ?? 100_000);
const SIZES = [...new Set([1000, N])].sort((a, b) => a - b);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const PG_URL = process.env.PADDOCK_TEST_PG_URL;
const DIR = process.env.ARCHIVE_DIR ?? os.tmpdir();
const BIN = path.resolve('bin/paddock.js');
const SAMPLE = 2000;

type Row = { name: string; results: Map<number, WrkResult> };
type Engine = 'sqlite' | 'postgres';

async function archiveFile(n: number): Promise<string> {
  const file = path.join(DIR, `paddock-archive-${n}.jsonl`);
  if (fs.existsSync(file)) return file;
  console.log(`# generating ${n.toLocaleString('en')} articles into ${file}`);
  const stream = fs.createWriteStream(`${file}.part`);
  for (const record of archive(n)) {
    if (!stream.write(`${JSON.stringify(record)}\n`)) await new Promise<void>((r) => stream.once('drain', () => r()));
  }
  await new Promise<void>((r) => stream.end(() => r()));
  fs.renameSync(`${file}.part`, file);
  return file;
}

async function freshDatabase(engine: Engine, n: number, work: string): Promise<string> {
  if (engine === 'sqlite') return `sqlite:${path.join(work, `archive-${n}.sqlite`)}`;
  const name = `paddock_bench_${n}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  return url.href;
}

function importWithCli(file: string, databaseUrl: string) {
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, 'import', '--json', file], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PADDOCK_DEMO: '0', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(run.stdout) as { added: number; failed: number; seconds: number };
  const peakMb = Number(run.stderr.trim().split('\n').pop()) / 1024;
  if (report.failed > 0) throw new Error(`import failed for ${report.failed} articles`);
  return { perSecond: report.added / report.seconds, seconds: report.seconds, peakMb };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function serve(databaseUrl: string, work: string, pageCache: 'on' | 'off'): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), PADDOCK_DEMO: '0', LOG_LEVEL: 'warn', PAGE_CACHE: pageCache, MAIL_OUTBOX: path.join(work, 'outbox'), SITE_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return { child, base };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

const stop = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM'))));

/** Paths for each measured target, sampled from the database so that they are spread over the whole archive. */
async function targets(databaseUrl: string, n: number): Promise<Record<string, string[]>> {
  const database = await createDatabase(databaseUrl);
  const now = new Date().toISOString();
  const r = random(n);
  const ids = Array.from({ length: SAMPLE }, () => 1 + Math.floor(r() * n));
  const visible = await database.db
    .selectFrom('articles')
    .select(['id', 'slug', 'published_at', 'rubric_slug'])
    .where('id', 'in', ids)
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .execute();
  const tagged = await database.db
    .selectFrom('article_tags')
    .select(['tag_slug', 'article_id', 'published_at'])
    .where('article_id', 'in', ids)
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .execute();
  const maxId = Number((await database.db.selectFrom('articles').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
  await database.close();
  // Just after the sampled article, so that it is on the page: a cursor at the very last article would be an empty page (404).
  const cursor = (at: string, id: number) => `${Date.parse(at)}-${id + 1}`;
  const pick = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo));
  const queries = (make: () => string) => Array.from({ length: 200 }, () => `/search?q=${encodeURIComponent(make())}`);
  const pages = Math.max(1, Math.floor((visible.length / SAMPLE) * n) / 10);
  return {
    'article page (random, cache off)': visible.map((a) => `/news/${a.slug}`),
    'front page at a random depth': visible.map((a) => `/?before=${cursor(a.published_at, a.id)}`),
    'rubric page at a random depth': visible.filter((a) => a.rubric_slug).map((a) => `/rubric/${a.rubric_slug}?before=${cursor(a.published_at, a.id)}`),
    'tag page at a random depth': tagged.map((t) => `/tag/${t.tag_slug}?before=${cursor(t.published_at, t.article_id)}`),
    'old numbered page ?page=N (302 to its cursor)': Array.from({ length: 200 }, () => `/?page=${pick(2, pages)}`),
    'search: very common word': queries(() => word(pick(0, 3))),
    'search: rare word': queries(() => word(pick(VOCABULARY - 20_000, VOCABULARY))),
    'search: two words': queries(() => `${word(pick(50, 500))} ${word(pick(50, 500))}`),
    'search: prefix (4 letters)': queries(() => word(pick(100, 3000)).slice(0, 4)),
    'search: no match': queries(() => `qqxz${pick(0, 1e6)}`),
    'feed /feed.xml': ['/feed.xml'],
    'sitemap index /sitemap.xml': ['/sitemap.xml'],
    'article sitemap (random file)': Array.from({ length: Math.ceil(maxId / SITEMAP_SPAN) }, (_, i) => `/sitemap-articles-${i + 1}.xml`),
    'news sitemap /sitemap-news.xml': ['/sitemap-news.xml'],
  };
}

async function measureEngine(engine: Engine, work: string) {
  const rows = new Map<string, Row>();
  const imports = new Map<number, ReturnType<typeof importWithCli>>();
  const healthz = new Map<number, WrkResult>();
  let cached: { app: WrkResult; bare: WrkResult } | null = null;
  for (const n of SIZES) {
    const file = await archiveFile(n);
    const url = await freshDatabase(engine, n, work);
    console.log(`# ${engine}: importing ${n.toLocaleString('en')} articles`);
    imports.set(n, importWithCli(file, url));
    console.log(`#   ${imports.get(n)!.perSecond.toFixed(0)} articles/s, peak RSS ${imports.get(n)!.peakMb.toFixed(0)} MB`);
    const paths = await targets(url, n);
    const server = await serve(url, work, 'off');
    try {
      for (const [name, list] of Object.entries(paths)) {
        // A short warm-up: the JIT, the engine's caches.
        await wrk(server.base, list, { seconds: 1, connections: CONNECTIONS });
        const result = await wrk(server.base, list, { seconds: SECONDS, connections: CONNECTIONS });
        if (!rows.has(name)) rows.set(name, { name, results: new Map() });
        rows.get(name)!.results.set(n, result);
        console.log(`#   ${name}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99.toFixed(1)} ms, errors ${result.errors}`);
      }
      // Nothing blocks the server: /healthz while 20 connections search for the most common word.
      const worst = paths['search: very common word']!;
      const [, probe] = await Promise.all([
        wrk(server.base, worst, { seconds: SECONDS, connections: 20 }),
        wrk(server.base, ['/healthz'], { seconds: SECONDS, connections: 1 }),
      ]);
      healthz.set(n, probe);
    } finally {
      await stop(server.child);
    }
    if (n === N) cached = await cachedAgainstBare(url, work, paths['article page (random, cache off)']![0]!);
  }
  return { rows: [...rows.values()], imports, healthz, cached };
}

/** The page cache's best case against the floor: node:http writing the same bytes, both driven alike. */
async function cachedAgainstBare(url: string, work: string, articlePath: string) {
  const server = await serve(url, work, 'on');
  const bytes = await (await fetch(server.base + articlePath)).text();
  const pagesFile = path.join(work, 'pages.json');
  fs.writeFileSync(pagesFile, JSON.stringify({ [articlePath]: bytes }));
  const bare = spawn(process.execPath, ['--import', 'tsx', 'bench/http/bare-server.ts', pagesFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const bareBase = await new Promise<string>((resolve) => bare.stdout!.once('data', (d) => resolve((JSON.parse(String(d)) as { address: string }).address)));
  try {
    const options = { seconds: SECONDS, connections: 64, threads: 2 };
    await wrk(bareBase, [articlePath], { ...options, seconds: 1 });
    const bareResult = await wrk(bareBase, [articlePath], options);
    await wrk(server.base, [articlePath], { ...options, seconds: 1 });
    const app = await wrk(server.base, [articlePath], options);
    return { app, bare: bareResult };
  } finally {
    bare.kill();
    await stop(server.child);
  }
}

function report(engine: Engine, m: Awaited<ReturnType<typeof measureEngine>>) {
  const [small, large] = [SIZES[0]!, SIZES[SIZES.length - 1]!];
  const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
  console.log(`\n### ${engine} — ${os.cpus().length} cores, Node ${process.version}, wrk 1 thread × ${CONNECTIONS} connections, ${SECONDS} s each, page cache off\n`);
  console.log(`| target | req/s @${k(small)} | p99 ms @${k(small)} | req/s @${k(large)} | p99 ms @${k(large)} | @${k(large)} ÷ @${k(small)} | errors | wrk CPU @${k(large)} |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of m.rows) {
    const a = row.results.get(small)!;
    const b = row.results.get(large)!;
    console.log(`| ${row.name} | ${a.rps.toFixed(0)} | ${a.p99.toFixed(1)} | ${b.rps.toFixed(0)} | ${b.p99.toFixed(1)} | ${(b.rps / a.rps).toFixed(2)}× | ${a.errors + b.errors} | ${b.wrkCpu.toFixed(0)}% |`);
  }
  const h = (n: number) => m.healthz.get(n)!;
  console.log(`| /healthz p99 while 20 connections search a very common word | | ${h(small).p99.toFixed(1)} | | ${h(large).p99.toFixed(1)} | | ${h(small).errors + h(large).errors} | |`);
  const i = (n: number) => m.imports.get(n)!;
  console.log(`\n| import (real CLI, one JSONL file) | @${k(small)} | @${k(large)} |\n|---|---:|---:|`);
  console.log(`| articles/s | ${i(small).perSecond.toFixed(0)} | ${i(large).perSecond.toFixed(0)} |`);
  console.log(`| peak RSS MB | ${i(small).peakMb.toFixed(0)} | ${i(large).peakMb.toFixed(0)} |`);
  if (m.cached) {
    const { app, bare } = m.cached;
    console.log(`\n| cached article page @${k(large)} (wrk 2 threads × 64 connections) | req/s | p99 ms | wrk CPU | vs bare |\n|---|---:|---:|---:|---:|`);
    console.log(`| bare node:http, same bytes | ${bare.rps.toFixed(0)} | ${bare.p99.toFixed(1)} | ${bare.wrkCpu.toFixed(0)}% | 100% |`);
    console.log(`| Paddock, page cache on | ${app.rps.toFixed(0)} | ${app.p99.toFixed(1)} | ${app.wrkCpu.toFixed(0)}% | ${((app.rps / bare.rps) * 100).toFixed(0)}% |`);
  }
}

ensureWrk();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-archive-bench-'));
try {
  const engines: Engine[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  if (!PG_URL) console.log('# PADDOCK_TEST_PG_URL is not set: PostgreSQL is skipped');
  const results = [];
  for (const engine of engines) results.push([engine, await measureEngine(engine, work)] as const);
  for (const [engine, m] of results) report(engine, m);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
