import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { CLOSES, confirmedEntry, DURING, importTestCampaign, tempOutbox } from '../../test/support/grandprix';

const PAGES = ['/grand-prix/test-prix', '/grand-prix/test-prix/results', '/grand-prix/test-prix/draw'];

/** The reader's pages name the ballot list the results are counted from, once it is frozen, in English and in Russian. */
forEachEngine('the ballot list on the public pages', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ru: FastifyInstance;
  let clock = DURING;

  before(async () => {
    database = await open();
    await importTestCampaign(database.db, { live_results: true });
    const outbox = tempOutbox();
    app = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
    ru = await buildTestApp(database, { now: () => clock, env: { SITE_LANG: 'ru', MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
    for (let i = 0; i < 3; i++) await confirmedEntry(app, outbox, 'test-prix', `reader${i}@example.com`);
  });
  after(async () => {
    await app.close();
    await ru.close();
    await database.close();
  });

  test('before the freeze no page names a ballot list: the results are provisional', async () => {
    for (const url of PAGES) {
      const page = await app.inject(url);
      assert.equal(page.statusCode, 200, url);
      assert.doesNotMatch(page.body, /ballot list|\/ballots/i, url);
    }
  });

  test('after the freeze the campaign, results and draw pages give its count and SHA-256, the list, the ballot check and how to recount', async () => {
    clock = new Date(CLOSES.getTime() + 60_000);
    const campaign = (await app.inject('/api/v1/campaigns/test-prix')).json<{ ballots_digest: string; ballots_count: number }>();
    assert.equal(campaign.ballots_count, 3);
    for (const url of PAGES) {
      const { body } = await app.inject(url);
      assert.ok(body.includes(`<dt>Frozen ballot list: 3 ballots, SHA-256</dt><dd><code class="hex">${campaign.ballots_digest}</code></dd>`), url);
      assert.ok(body.includes('<a href="/api/v1/campaigns/test-prix/ballots?format=json" type="application/json">The ballot list (JSON)</a>'), url);
      assert.ok(body.includes('<a href="/api/v1/campaigns/test-prix/ballots?format=csv" type="text/csv">The ballot list (CSV, for a spreadsheet)</a>'), url);
      assert.ok(body.includes('<a href="/grand-prix/test-prix/ballot">Check your ballot with the secret from your receipt</a>'), url);
      assert.ok(body.includes('Anyone can recount the published results from this list, without us. <a href="/docs/recount.md">How to recount</a>'), url);
    }
    const json = await app.inject('/api/v1/campaigns/test-prix/ballots?format=json');
    assert.equal(json.statusCode, 200);
    assert.equal(json.json<{ ballots_digest: string }>().ballots_digest, campaign.ballots_digest);
    const csv = await app.inject('/api/v1/campaigns/test-prix/ballots?format=csv');
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.equal((await app.inject('/grand-prix/test-prix/ballot')).statusCode, 200);
  });

  test('the same on a Russian site', async () => {
    const campaign = (await ru.inject('/api/v1/campaigns/test-prix')).json<{ ballots_digest: string }>();
    for (const url of PAGES) {
      const { body } = await ru.inject(url);
      assert.ok(body.includes(`<dt>Зафиксированный список бюллетеней: 3, SHA-256</dt><dd><code class="hex">${campaign.ballots_digest}</code></dd>`), url);
      assert.ok(body.includes('>Список бюллетеней (JSON)</a> · <a'), url);
      assert.ok(body.includes('>Список бюллетеней (CSV, для электронных таблиц)</a>'), url);
      assert.ok(body.includes('<a href="/grand-prix/test-prix/ballot">Проверьте свой бюллетень по секретному коду из квитанции</a>'), url);
      assert.ok(body.includes('По этому списку любой может сам пересчитать опубликованные итоги, без нашего участия. <a href="/docs/recount.md">Как пересчитать</a>'), url);
      assert.doesNotMatch(body, /The ballot list|Check your ballot|Anyone can recount/, url);
    }
  });

  test('the two specifications are served as written, as plain text, with a validator', async () => {
    for (const [url, file] of [
      ['/docs/recount.md', 'docs/recount.md'],
      ['/docs/draw.md', 'docs/draw.md'],
    ] as const) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      assert.equal(res.body, readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));
      const again = await app.inject({ url, headers: { 'if-none-match': String(res.headers.etag) } });
      assert.equal(again.statusCode, 304, url);
    }
  });
});
