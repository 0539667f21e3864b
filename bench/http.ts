/**
 * bench:http: autocannon against the article page, the front page, and a bare node:http server
 * returning the same bytes, in one run. Servers run in child processes so the load generator
 * does not share their event loop. Prints req/s, p50, p99 and the ratio to the bare server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ARTICLE = '/news/kamaz-passenger-division';

function startChild(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, address: (JSON.parse(line) as { address: string }).address }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function load(url: string) {
  // A short warm-up lets the JIT and caches settle before the measured run.
  await autocannon({ url, connections: CONNECTIONS, duration: 2 });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-bench-'));
const children: ChildProcess[] = [];
try {
  const app = await startChild('bench/http/app-server.ts', [], { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'bench.sqlite')}` });
  children.push(app.child);
  const pages: Record<string, string> = {};
  for (const url of [ARTICLE, '/']) {
    const res = await fetch(app.address + url);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    pages[url] = await res.text();
  }
  fs.writeFileSync(path.join(dir, 'pages.json'), JSON.stringify(pages));
  const bare = await startChild('bench/http/bare-server.ts', [path.join(dir, 'pages.json')], process.env);
  children.push(bare.child);
  const plainFastify = await startChild('bench/http/fastify-server.ts', [path.join(dir, 'pages.json')], process.env);
  children.push(plainFastify.child);

  const rows = [
    { name: `bare node:http (same bytes as ${ARTICLE})`, ...(await load(bare.address + ARTICLE)) },
    { name: 'Fastify, no plugins (same bytes)', ...(await load(plainFastify.address + ARTICLE)) },
    { name: `article page ${ARTICLE}`, ...(await load(app.address + ARTICLE)) },
    { name: 'front page /', ...(await load(app.address + '/')) },
  ];
  const baseline = rows[0]!.rps;
  console.log(`\nbench:http — ${CONNECTIONS} connections, ${DURATION} s each, SQLite, ${os.cpus().length} cores, Node ${process.version}\n`);
  console.log('| target | req/s | p50 ms | p99 ms | errors | vs bare |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${((r.rps / baseline) * 100).toFixed(1)}% |`);
  }
} finally {
  for (const c of children) c.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}
