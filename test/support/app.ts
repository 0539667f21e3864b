import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { PaddockDb } from '../../src/db/database';

// Media files of a test process go to a temp folder (never ./data/media), removed at exit.
let mediaDir: string | undefined;
function testMediaDir(): string {
  if (!mediaDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-media-test-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    mediaDir = dir;
  }
  return mediaDir;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ MEDIA_DIR: testMediaDir(), PADDOCK_DEMO: '0', LOG_LEVEL: 'silent', SITE_URL: 'http://paddock.test', PADDOCK_POW: 'off', MAIL_DELIVERY: 'inline', ...overrides });
}

export async function buildTestApp(database: PaddockDb, options: { now?: () => Date; env?: Record<string, string> } = {}): Promise<FastifyInstance> {
  return buildApp({ config: testConfig(options.env), database, logger: false, ...(options.now ? { now: options.now } : {}) });
}

/** The app with its request log on (level info), kept for the test to read. */
export async function buildLoggedTestApp(database: PaddockDb, options: { now?: () => Date; env?: Record<string, string> } = {}): Promise<{ app: FastifyInstance; logText: () => string }> {
  const lines: string[] = [];
  const stream = { write: (line: string) => lines.push(line) };
  const app = await buildApp({ config: testConfig({ LOG_LEVEL: 'info', ...options.env }), database, logger: { stream }, ...(options.now ? { now: options.now } : {}) });
  return { app, logText: () => lines.join('') };
}
