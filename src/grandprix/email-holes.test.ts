// Issue 11, hole 1, end to end: an address with a hidden character once got a key of its own
// (domainToASCII dropped the character) while its mail went to the plain address, so one
// mailbox could confirm any number of votes. Each such variant is now refused and nothing
// is stored or mailed; the plain address still votes once.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { DURING, confirmationToken, importTestCampaign, tempOutbox, validEntry } from '../../test/support/grandprix';

const post = (app: FastifyInstance, body: unknown) =>
  app.inject({ method: 'POST', url: '/api/v1/campaigns/test-prix/entries', payload: body as object });

const REFUSED = [
  'dupmb@gmail.com\r\nq1.org',
  'dupmb@gmail.com\r\nq2.org',
  'dupmb@gmail.com\tq4.org',
  'dupmb@gmail.com\u0000q5.org',
  'dupmb@gmail.com\u200bq6.org',
  'dupmb@gmail\u00ad.com',
  'x@mailinator.com\r\n.org',
  'x@mailinator\u200d.com',
  '=?utf-8?q?a?=@example.com',
  'dupmb@[127.0.0.1]',
  'Dup <dupmb@gmail.com>',
];

forEachEngine('Grand Prix email holes', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let outbox: string;

  const count = async (table: 'entries' | 'mail_outbox') =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  before(async () => {
    database = await open();
    await importTestCampaign(database.db);
    outbox = tempOutbox();
    app = await buildTestApp(database, { now: () => DURING, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
  });
  beforeEach(async () => {
    await database.db.deleteFrom('entry_events').execute();
    await database.db.deleteFrom('entries').execute();
    await database.db.deleteFrom('idempotency_keys').execute();
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('addresses with hidden characters, encoded words or extra syntax get a 400 on email; nothing is stored or mailed', async () => {
    const mailsBefore = await count('mail_outbox');
    for (const email of REFUSED) {
      const res = await post(app, validEntry({ email }));
      assert.equal(res.statusCode, 400, JSON.stringify(email));
      const { error } = res.json();
      assert.equal(error.field, 'email', JSON.stringify(email));
      assert.equal(error.code, 'invalid_email', JSON.stringify(email));
      // eslint-disable-next-line no-control-regex
      assert.ok(!/[\r\n\t\u0000]/.test(error.message), 'the message shows hidden characters as visible codes');
    }
    assert.equal(await count('entries'), 0);
    assert.equal(await count('mail_outbox'), mailsBefore);
  });

  test('the plain address votes once; the stored address is the parsed one', async () => {
    assert.equal((await post(app, validEntry({ email: '  dupmb@GMAIL.com ' }))).statusCode, 202);
    for (const email of REFUSED.slice(0, 3)) assert.equal((await post(app, validEntry({ email }))).statusCode, 400);
    const rows = await database.db.selectFrom('entries').select(['email']).execute();
    assert.deepEqual(rows.map((r) => r.email), ['dupmb@gmail.com']);
  });

  test('an internationalised domain is stored and mailed in punycode', async () => {
    assert.equal((await post(app, validEntry({ email: 'user@Пример.рф' }))).statusCode, 202);
    const row = await database.db.selectFrom('entries').select(['email']).executeTakeFirstOrThrow();
    assert.equal(row.email, 'user@xn--e1afmkfd.xn--p1ai');
    assert.ok(await confirmationToken(app, outbox, 'user@xn--e1afmkfd.xn--p1ai'));
  });
});
