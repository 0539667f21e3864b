import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articlesRepository } from '../../src/articles/repository';
import { loadDemoContentIfEmpty } from '../../src/demo-content';
import { articleInput } from '../support/articles';
import { buildTestApp, testConfig } from '../support/app';
import { browserSite, chromiumMissingNotice, screenshotPath } from '../support/browser';
import { one, readHeadTags } from '../support/head-tags';

const SITE = 'http://paddock.test';
const NO_PICTURE = 'no-picture-link-preview';

const site = browserSite(async (database) => {
  await loadDemoContentIfEmpty(database, testConfig({ PADDOCK_DEMO: '1' }), () => {});
  // Saved without observers, like an import: its card is drawn when the preview first asks for it.
  await articlesRepository(database).save(
    articleInput({ slug: NO_PICTURE, title: 'Зимние шины: что выбрать для города и трассы — тест двенадцати моделей', standfirst: 'Twelve winter tyres on ice, snow and wet tarmac.', rubric: { slug: 'tests', name: 'Tests' } }),
  );
  return buildTestApp(database);
});

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A messenger's link preview, built only from what the page's <head> says (as a crawler would). */
function previewHtml(tags: ReturnType<typeof readHeadTags>): string {
  const host = new URL(one(tags, 'og:url')).host;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { font-family: sans-serif; background: #e9ecef; margin: 0; padding: 24px; }
    .preview { width: 520px; background: #fff; border-radius: 12px; overflow: hidden; box-shadow: 0 1px 4px #0003; margin-bottom: 24px; }
    .preview img { display: block; width: 100%; height: auto; }
    .preview div { padding: 12px 16px; }
    .site { color: #667; font-size: 13px; text-transform: uppercase; }
    h2 { font-size: 17px; margin: 4px 0; } p { margin: 0; color: #334; font-size: 14px; }
  </style></head><body>
    <article class="preview"><img src="${escape(one(tags, 'og:image'))}" alt="${escape(one(tags, 'og:image:alt'))}" width="${one(tags, 'og:image:width')}" height="${one(tags, 'og:image:height')}">
      <div><span class="site">${escape(one(tags, 'og:site_name'))} · ${escape(host)}</span><h2>${escape(one(tags, 'og:title'))}</h2><p>${escape(one(tags, 'og:description'))}</p></div></article>
  </body></html>`;
}

test('a link preview built from the og: tags shows the picture at its stated size: the generated 1200×630 card, and a library picture’s 16:9 crop', async (t) => {
  if (!site.current) return t.skip(chromiumMissingNotice);
  const { browser, base, database } = site.current;
  const demo = await database.db.selectFrom('articles').select('slug').where('hero_media_id', 'is not', null).orderBy('published_at', 'desc').limit(1).executeTakeFirstOrThrow();
  const page = await browser.newPage({ viewport: { width: 600, height: 900 } });
  // The previewer resolves the site's address (SITE_URL) to the test server.
  await page.route(`${SITE}/**`, async (route) => route.fulfill({ response: await page.request.fetch(base + route.request().url().slice(SITE.length)) }));
  try {
    for (const [slug, name, width] of [
      [NO_PICTURE, 'link-preview-card', 1200],
      [demo.slug, 'link-preview-picture', null],
    ] as const) {
      const html = await (await fetch(`${base}/news/${slug}`)).text();
      const tags = readHeadTags(html);
      assert.equal(one(tags, 'twitter:card'), 'summary_large_image');
      await page.setContent(previewHtml(tags));
      const img = page.locator('.preview img');
      await page.waitForFunction(() => {
        const el = document.querySelector<HTMLImageElement>('.preview img');
        return el !== null && el.complete;
      });
      const natural = await img.evaluate((el: HTMLImageElement) => ({ width: el.naturalWidth, height: el.naturalHeight }));
      assert.deepEqual(natural, { width: Number(one(tags, 'og:image:width')), height: Number(one(tags, 'og:image:height')) }, `${slug}: the picture loaded at its stated size`);
      if (width) assert.equal(natural.width, width);
      const file = screenshotPath(name);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`# link preview of /news/${slug}: ${file}`);
    }
  } finally {
    await page.close();
  }
});
