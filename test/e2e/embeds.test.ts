import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articlesRepository } from '../../src/articles/repository';
import { buildTestApp } from '../support/app';
import { articleInput } from '../support/articles';
import { browserSite, chromiumMissingNotice, screenshotPath } from '../support/browser';

const site = browserSite(async (database) => {
  await articlesRepository(database).save(
    articleInput({
      slug: 'crossover-teaser',
      title: 'The crossover teaser',
      bodyMd:
        'The maker released a short film of the new crossover on Monday, a week before the launch.\n\n' +
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n' +
        'https://x.com/avtovaz/status/1790000000000000001\n\n' +
        'Sales begin in the spring, and the first cars go to dealers in Moscow and St Petersburg.',
    }),
  );
  return buildTestApp(database);
});

test('a video plays only after its click: no iframe and no request to the host before, a sandboxed youtube-nocookie player after', async (t) => {
  if (!site.current) return t.skip(chromiumMissingNotice);
  const { browser, base } = site.current;
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  // Nothing may leave the machine: the player's host gets a stand-in page, anything else is refused.
  const offSite: string[] = [];
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, async (route) => {
    const url = route.request().url();
    offSite.push(url);
    if (url.startsWith('https://www.youtube-nocookie.com/')) await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>player</title><p id="stand-in">player stand-in</p>' });
    else await route.abort();
  });
  const page = await context.newPage();
  await page.goto(`${base}/news/crossover-teaser`);

  const figure = page.locator('.article-body figure.embed');
  const poster = figure.locator('a.embed-poster');
  assert.equal(await poster.getAttribute('href'), 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'without JavaScript it is a link to the video');
  assert.match((await poster.textContent()) ?? '', /YouTube/);
  assert.ok(await poster.isVisible());
  assert.equal(await page.locator('iframe').count(), 0, 'no player before the click');
  assert.equal(offSite.length, 0, `no request to a third party before the click: ${offSite.join(', ')}`);
  const card = page.locator('.article-body blockquote.post-card');
  assert.equal(await card.locator('a').getAttribute('href'), 'https://x.com/avtovaz/status/1790000000000000001');
  await page.screenshot({ path: screenshotPath('embed-before-click') });

  await poster.click();
  const frame = figure.locator('iframe');
  await frame.waitFor();
  const src = new URL((await frame.getAttribute('src'))!);
  assert.equal(`${src.origin}${src.pathname}`, 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
  assert.equal(src.searchParams.get('autoplay'), '1', 'one click starts the video');
  assert.equal(await frame.getAttribute('sandbox'), 'allow-scripts allow-same-origin allow-presentation allow-popups');
  assert.match((await frame.getAttribute('allow')) ?? '', /autoplay/);
  assert.equal(await frame.getAttribute('referrerpolicy'), 'strict-origin-when-cross-origin');
  assert.match((await frame.getAttribute('title')) ?? '', /YouTube/);
  assert.equal(page.url(), `${base}/news/crossover-teaser`, 'the reader stays on the article');
  // The CSP lets the player's host be framed: the stand-in page is shown inside the iframe.
  await page.frameLocator('.article-body figure.embed iframe').locator('#stand-in').waitFor();
  assert.ok(offSite.length > 0 && offSite.every((url) => url.startsWith('https://www.youtube-nocookie.com/')), `only the player's host is asked: ${offSite.join(', ')}`);
  await page.screenshot({ path: screenshotPath('embed-after-click') });
  await context.close();
});

test('the page frames no host but the four players', async (t) => {
  if (!site.current) return t.skip(chromiumMissingNotice);
  const { browser, base } = site.current;
  const context = await browser.newContext();
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: 'elsewhere' }));
  const page = await context.newPage();
  await page.goto(`${base}/news/crossover-teaser`);
  const violated = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (event) => resolve(`${event.effectiveDirective} ${event.blockedURI}`));
        const frame = document.createElement('iframe');
        frame.src = 'https://player.example.com/embed/1';
        document.body.append(frame);
      }),
  );
  assert.equal(violated, 'frame-src https://player.example.com');
  await context.close();
});
