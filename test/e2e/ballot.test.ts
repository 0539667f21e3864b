import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDemoCampaignIfNone, loadDemoContentIfEmpty } from '../../src/demo-content';
import { buildTestApp, testConfig } from '../support/app';
import { browserSite, chromiumMissingNotice, screenshotPath } from '../support/browser';
import { confirmationToken, tempOutbox } from '../support/grandprix';

const outbox = tempOutbox();

const site = browserSite(async (database) => {
  const config = testConfig({ PADDOCK_DEMO: '1' });
  await loadDemoContentIfEmpty(database, config, () => {});
  await loadDemoCampaignIfNone(database, config, new Date(), () => {});
  // Proof-of-work on: the browser solves it, as a reader's would.
  return buildTestApp(database, { env: { MAIL_OUTBOX: outbox, PADDOCK_POW: 'on', ENTRY_RATE_LIMIT: '0', MAIL_DELIVERY: 'thread' } });
});

test('a reader follows the promo, fills the ballot, confirms from the email and sees the receipt', async (t) => {
  if (!site.current) return t.skip(chromiumMissingNotice);
  const { browser, base, database, app } = site.current;
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  await page.goto(`${base}/news/kamaz-passenger-division`);
  await page.locator('.promo a').click();
  await page.waitForLoadState();
  assert.match(await page.locator('h1').textContent() ?? '', /Grand Prix/);

  // Sending too early with a required answer missing keeps what was typed and explains it.
  await page.getByLabel('Lada Vesta NG').check();
  await page.getByLabel('Your name').fill('Olga Smirnova');
  await page.getByLabel('Email address').fill('olga@example.com');
  await page.waitForTimeout(3100); // a person needs a few seconds; faster posts are refused
  await page.getByRole('button', { name: 'Send my vote' }).click();
  await page.waitForSelector('#error-summary');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary', 'focus moves to the error summary');
  assert.equal(await page.getByLabel('Your name').inputValue(), 'Olga Smirnova');
  assert.ok(await page.getByLabel('Lada Vesta NG').isChecked());
  const summary = (await page.locator('#error-summary').textContent()) ?? '';
  assert.match(summary, /planning to buy a car/);
  await page.screenshot({ path: screenshotPath('ballot-errors'), fullPage: false });

  await page.getByLabel('Yes, a used one').check();
  await page.getByLabel('Lada', { exact: true }).check();
  await page.locator('input[name="answers.q-recommend"][value="9"]').check();
  await page.getByLabel('I am 18 or older').check();
  await page.locator('#f-consent').check();
  await page.waitForTimeout(3100);
  await page.getByRole('button', { name: 'Send my vote' }).click();
  await page.waitForSelector('h1:has-text("Check your email")', { timeout: 30_000 });

  // The server's mail thread delivers it, as in production.
  const token = await confirmationToken(app, outbox, 'olga@example.com');
  await page.goto(`${base}/grand-prix/confirm?token=${token}`);
  await page.getByRole('button', { name: 'Confirm my entry' }).click();
  await page.waitForLoadState();
  assert.equal((await page.locator('h1').textContent())?.trim(), 'Your entry is confirmed');
  const code = (await page.locator('.entry-code').textContent())?.trim() ?? '';
  assert.match(code, /^GP-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await page.screenshot({ path: screenshotPath('ballot-receipt') });

  const row = await database.db.selectFrom('entries').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  assert.equal(row.status, 'confirmed');
  assert.deepEqual(JSON.parse(row.ballot_json), { 'city-car': 'lada-vesta-ng' });

  await page.goto(`${base}/grand-prix/confirm?token=${token}`);
  assert.match((await page.locator('main').textContent()) ?? '', /already been used/);
  await page.close();
});
