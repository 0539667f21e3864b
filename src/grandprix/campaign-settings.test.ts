// The campaign settings of issue 17 (item 3) as entrants and operators meet them: a campaign's
// own confirmation window, which the freeze follows; prize values with a currency or as text;
// and the loud warning for prizes drawn without a beacon.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/support/app';
import { captureIo } from '../../test/support/capture-io';
import { QUICKNET } from '../../test/support/drand-rounds';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { formSession, postForm } from '../../test/support/forms';
import { CLOSES, DURING, confirmEntry, confirmationToken, importTestCampaign, outboxMessages, postEntry, tempOutbox, validEntry } from '../../test/support/grandprix';
import { baseCampaignData } from '../../test/support/grandprix-fixtures';
import { stringify } from 'yaml';
import { runCampaignCommand } from './cli';

const HOUR = 3600_000;

forEachEngine('campaign settings', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let outbox: string;
  let clock: Date;

  before(async () => {
    database = await open();
    outbox = tempOutbox();
    clock = DURING;
    app = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test("an entry may be confirmed within its campaign's confirm_hours, and the freeze waits exactly that long", async () => {
    await importTestCampaign(database.db, { slug: 'quick-prix', confirm_hours: 2 });
    clock = new Date(CLOSES.getTime() - 30 * 60_000);
    const form = await app.inject('/grand-prix/quick-prix');
    assert.equal(form.statusCode, 200);
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      assert.equal((await postEntry(app, validEntry({ email }), { slug: 'quick-prix' })).statusCode, 202);
    }
    assert.match(
      outboxMessages(outbox, 'a@example.com').at(-1) ?? '',
      /The link works once, for 2 hours: until 28 February 2023, 01:30 \(Europe\/Moscow, UTC\+3\)/,
    );
    clock = new Date(CLOSES.getTime() + HOUR);
    const a = await confirmEntry(app, await confirmationToken(app, outbox, 'a@example.com'));
    assert.equal(a.statusCode, 200, a.body);
    // Still within b's and c's window: the list waits for them, until the last link expires.
    const waiting = (await app.inject('/api/v1/campaigns/quick-prix')).json();
    assert.equal(waiting.entries_digest, null);
    const drawPage = (await app.inject('/grand-prix/quick-prix/draw')).body;
    assert.match(drawPage, /frozen when the last confirmation links expire: February 28, 2023 at 1:30 AM/);

    clock = new Date(CLOSES.getTime() + 90 * 60_000 + 1000);
    const late = await confirmEntry(app, await confirmationToken(app, outbox, 'b@example.com'));
    assert.equal(late.statusCode, 410);
    assert.match(late.json().error.message, /links work for 2 hours/);
    const frozen = (await app.inject('/api/v1/campaigns/quick-prix')).json();
    assert.equal(frozen.entries_count, 1, 'only the entry confirmed within 2 hours is eligible');
  });

  test('the page after sending the form names the campaign window, in English and in Russian', async () => {
    await importTestCampaign(database.db, { slug: 'day-prix', confirm_hours: 24 });
    clock = DURING;
    // The honeypot answer is the same page a real entry gets, without storing anything.
    const honeypot = async (target: FastifyInstance) => {
      const { cookie, csrf } = formSession(await target.inject('/grand-prix/day-prix'));
      return postForm(target, '/grand-prix/day-prix', { _csrf: csrf, website: 'bot', email: 'x@example.com' }, cookie);
    };
    const res = await honeypot(app);
    assert.match(res.body, /the link works for 24 hours\./);
    const ru = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0', SITE_LANG: 'ru' } });
    try {
      const r = await honeypot(ru);
      assert.match(r.body, /ссылка действует 24 часа\./);
    } finally {
      await ru.close();
    }
  });

  test('prize values: a number in its currency for the reader, a text as written', async () => {
    const prizes = [
      { title: 'Car for a year', value: 480000, currency: 'RUB' },
      { title: 'Weekend', value: '65 000 ₽ и ужин' },
      { title: 'Sticker', value: 0 },
    ];
    await importTestCampaign(database.db, { slug: 'value-prix', prizes });
    const en = (await app.inject('/grand-prix/value-prix')).body;
    assert.match(en, /<strong>Car for a year<\/strong><span class="prize-value"> \(value RUB\u00a0480,000\)<\/span>/);
    assert.match(en, /\(value 65 000 ₽ и ужин\)/);
    assert.doesNotMatch(en, /value RUB 0/, 'a prize without a value says none');
    const ru = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, SITE_LANG: 'ru' } });
    try {
      assert.match((await ru.inject('/grand-prix/value-prix')).body, /\(стоимость 480\u00a0000\u00a0₽\)/);
    } finally {
      await ru.close();
    }
  });

  test('campaign import warns loudly on stderr when prizes have no beacon, and refuses a round before the close', async () => {
    const dir = mkdtempSync(`${tmpdir()}/paddock-yaml-`);
    const file = (name: string, data: Record<string, unknown>) => {
      const p = `${dir}/${name}.yaml`;
      writeFileSync(p, stringify({ ...baseCampaignData(), ...data }));
      return p;
    };
    let c = captureIo();
    assert.equal(await runCampaignCommand(database.db, ['import', file('bare', { slug: 'bare-prix' })], c.io, DURING), 0);
    assert.match(c.stdout(), /^created bare-prix\n/);
    assert.match(c.stderr(), /^WARNING: bare-prix has 2 prize\(s\) and no randomness beacon\. .*could add or hold back entries before the freeze/);
    assert.match(c.stderr(), new RegExp(`chain: ${QUICKNET}, round: \\d+`));

    c = captureIo();
    assert.equal(await runCampaignCommand(database.db, ['import', file('beacon', { slug: 'lit-prix', draw: { beacon: { chain: QUICKNET, round: 30662982 } } })], c.io, DURING), 0);
    assert.equal(c.stderr(), '');

    // drand's default mainnet round 1000 was emitted in 2020, long before this campaign closes.
    c = captureIo();
    const early = file('early', { slug: 'early-prix', draw: { beacon: { chain: '8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce', round: 1000 } } });
    assert.equal(await runCampaignCommand(database.db, ['import', early], c.io, DURING), 1);
    assert.match(c.stderr(), /draw\.beacon\.round: round 1000 is emitted at 2020-07-22T.*not after closes_at .*Name round 2736687 or later\./);
  });
});
