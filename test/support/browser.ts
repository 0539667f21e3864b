import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
