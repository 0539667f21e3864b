import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { test } from 'node:test';

test('paddock serve starts with demo content, answers, and drains on SIGTERM with exit code 0', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-serve-'));
  const child = spawn(process.execPath, ['bin/paddock.js', 'serve'], {
    env: { ...process.env, PORT: '0', DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, MAIL_OUTBOX: path.join(dir, 'outbox'), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start in 60 s')), 60_000);
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
    });
    const front = await fetch(`${address}/`);
    assert.equal(front.status, 200);
    assert.match(await front.text(), /KAMAZ/, 'demo articles are loaded on first start');
    const campaign = await fetch(`${address}/api/v1/campaigns/grand-prix-2023`);
    assert.equal((await campaign.json()).status, 'open', 'the demo campaign is open on first start');

    // Requests in flight when SIGTERM arrives still get complete answers.
    const inFlight = Array.from({ length: 20 }, () => fetch(`${address}/news/kamaz-passenger-division`).then((r) => r.status));
    child.kill('SIGTERM');
    const statuses = await Promise.allSettled(inFlight);
    for (const s of statuses) {
      if (s.status === 'fulfilled') assert.ok(s.value === 200 || s.value === 503, `status ${s.value}`);
    }
    assert.ok(statuses.some((s) => s.status === 'fulfilled' && s.value === 200));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0);
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
