import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { loadDemoCampaignIfNone, loadDemoContentIfEmpty } from '../../src/demo-content';
import { buildTestApp, testConfig } from '../support/app';
import { browserSite, chromiumMissingNotice } from '../support/browser';
import { tempOutbox } from '../support/grandprix';

// axe-core, the engine behind most accessibility checkers, run inside the real page.
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const site = browserSite(async (database) => {
  const config = testConfig({ PADDOCK_DEMO: '1' });
  await loadDemoContentIfEmpty(database, config, () => {});
  await loadDemoCampaignIfNone(database, config, new Date(), () => {});
  return buildTestApp(database, { env: { MAIL_OUTBOX: tempOutbox() } });
});

const PAGES = [
  '/',
  '/news/kamaz-passenger-division',
  '/news/kamaz-passenger-division/summary',
  '/rubric/industry',
  '/tag/kamaz',
  '/search?q=kamaz',
  '/grand-prix/grand-prix-2023',
  '/grand-prix/grand-prix-2023/rules',
  '/grand-prix/grand-prix-2023/draw',
  '/no-such-page',
  '/admin/login',
];

test('pages have no serious or critical accessibility violations (axe-core, WCAG 2 A/AA)', async (t) => {
  if (!site.current) return t.skip(chromiumMissingNotice);
  const { browser, base } = site.current;
  // Our CSP forbids injected scripts (as it should); the audit context is allowed to inject axe.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const problems: string[] = [];
  for (const path of PAGES) {
    await page.goto(base + path);
    await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (o: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
      const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
    for (const v of violations) problems.push(`${path}: ${v}`);
  }
  await context.close();
  assert.deepEqual(problems, []);
});
