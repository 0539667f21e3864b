import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp } from '../../test/support/app';
import { openTestDatabase } from '../../test/support/engines';
import { DURING, confirmEntry, confirmationToken, deliveredMessages, importTestCampaign, postEntry, tempOutbox, validEntry } from '../../test/support/grandprix';

// As in production on SQLite: the mail thread writes through its own connection while requests write.
test('on SQLite, many readers submitting and confirming at once while the mail thread delivers all get their answers and mails', async () => {
  const database = await openTestDatabase('sqlite');
  const outbox = tempOutbox();
  const app = await buildTestApp(database, { now: () => DURING, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0', MAIL_DELIVERY: 'thread' } });
  try {
    await importTestCampaign(database.db);
    const emails = Array.from({ length: 120 }, (_, i) => `load${i}@example.com`);
    const submitted = await Promise.all(emails.map((email) => postEntry(app, validEntry({ email }))));
    assert.deepEqual(new Set(submitted.map((r) => r.statusCode)), new Set([202]));
    const tokens = await Promise.all(emails.map((email) => confirmationToken(app, outbox, email)));
    const confirmed = await Promise.all(tokens.map((token) => confirmEntry(app, token)));
    assert.deepEqual(
      confirmed.filter((r) => r.statusCode !== 200).map((r) => r.body),
      [],
    );
    const codes = new Set(confirmed.map((r) => (r.json() as { entry_code: string }).entry_code));
    assert.equal(codes.size, emails.length, 'every entry has its own code');
    for (const email of emails.slice(0, 5)) assert.equal((await deliveredMessages(app, outbox, email)).length, 2, `${email} got a confirmation link and a receipt`);
    const waiting = await database.db.selectFrom('mail_outbox').select('id').execute();
    assert.deepEqual(waiting, [], 'the outbox is empty once everything is delivered');
  } finally {
    await app.close();
    await database.close();
  }
});
