/** Running wrk (Debian's package) and reading what it printed, with its own CPU share. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'random-paths.lua');

export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** wrk's CPU time over the wall time, in % of one core: far below 100 means it was not the limit. */
  wrkCpu: number;
}

export function ensureWrk(): void {
  if (spawnSync('wrk', ['--version']).error === undefined) return;
  console.log('# wrk is missing: installing it from Debian (apt-get install -y wrk)');
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', 'wrk'], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error('wrk could not be installed: run `apt-get install -y wrk` and start the bench again');
}

const ms = (text: string): number => {
  const m = /([\d.]+)(us|ms|s)/.exec(text);
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
};

/** `paths`: requests go to these, picked at random; one wrk thread unless told otherwise. */
export async function wrk(base: string, paths: string[], options: { seconds: number; connections: number; threads?: number }): Promise<WrkResult> {
  const file = path.join(os.tmpdir(), `paddock-wrk-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  fs.writeFileSync(file, `${paths.join('\n')}\n`);
  const args = ['-f', '%U %S %e', 'wrk', `-t${options.threads ?? 1}`, `-c${options.connections}`, `-d${options.seconds}s`, '--latency', '-s', SCRIPT, base];
  const child = spawn('/usr/bin/time', args, { env: { ...process.env, WRK_PATHS: file } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  await new Promise((resolve) => child.once('exit', resolve));
  fs.rmSync(file, { force: true });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const latency = (q: string) => ms(new RegExp(`^\\s+${q}%\\s+(\\S+)`, 'm').exec(out)?.[1] ?? '');
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)?.slice(1).map(Number) ?? [];
  const errors = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0) + socket.reduce((a, b) => a + b, 0);
  const [user, sys, wall] = (err.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (!Number.isFinite(rps)) throw new Error(`wrk printed no result:\n${out}\n${err}`);
  return { rps, p50: latency('50'), p99: latency('99'), errors, wrkCpu: ((user! + sys!) / wall!) * 100 };
}
