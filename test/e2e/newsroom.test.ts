import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_CATALOGUES } from '../../src/admin/i18n';
import type { Lang } from '../../src/i18n/messages';
import { TEST_PASSWORD } from '../support/admin-agent';
import { buildTestApp } from '../support/app';
import { browserSite, chromiumMissingNotice, screenshotPath } from '../support/browser';
import { createPerson } from '../support/review-stages';

// One site; per language a contributor and an editor who have chosen it (the site itself speaks English).
const site = browserSite(async (database) => {
  for (const lang of ['en', 'ru'] as const) {
    await createPerson(database.db, `writer-${lang}@example.com`, 'contributor', lang);
    await createPerson(database.db, `editor-${lang}@example.com`, 'editor', lang);
  }
  return buildTestApp(database);
});

const TEXT: Record<Lang, { title: string; body: string; revision: string; note: string }> = {
  en: {
    title: 'Lada Azimut enters production',
    body: 'The new crossover goes on sale in the spring. The plant in Tolyatti builds the first cars this month.\n\nPrices will be announced later.',
    revision: 'The base version costs 2.5 million roubles, the maker said on Tuesday.',
    note: 'Give the price of the base version.',
  },
  ru: {
    title: 'Lada Azimut пошла в серию',
    body: 'Новый кроссовер поступит в продажу весной. Первые машины завод в Тольятти соберёт в этом месяце.\n\nЦены объявят позже.',
    revision: 'Базовая версия стоит 2,5 млн рублей, сообщил производитель во вторник.',
    note: 'Укажите цену базовой версии.',
  },
};

async function signIn(browser: Browser, base: string, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/admin/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(TEST_PASSWORD);
  await page.locator('form button[type="submit"]').first().click();
  await page.waitForURL(`${base}/admin/articles`);
  return page;
}

for (const lang of ['en', 'ru'] as const) {
  test(`newsroom in ${lang === 'en' ? 'English' : 'Russian'}: a contributor submits, an editor requests changes, the contributor revises (autosaved, restored after a reload), the editor schedules`, async (t) => {
    if (!site.current) return t.skip(chromiumMissingNotice);
    const { browser, base } = site.current;
    const words = ADMIN_CATALOGUES[lang];
    const shot = (n: number, name: string) => ({ path: screenshotPath(`newsroom-${lang}-${String(n).padStart(2, '0')}-${name}`), fullPage: true });
    const text = TEXT[lang];

    // 1. The contributor writes a draft and submits it.
    const writer = await signIn(browser, base, `writer-${lang}@example.com`);
    assert.equal(await writer.locator('html').getAttribute('lang'), lang);
    await writer.getByRole('link', { name: words['articles.list.new']! }).click();
    await writer.getByLabel(words['articles.field.title']!, { exact: true }).fill(text.title);
    await writer.getByLabel(words['articles.field.body']!).fill(text.body);
    assert.equal(await writer.getByRole('button', { name: words['articles.action.publish']! }).count(), 0, 'a contributor has no Publish button');
    await writer.getByRole('button', { name: words['review.action.submit']! }).click();
    await writer.waitForURL(/\/admin\/articles\/\d+\?done=submitted$/);
    const articleUrl = writer.url().replace(/\?.*$/, '');
    assert.match((await writer.locator('p.notice[role="status"]').textContent()) ?? '', new RegExp(words['review.done.submitted']!.slice(0, 20)));
    assert.equal(await writer.getByLabel(words['articles.field.title']!, { exact: true }).isDisabled(), true, 'the text holds still in review');
    await writer.screenshot(shot(1, 'submitted'));

    // 2. The editor finds it in the queue and sends it back with a note.
    const editor = await signIn(browser, base, `editor-${lang}@example.com`);
    await editor.getByRole('link', { name: words['nav.review']! }).click();
    await editor.waitForURL(`${base}/admin/review`);
    const row = editor.locator('table.review-queue tr', { hasText: text.title });
    assert.match((await row.textContent()) ?? '', new RegExp(`writer-${lang}@example\\.com`));
    await editor.screenshot(shot(2, 'queue'));
    await row.locator('summary', { hasText: words['review.action.requestChanges']! }).click();
    await row.getByLabel(words['review.action.note']!).fill(text.note);
    await row.getByRole('button', { name: words['review.action.requestChanges']! }).click();
    await editor.waitForURL(/\/admin\/review\?done=changes$/);
    assert.match((await editor.locator('p.notice[role="status"]').textContent()) ?? '', new RegExp(words['review.done.changes']!.slice(0, 20)));
    await editor.screenshot(shot(3, 'changes-requested'));

    // 3. The contributor sees the note on the draft, revises and submits again.
    await writer.goto(articleUrl);
    const note = writer.locator('.review-note');
    assert.equal((await note.locator('h2').textContent())?.trim(), words['review.note.title']);
    assert.equal((await note.locator('blockquote').textContent())?.trim(), text.note);
    await writer.screenshot(shot(4, 'note'));
    await writer.getByLabel(words['articles.field.body']!).fill(`${text.body}\n\n${text.revision}`);
    // The revision is autosaved as a working copy; the page reloaded before any save, it is offered back.
    const before = (key: string) => words[key]!.split('{')[0]!.trim();
    await writer.locator('[data-autosave-status]', { hasText: before('editing.wc.saved') }).waitFor();
    const leaving = new Promise<string>((resolve) => writer.once('dialog', (dialog) => void dialog.accept().then(() => resolve(dialog.type()))));
    await writer.goto(articleUrl);
    assert.equal(await leaving, 'beforeunload', 'leaving with unsaved changes is warned about');
    const banner = writer.locator('[data-working-copy-banner]');
    await banner.waitFor();
    assert.match((await banner.textContent()) ?? '', new RegExp(before('editing.wc.found')));
    assert.equal(await writer.getByLabel(words['articles.field.body']!).inputValue(), text.body, 'the form shows the stored text until restored');
    await banner.getByRole('button', { name: words['editing.wc.restore']! }).click();
    await writer.locator('[data-autosave-status]', { hasText: before('editing.wc.restored') }).waitFor();
    assert.equal(await writer.getByLabel(words['articles.field.body']!).inputValue(), `${text.body}\n\n${text.revision}`);
    await writer.screenshot(shot(5, 'autosave-restored'));
    await writer.getByRole('button', { name: words['review.action.submit']! }).click();
    await writer.waitForURL(/\?done=submitted$/);
    assert.equal(await writer.locator('.review-note').count(), 0, 'the note goes once the draft is resubmitted');
    await writer.screenshot(shot(6, 'resubmitted'));

    // 4. The editor approves it and schedules it for tomorrow morning, in the site's zone.
    await editor.goto(`${base}/admin/review`);
    const again = editor.locator('table.review-queue tr', { hasText: text.title });
    await again.locator('summary', { hasText: words['review.action.approveSchedule']! }).click();
    const when = DateTime.now().setZone('Europe/Moscow').plus({ days: 1 }).set({ hour: 9, minute: 30 });
    await again.locator('input[name="publishAt"]').fill(when.toFormat("yyyy-LL-dd'T'HH:mm"));
    await again.getByRole('button', { name: words['review.action.approveSchedule']! }).click();
    await editor.waitForURL(/\/admin\/review\?done=approvedScheduled$/);
    assert.equal(await editor.locator('table.review-queue tr', { hasText: text.title }).count(), 0, 'it left the queue');
    await editor.goto(articleUrl);
    const status = (await editor.locator('.review-box').textContent()) ?? '';
    assert.match(status, new RegExp(words['review.state.scheduled']!));
    assert.ok(status.includes(when.toFormat('yyyy-LL-dd HH:mm')), 'the history says when');
    await editor.screenshot(shot(7, 'scheduled'));

    // The contributor's list shows it scheduled.
    await writer.goto(`${base}/admin/articles`);
    const listed = writer.locator('table.list tr', { hasText: text.title });
    assert.equal((await listed.locator('.status').textContent())?.trim(), words['review.state.scheduled']);
    await writer.context().close();
    await editor.context().close();
  });
}
