/**
 * bench:vote: concurrent clients submit and confirm entries over HTTP, on SQLite and (when
 * PADDOCK_TEST_PG_URL is set) PostgreSQL. Each client gets its confirmation token from the mail,
 * as a reader would: from the file outbox (default) or, with BENCH_MAIL=smtp, from a real SMTP
 * server in this process. Prints confirmed
 * entries/s, p50/p99 and the ratio to a bare insert loop on the same database in the same run,
 * then kills the server with SIGKILL and counts the acknowledged entries that survived.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { createDatabase, type PaddockDb } from '../src/db/database';
import { migrate } from '../src/db/migrate';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// Measured passes per engine after the warm-up; the table shows the median pass (the machine is shared and noisy).
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const PG_URL = process.env.PADDOCK_TEST_PG_URL;

// Tokens arrive by mail: the SMTP server resolves the waiting client's promise.
const waiting = new Map<string, (token: string) => void>();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    let data = '';
    stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
    stream.on('end', () => {
      const body = data.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const token = /confirm\?token=([A-Za-z0-9_-]+)/.exec(body)?.[1];
      const to = session.envelope.rcptTo[0]?.address ?? '';
      if (token) waiting.get(to)?.(token);
      callback();
    });
  },
});
// The server's SMTP connections are cut when it is killed (-9) at the end of a run.
smtp.on('error', () => undefined);
await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}/?pool=true&maxConnections=32&ignoreTLS=true`;

/** Default mail setup (MAIL_OUTBOX): the bench reads each .eml as the server renames it into place. */
function watchOutbox(dir: string): fs.FSWatcher {
  return fs.watch(dir, (_event, name) => {
    if (!name || !name.endsWith('.eml')) return;
    // Read at once (a few microseconds): the thread-pool round trip of fs.readFile costs the
    // load generator more, and it shares the two cores with the server.
    let raw: string;
    try {
      raw = fs.readFileSync(path.join(dir, name), 'utf8');
    } catch {
      return; // a rename event for the temporary name
    }
    const body = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const token = /confirm\?token=([A-Za-z0-9_-]+)/.exec(body)?.[1];
    const to = /^To: (.+)$/m.exec(raw)?.[1]?.trim() ?? '';
    if (token) waiting.get(to)?.(token);
  });
}
const MAIL = process.env.BENCH_MAIL === 'smtp' ? 'smtp' : 'outbox';

function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; address: string }> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/vote/app-server.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', (l) => resolve({ child, address: (JSON.parse(l) as { address: string }).address }));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

// node:http with keep-alive, not fetch: the load generator shares the two cores with the server,
// and fetch costs it several times more CPU per request.
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
function postJson(url: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(payload);
  });
}

/** An error is printed (its status and the start of its body) so that a count above 0 can be looked into. */
function refused(what: string, body: string): void {
  console.error(`bench:vote: ${what}: ${body.slice(0, 200)}`);
}

async function runClients(address: string) {
  const latencies: number[] = [];
  const acknowledged: string[] = [];
  let errors = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const started = Date.now();
  async function client(id: number) {
    for (let i = 0; Date.now() < deadline; i++) {
      const email = `c${id}-${i}-${crypto.randomBytes(3).toString('hex')}@example.com`;
      const token = new Promise<string>((resolve) => waiting.set(email, resolve));
      const t0 = performance.now();
      const submitted = await postJson(`${address}/api/v1/campaigns/bench/entries`, {
        name: `Reader ${id}`,
        email,
        adult: true,
        consent: true,
        ballot: { 'city-car': 'vesta' },
        answers: { 'q-plans': 'yes', 'q-rate': 8 },
      });
      if (submitted.status !== 202) {
        errors++;
        refused(`submit ${submitted.status}`, submitted.body);
        continue;
      }
      const confirmed = await postJson(`${address}/api/v1/entries/confirm`, { token: await token });
      waiting.delete(email);
      if (confirmed.status !== 200) {
        errors++;
        refused(`confirm ${confirmed.status}`, confirmed.body);
        continue;
      }
      acknowledged.push((JSON.parse(confirmed.body) as { entry_code: string }).entry_code);
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  const elapsed = (Date.now() - started) / 1000;
  return { rate: acknowledged.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors, acknowledged };
}

/** The same durable write without HTTP, validation or mail: one transaction per entry. */
async function bareInserts(database: PaddockDb, campaignId: number) {
  const deadline = Date.now() + Math.min(SECONDS, 5) * 1000;
  const started = Date.now();
  let n = 0;
  const workers = database.caps.engine === 'sqlite' ? 1 : CLIENTS;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < deadline) {
        const k = `bare-${crypto.randomBytes(8).toString('hex')}`;
        await database.db.transaction().execute((trx) =>
          trx
            .insertInto('entries')
            .values({ campaign_id: campaignId, code: k, email_key: k, email: k, name: 'x', adult: 1, consent: 1, complete: 1, ballot_json: '{}', answers_json: '{}', status: 'confirmed', submitted_at: new Date().toISOString() })
            .execute(),
        );
        n++;
      }
    }),
  );
  return n / ((Date.now() - started) / 1000);
}

async function countCodes(database: PaddockDb, codes: string[]) {
  let found = 0;
  for (let i = 0; i < codes.length; i += 500) {
    const rows = await database.db.selectFrom('entries').select('code').where('status', '=', 'confirmed').where('code', 'in', codes.slice(i, i + 500)).execute();
    found += rows.length;
  }
  return found;
}

const rows: string[] = [];
const medians = new Map<string, number>();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-bench-vote-'));
// The file outbox is written in memory (/dev/shm) where there is one, the databases stay on disk.
// A real site's mail leaves by SMTP; 40,000 files a pass on the database's disk put their
// journal commits in the queue of PostgreSQL's log flushes (seen here: PostgreSQL passes of 650
// entries/s where the same code made 1,200 with the files in memory). BENCH_MAIL=smtp avoids files.
const mailRoot = fs.existsSync('/dev/shm') ? fs.mkdtempSync('/dev/shm/paddock-bench-mail-') : dir;
try {
  const engines: Array<{ name: string; url: string; schema?: string }> = [{ name: 'SQLite', url: `sqlite:${path.join(dir, 'vote.sqlite')}` }];
  if (PG_URL) engines.push({ name: 'PostgreSQL', url: PG_URL, schema: `bench_${crypto.randomBytes(4).toString('hex')}` });
  else console.log('PADDOCK_TEST_PG_URL not set: PostgreSQL run skipped');
  // BENCH_ENGINE=PostgreSQL (or SQLite) runs one engine only: for trying a change, not for the table's ratio.
  const only = process.env.BENCH_ENGINE;
  if (only) engines.splice(0, engines.length, ...engines.filter((e) => e.name.toLowerCase() === only.toLowerCase()));
  for (const engine of engines) {
    const outbox = path.join(mailRoot, `outbox-${engine.name}`);
    fs.mkdirSync(outbox);
    const watcher = MAIL === 'outbox' ? watchOutbox(outbox) : null;
    const mailEnv = MAIL === 'outbox' ? { MAIL_OUTBOX: outbox } : { SMTP_URL: smtpUrl };
    const server = await startServer({ DATABASE_URL: engine.url, ...mailEnv, ...(engine.schema ? { BENCH_PG_SCHEMA: engine.schema } : {}) });
    await runClients(server.address).catch(() => undefined); // warm-up pass is discarded below
    const passes: Array<Awaited<ReturnType<typeof runClients>>> = [];
    for (let i = 0; i < RUNS; i++) passes.push(await runClients(server.address));
    console.log(`${engine.name}: confirmed entries/s per pass: ${passes.map((p) => p.rate.toFixed(0)).join(', ')}`);
    const result = [...passes].sort((a, b) => a.rate - b.rate)[Math.floor(passes.length / 2)]!;
    const acknowledged = passes.flatMap((p) => p.acknowledged);
    const errors = passes.reduce((sum, p) => sum + p.errors, 0); // every pass's, not only the median's
    server.child.kill(process.env.BENCH_CPU_PROF ? 'SIGINT' : 'SIGKILL');
    watcher?.close();
    await new Promise((r) => server.child.once('exit', r));
    const database = await createDatabase(engine.url, engine.schema ? { pgSchema: engine.schema } : {});
    await migrate(database);
    const survived = await countCodes(database, acknowledged);
    const campaign = await database.db.selectFrom('campaigns').select('id').where('slug', '=', 'bench').executeTakeFirstOrThrow();
    const bare = await bareInserts(database, campaign.id);
    await database.close();
    if (engine.schema) {
      const client = new pg.Client({ connectionString: engine.url });
      await client.connect();
      await client.query(`drop schema ${engine.schema} cascade`);
      await client.end();
    }
    medians.set(engine.name, result.rate);
    rows.push(
      `| ${engine.name} | ${result.rate.toFixed(0)} | ${result.p50.toFixed(1)} | ${result.p99.toFixed(1)} | ${errors} | ${bare.toFixed(0)} | ${((result.rate / bare) * 100).toFixed(1)}% | ${survived}/${acknowledged.length} |`,
    );
  }
  console.log(`\nbench:vote — ${CLIENTS} clients, median of ${RUNS} passes of ${SECONDS} s, submit + confirm per entry over HTTP, mail via ${MAIL === 'outbox' ? `the file outbox in ${mailRoot === dir ? 'the databases\' directory' : '/dev/shm'}` : 'SMTP'}; ${os.cpus().length} cores, Node ${process.version}\n`);
  console.log('| database | confirmed entries/s (median pass) | p50 ms (submit→confirmed) | p99 ms | errors (all passes) | bare insert loop/s | vs bare | acknowledged entries found after kill -9 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
  // Issue "8 of 8" asks PostgreSQL to confirm at least half as many entries a second as SQLite, in the same run.
  const [sqlite, postgres] = [medians.get('SQLite'), medians.get('PostgreSQL')];
  if (sqlite && postgres) console.log(`\nPostgreSQL ÷ SQLite, median passes: ${((postgres / sqlite) * 100).toFixed(0)}% (batches committing at once on PostgreSQL: ${process.env.GROUP_COMMITS ?? '3, the default'})`);
} finally {
  smtp.close();
  agent.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(mailRoot, { recursive: true, force: true });
}
