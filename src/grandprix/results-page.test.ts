import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp } from '../../test/support/app';
import { openTestDatabase } from '../../test/support/engines';
import { CLOSES, DURING, confirmedEntry, importTestCampaign, tempOutbox } from '../../test/support/grandprix';

test('with SITE_LANG=ru the results charts speak Russian, tables and summaries included', async () => {
  const database = await openTestDatabase('sqlite');
  let clock = DURING;
  const outbox = tempOutbox();
  const app = await buildTestApp(database, { now: () => clock, env: { SITE_LANG: 'ru', MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
  try {
    await importTestCampaign(database.db);
    await confirmedEntry(app, outbox, 'test-prix', 'anna@example.com');
    clock = new Date(CLOSES.getTime() + 1000);
    const page = await app.inject('/grand-prix/test-prix/results');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="ru">/);
    assert.match(page.body, /<th scope="col">Номинант<\/th>/);
    assert.match(page.body, /чаще всего выбирали: Lada Vesta NG/);
    assert.doesNotMatch(page.body, />(Nominee|Votes|Share|Answers)</);
    assert.doesNotMatch(page.body, /\b(votes|answers|options)\b/);
  } finally {
    await app.close();
    await database.close();
  }
});
