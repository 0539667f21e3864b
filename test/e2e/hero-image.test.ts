import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { createUser, TEST_PASSWORD } from '../support/admin-agent';
import { buildTestApp } from '../support/app';
import { browserSite, chromiumMissingNotice, screenshotPath } from '../support/browser';

const BODY = [
  'The facelifted Haval Jolion reaches dealers in December with a new grille, a larger screen and a quieter cabin.',
  'The 1.5-litre turbo engine stays, now paired with a seven-speed dual-clutch gearbox as standard. Prices rise by about four percent.',
  'Assembly continues at the plant near Tula, which plans to build 100,000 cars next year.',
].join('\n\n');

/** A 2400×1350 photo-sized JPEG: sky, hills and a road drawn by sharp (no text, nothing downloaded). */
async function landscapeJpeg(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2400" height="1350">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#5b8fd6"/><stop offset="1" stop-color="#f3d9b1"/></linearGradient></defs>
    <rect width="2400" height="1350" fill="url(#sky)"/><circle cx="1900" cy="300" r="140" fill="#fff3c4"/>
    <path d="M0 900 Q600 700 1200 880 T2400 820 L2400 1350 L0 1350 Z" fill="#3f7d4e"/>
    <path d="M1100 1350 L1180 900 L1220 900 L1500 1350 Z" fill="#555"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

const site = browserSite(async (database) => {
  await createUser(database.db, 'editor@example.com', 'editor');
  return buildTestApp(database);
});

/** Which copy the browser chose for the hero, and what it needed. */
async function heroChoice(page: import('playwright-core').Page) {
  const img = page.locator('figure.hero picture img');
  await img.waitFor();
  await page.waitForFunction(() => {
    const el = document.querySelector<HTMLImageElement>('figure.hero picture img');
    return el !== null && el.complete && el.naturalWidth > 0;
  });
  return img.evaluate((el: HTMLImageElement) => ({ currentSrc: el.currentSrc, rendered: el.getBoundingClientRect().width, dpr: window.devicePixelRatio, srcset: el.srcset }));
}

test('an editor uploads a picture in the article editor (picker; a drop fills it), previews and publishes; Chromium loads an AVIF or WebP copy that fits a desktop and a phone', async (t) => {
  if (!site.current) return t.skip(chromiumMissingNotice);
  const { browser, base } = site.current;
  const editorContext = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await editorContext.newPage();
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('Email', { exact: true }).fill('editor@example.com');
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/admin/articles`);

  await page.goto(`${base}/admin/articles/new`);
  await page.getByLabel('Title', { exact: true }).fill('Facelifted Haval Jolion arrives');
  await page.getByLabel('Body (Markdown)').fill(BODY);
  const imageBox = page.locator('fieldset.hero-field');
  const picker = imageBox.locator('input[type="file"][name="heroFile"]');

  // With JavaScript, a file dropped on the image box fills its picker and is named; nothing is sent yet.
  await imageBox.evaluate((box) => {
    const files = new DataTransfer();
    files.items.add(new File(['not sent'], 'dropped.jpg', { type: 'image/jpeg' }));
    box.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
  });
  assert.equal(await picker.evaluate((input: HTMLInputElement) => input.files?.[0]?.name), 'dropped.jpg');
  assert.match((await imageBox.locator('.drop-file').textContent()) ?? '', /“dropped\.jpg” will be uploaded with the form/);

  // The editor's own picker (a plain form field): the picture goes to the library with the article's Preview.
  await picker.setInputFiles({ name: 'jolion-road.jpg', mimeType: 'image/jpeg', buffer: await landscapeJpeg() });
  await imageBox.getByLabel(/^Alt text/).fill('A green Haval Jolion on a country road under a low sun');
  await imageBox.getByLabel(/^Credit/).fill('Haval press office');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.locator('.hero-preview img').waitFor();
  const id = await imageBox.locator('input[name="heroMedia"]').inputValue();
  assert.match(id, /^\d+$/, 'the uploaded picture is chosen as the article\'s image');
  assert.match((await page.locator('.notice-ok').textContent()) ?? '', new RegExp(`Image #${id} \\(jolion-road\\.jpg\\) is in the media library`));
  assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), 'Facelifted Haval Jolion arrives', 'what was typed is kept');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.waitForURL(/\/admin\/articles\/\d+\?done=published$/);
  await editorContext.close();

  const widths = [320, 640, 960, 1280, 1920];
  for (const view of [
    { name: 'desktop', viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, isMobile: false },
    { name: 'phone', viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true },
    { name: 'phone-dpr1', viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true },
  ]) {
    const context = await browser.newContext({ viewport: view.viewport, deviceScaleFactor: view.deviceScaleFactor, isMobile: view.isMobile, hasTouch: view.isMobile });
    const reader = await context.newPage();
    await reader.goto(`${base}/news/facelifted-haval-jolion-arrives`);
    const choice = await heroChoice(reader);
    const match = /\/media\/[0-9a-f]{64}\/(\d+)\.(avif|webp)$/.exec(choice.currentSrc);
    assert.ok(match, `${view.name}: an AVIF or WebP copy (got ${choice.currentSrc})`);
    const chosen = Number(match[1]);
    const needed = choice.rendered * choice.dpr;
    assert.equal(choice.dpr, view.deviceScaleFactor);
    // Sharp enough: at least the pixels the box needs on this screen (or the widest copy there is)…
    assert.ok(chosen >= Math.min(needed, widths[widths.length - 1]!), `${view.name}: ${chosen}w for ${choice.rendered}px × ${choice.dpr}`);
    // …and not more than that: the next narrower copy would have been too small.
    const narrower = widths.filter((w) => w < chosen).pop() ?? 0;
    assert.ok(narrower < needed, `${view.name}: ${chosen}w is wider than needed for ${choice.rendered}px × ${choice.dpr}`);
    if (view.name === 'phone-dpr1') assert.notEqual(chosen, 1920);
    assert.equal(await reader.locator('figure.hero figcaption').textContent(), 'Photo: Haval press office');
    assert.equal(await reader.locator('figure.hero img').getAttribute('alt'), 'A green Haval Jolion on a country road under a low sun');
    if (view.name !== 'phone-dpr1') await reader.screenshot({ path: screenshotPath(`article-hero-${view.name}`) });
    await context.close();
  }
});
