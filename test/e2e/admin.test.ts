import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUser, TEST_PASSWORD } from '../support/admin-agent';
import { buildTestApp } from '../support/app';
import { browserSite, chromiumMissingNotice, screenshotPath } from '../support/browser';

const BODY = [
  'The new Volga sedan goes on sale in Nizhny Novgorod in April. Prices start at 2.9 million roubles for the base version.',
  'The car is built on a licensed platform with a 1.5-litre turbo engine. Dealers in twenty cities have opened orders.',
  'The plant plans to assemble 12,000 cars in the first year. An all-wheel-drive version follows in the autumn.',
].join('\n\n');

const site = browserSite(async (database) => {
  await createUser(database.db, 'editor@example.com', 'editor');
  return buildTestApp(database);
});

test('an editor signs in, previews and publishes an article, readers see it with its summary, and an older revision is restored', async (t) => {
  if (!site.current) return t.skip(chromiumMissingNotice);
  const { browser, base } = site.current;
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();

  await page.goto(`${base}/admin`);
  assert.match(page.url(), /\/admin\/login\?next=%2Fadmin$/, 'sent to sign in');
  await page.getByLabel('Email', { exact: true }).fill('editor@example.com');
  await page.getByLabel('Password', { exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  assert.match(await page.locator('[role="alert"]').textContent() ?? '', /email or the password is wrong/);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/admin/articles`);

  await page.getByRole('link', { name: 'New article' }).click();
  await page.getByLabel('Title', { exact: true }).fill('Volga returns to the showrooms');
  await page.getByLabel('Standfirst').fill('A new sedan under an old name.');
  await page.getByLabel('Body (Markdown)').fill(BODY);
  await page.getByLabel('Rubric').fill('news');
  await page.getByLabel('Tags').fill('Volga, sedans');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.locator('#preview-heading').waitFor();
  assert.match((await page.locator('.article-preview .article-body').textContent()) ?? '', /goes on sale in Nizhny Novgorod/);
  assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), 'Volga returns to the showrooms', 'the form keeps what was typed');

  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.waitForURL(/\/admin\/articles\/\d+\?done=published$/);
  assert.match((await page.locator('p.notice[role="status"]').textContent()) ?? '', /The article is published/);
  const summaryPoints = await page.locator('.summary-box .summary-points li').allTextContents();
  assert.ok(summaryPoints.length >= 1, 'the summary is shown beside the article');
  await page.screenshot({ path: screenshotPath('admin-editor'), fullPage: true });

  // Revision 2: a new title.
  await page.getByLabel('Title', { exact: true }).fill('Volga is back');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(/done=saved$/);

  const reader = await context.newPage();
  await reader.goto(`${base}/news/volga-returns-to-the-showrooms`);
  assert.equal((await reader.locator('h1').textContent())?.trim(), 'Volga is back');
  await reader.locator('button.summary-toggle[aria-controls="summary-top"]').click();
  const readerPoints = await reader.locator('#summary-top .summary-points a').allTextContents();
  assert.deepEqual(readerPoints.map((p) => p.trim()), summaryPoints.map((p) => p.trim()), 'readers see the same key points');

  await page.getByRole('link', { name: 'History' }).click();
  await page.waitForURL(/\/revisions$/);
  await page.getByRole('button', { name: 'Compare the chosen revisions' }).click();
  await page.waitForURL(/\/diff\?/);
  const title = page.locator('section.diff', { has: page.getByRole('heading', { name: 'Title' }) });
  assert.match((await title.locator('del').allTextContents()).join(' '), /returns.*showrooms/);
  assert.match((await title.locator('ins').allTextContents()).join(' '), /is.*back/);
  await page.goBack();
  await page.getByRole('button', { name: 'Restore revision 1' }).click();
  await page.waitForURL(/done=restored$/);
  assert.match((await page.locator('p.notice[role="status"]').textContent()) ?? '', /restored as a new revision/);
  assert.equal(await page.locator('table.revisions tbody tr').count(), 3, 'restoring added a revision (published, new title, restored)');

  await reader.reload();
  assert.equal((await reader.locator('h1').textContent())?.trim(), 'Volga returns to the showrooms');
  await page.screenshot({ path: screenshotPath('admin-history'), fullPage: true });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/admin\/login\?bye=1$/);
  await page.goto(`${base}/admin/articles`);
  assert.match(page.url(), /\/admin\/login/);
  await context.close();
});
