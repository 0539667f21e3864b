import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import { buildTestApp } from '../../test/support/app';
import { captureIo } from '../../test/support/capture-io';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { listAudit } from '../audit/audit';
import { ApiKeyUsageError, runApiKeyCommand } from './cli';

forEachEngine('paddock apikey', (open) => {
  let database: TestDatabase;
  before(async () => {
    database = await open();
  });
  after(async () => database.close());

  test('add prints the key once (stdout alone), list shows it by prefix, revoke makes it a 401; each change audited as cli', async () => {
    const added = captureIo();
    assert.equal(await runApiKeyCommand(database.db, ['add', 'Mobile app', '--origin', 'https://app.example/', '--origin', 'http://localhost:5173', '--rate', '120'], added.io), 0);
    const token = added.stdout().trim();
    assert.match(token, /^pdk_[A-Za-z0-9_-]{43}$/);
    assert.match(added.stderr(), /API key 1 "Mobile app" made \(120 requests a minute; browsers at https:\/\/app\.example, http:\/\/localhost:5173\)/);

    const app = await buildTestApp(database);
    try {
      assert.equal((await app.inject({ url: '/api/v1/rubrics', headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
      const listed = captureIo();
      assert.equal(await runApiKeyCommand(database.db, ['list'], listed.io), 0);
      const line = listed.stdout().trim();
      assert.ok(line.startsWith(`1\t${token.slice(0, 12)}…\tMobile app\tactive\t120/min\tlast used 20`), line);
      assert.ok(!line.includes(token), 'the list never shows the key');

      const revoked = captureIo();
      assert.equal(await runApiKeyCommand(database.db, ['revoke', '1'], revoked.io), 0);
      assert.match(revoked.stdout(), /revoked API key 1 "Mobile app"/);
      assert.equal((await app.inject({ url: '/api/v1/rubrics', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
    } finally {
      await app.close();
    }
    const again = captureIo();
    assert.equal(await runApiKeyCommand(database.db, ['revoke', '1'], again.io), 1);
    assert.match(again.stderr(), /^paddock: API key 1 was already revoked on /);
    const listed = captureIo();
    await runApiKeyCommand(database.db, ['list'], listed.io);
    assert.match(listed.stdout(), /\trevoked 20/);

    const { items } = await listAudit(database.db, { action: 'apikey.', page: 1, pageSize: 10 });
    assert.deepEqual(items.map((i) => [i.action, i.actor, i.target]), [['apikey.revoke', 'cli', 'apikey:1'], ['apikey.add', 'cli', 'apikey:1']]);
    assert.ok(!JSON.stringify(items).includes(token));
    const row = await database.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.key_hash, crypto.createHash('sha256').update(token).digest('hex'));
    assert.deepEqual(JSON.parse(row.origins_json), ['https://app.example', 'http://localhost:5173']);
  });

  test('bad input is refused with a message and exit code 1; bad usage is a usage error', async () => {
    for (const [args, message] of [
      [['add', 'X', '--origin', 'https://app.example/path'], /“https:\/\/app\.example\/path” is not an origin/],
      [['add', 'X', '--origin', 'ftp://app.example'], /is not an origin/],
      [['add', '  '], /Give the key a name/],
      [['add', 'X', '--rate', 'lots'], /rate limit must be a whole number/],
      [['revoke', '99'], /There is no API key 99/],
    ] as const) {
      const out = captureIo();
      assert.equal(await runApiKeyCommand(database.db, [...args], out.io), 1, args.join(' '));
      assert.match(out.stderr(), message);
      assert.equal(out.stdout(), '');
    }
    await assert.rejects(runApiKeyCommand(database.db, ['add'], captureIo().io), ApiKeyUsageError);
    await assert.rejects(runApiKeyCommand(database.db, ['revoke', 'abc'], captureIo().io), ApiKeyUsageError);
    await assert.rejects(runApiKeyCommand(database.db, ['frobnicate'], captureIo().io), ApiKeyUsageError);
  });
});
