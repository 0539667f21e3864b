import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMailer, type Mailer } from '../../src/mail/mailer';
import { runRaffleCommand } from '../../src/raffle/cli';
import { parseDrawRecord } from '../../src/raffle/record';
import { buildTestApp } from '../support/app';
import { browserSite, chromiumMissingNotice, screenshotPath } from '../support/browser';
import { captureIo } from '../support/capture-io';
import { CLOSES, DURING, confirmedEntry, importTestCampaign, tempOutbox } from '../support/grandprix';

let mailer: Mailer | undefined;
let clock = DURING;

const site = browserSite(
  async (database) => {
    await importTestCampaign(database.db);
    const outbox = tempOutbox();
    mailer = createMailer({ outboxDir: outbox, from: 'Paddock <draw@paddock.test>' });
    const app = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
    for (let i = 0; i < 8; i++) await confirmedEntry(app, outbox, 'test-prix', `reader${i}@example.com`);
    // The vote has closed; the operator runs the draw.
    clock = new Date(CLOSES.getTime() + 3600_000);
    const c = captureIo();
    const status = await runRaffleCommand(database.db, ['draw', 'test-prix'], c.io, { mailer, siteUrl: 'http://paddock.test', now: clock });
    assert.equal(status, 0, c.stderr());
    return app;
  },
  () => mailer?.close(),
);

test('an entrant opens the draw page, types their code into the self-check and learns they won', async (t) => {
  if (!site.current) return t.skip(chromiumMissingNotice);
  const { browser, base } = site.current;
  const record = parseDrawRecord(await (await fetch(`${base}/api/v1/campaigns/test-prix/draw`)).text());
  const winner = record.winners[1]!;
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${base}/grand-prix/test-prix/draw`);
  assert.match((await page.locator('h1').textContent())!, /Prize draw: Test Prix/);
  assert.equal(await page.locator('.draw-winners tbody tr').count(), 2);

  // Typed as a person would copy it from a mail: lower case, without the prefix.
  await page.getByLabel('Your entry code').fill(winner.code.slice(3).toLowerCase());
  await page.getByRole('button', { name: 'Check' }).click();
  await page.waitForLoadState();
  const answer = page.getByRole('status');
  assert.match((await answer.textContent())!, new RegExp(`${winner.code} won prize 2: Weekend`));
  assert.match(page.url(), /\/grand-prix\/test-prix\/draw\?code=/);
  await page.screenshot({ path: screenshotPath('draw-self-check'), fullPage: true });

  await page.getByLabel('Your entry code').fill('not a code');
  await page.getByRole('button', { name: 'Check' }).click();
  await page.waitForLoadState();
  assert.match((await page.getByRole('status').textContent())!, /is not an entry code/);

  // The raw record is one click away and is exactly what the API serves.
  const json = await page.locator('a.draw-json').getAttribute('href');
  assert.equal(json, '/api/v1/campaigns/test-prix/draw');
  await page.close();
});
