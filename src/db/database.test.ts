import assert from 'node:assert/strict';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { openTestDatabase } from '../../test/support/engines';

test('on SQLite a transaction holds the write lock from its start, so reading first never makes its later write fail', async () => {
  const database = await openTestDatabase('sqlite');
  // Another writer on the same file, as the mail thread or a CLI import is; it does not wait for locks.
  const other = new SQLite(database.url.replace(/^sqlite:/, ''), { timeout: 0 });
  const row = { scope: 's', request_hash: 'h', status_code: 202, response_json: '{}', created_at: '2026-01-01T00:00:00Z' };
  const otherInsert = () => other.prepare(`insert into idempotency_keys (scope, key, request_hash, status_code, response_json, created_at) values ('s', 'other', 'h', 202, '{}', '2026')`).run();
  try {
    await database.db.transaction().execute(async (trx) => {
      await trx.selectFrom('idempotency_keys').selectAll().execute();
      // With a plain BEGIN the other write would land here and ours below would fail (SQLITE_BUSY_SNAPSHOT).
      assert.throws(otherInsert, { code: 'SQLITE_BUSY' }, 'the other writer waits for this transaction');
      await trx.insertInto('idempotency_keys').values({ ...row, key: 'mine' }).execute();
    });
    otherInsert();
    const keys = (await database.db.selectFrom('idempotency_keys').select('key').orderBy('key').execute()).map((r) => r.key);
    assert.deepEqual(keys, ['mine', 'other']);
  } finally {
    other.close();
    await database.close();
  }
});
