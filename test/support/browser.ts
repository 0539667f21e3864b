import fs from 'node:fs';
import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { openTestDatabase, type TestDatabase } from './engines';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const TEST_OUTPUT = 'test-output';

/** Debian's Chromium, never a downloaded one. Null when it is not installed (tests then skip with a notice). */
export async function launchChromium(): Promise<Browser | null> {
  if (!fs.existsSync(CHROMIUM_PATH)) return null;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The machine has no internet: background networking only produces refused connections.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const chromiumMissingNotice = `Chromium not found at ${CHROMIUM_PATH}: browser tests skipped (apt-get install -y chromium)`;

export function screenshotPath(name: string): string {
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  return `${TEST_OUTPUT}/${name}.png`;
}

export interface BrowserSite {
  browser: Browser;
  database: TestDatabase;
  app: FastifyInstance;
  base: string;
}

/**
 * A browser test's fixture: Chromium and the app served on a fresh SQLite database, made once
 * for the file and closed after it. `current` is null (and a notice printed) without Chromium.
 */
export function browserSite(prepare: (database: TestDatabase) => Promise<FastifyInstance>, cleanup?: () => Promise<void> | void) {
  const holder: { current: BrowserSite | null } = { current: null };
  before(async () => {
    const browser = await launchChromium();
    if (!browser) {
      console.log(`# notice: ${chromiumMissingNotice}`);
      return;
    }
    const database = await openTestDatabase('sqlite');
    const app = await prepare(database);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    holder.current = { browser, database, app, base };
  });
  after(async () => {
    const site = holder.current;
    if (!site) return;
    await site.browser.close();
    await cleanup?.();
    await site.app.close();
    await site.database.close();
  });
  return holder;
}
