import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDemoContentIfEmpty } from '../../src/demo-content';
import { buildTestApp, testConfig } from '../support/app';
import { browserSite, chromiumMissingNotice, screenshotPath } from '../support/browser';

const site = browserSite(async (database) => {
  await loadDemoContentIfEmpty(database, testConfig({ PADDOCK_DEMO: '1' }), () => {});
  return buildTestApp(database);
});

test('a reader opens an article from the front page and follows Next, then Previous', async (t) => {
  if (!site.current) return t.skip(chromiumMissingNotice);
  const { browser, base } = site.current;
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${base}/`);
  const firstCard = page.locator('.card-title a').nth(2);
  const chosenTitle = (await firstCard.textContent())!.trim();
  await firstCard.click();
  await page.waitForLoadState();
  assert.equal((await page.locator('h1').textContent())!.trim(), chosenTitle);

  const nextTitle = (await page.locator('a[rel="next"] .neighbour-title').textContent())!.trim();
  await page.locator('a[rel="next"]').click();
  await page.waitForLoadState();
  assert.equal((await page.locator('h1').textContent())!.trim(), nextTitle);

  const previousTitle = (await page.locator('a[rel="prev"] .neighbour-title').textContent())!.trim();
  assert.equal(previousTitle, chosenTitle, 'Previous of the next article is the one we came from');
  await page.locator('a[rel="prev"]').click();
  await page.waitForLoadState();
  assert.equal((await page.locator('h1').textContent())!.trim(), chosenTitle);
  await page.screenshot({ path: screenshotPath('reader-article'), fullPage: true });
  await page.close();
});

test('"Get a summary" opens the points in place; a point leads to its highlighted sentence', async (t) => {
  if (!site.current) return t.skip(chromiumMissingNotice);
  const { browser, base } = site.current;
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${base}/news/kamaz-passenger-division`);
  const toggle = page.locator('button.summary-toggle[aria-controls="summary-top"]');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#summary-top').isVisible(), false);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const points = page.locator('#summary-top .summary-points a');
  assert.ok((await points.count()) >= 3, 'at least three key points');
  assert.equal(await page.url(), `${base}/news/kamaz-passenger-division`, 'no reload');
  const focused = await page.evaluate(() => document.activeElement?.id);
  assert.equal(focused, 'summary-top', 'focus moves to the summary so it is announced');

  const second = points.nth(1);
  const pointText = (await second.textContent())!.trim();
  const sentence = await second.getAttribute('data-sentence');
  await second.click();
  await page.waitForFunction((n) => location.hash === `#s-${n}`, sentence);
  const highlighted = await page.locator(`.article-body .s.highlight`).allTextContents();
  assert.equal(highlighted.join('').trim(), pointText, 'the highlighted sentence is exactly the point');
  await page.screenshot({ path: screenshotPath('reader-summary') });
  await page.close();
});

test('without JavaScript the summary control is a link to the summary page', async (t) => {
  if (!site.current) return t.skip(chromiumMissingNotice);
  const { browser, base } = site.current;
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/news/kamaz-passenger-division`);
  await page.locator('a.summary-toggle').first().click();
  await page.waitForLoadState();
  assert.match(page.url(), /\/news\/kamaz-passenger-division\/summary$/);
  assert.ok((await page.locator('.summary-points li').count()) >= 3);
  await context.close();
});
