import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { preparedQuery } from './prepared';

forEachEngine('prepared queries', (open) => {
  let database: TestDatabase;
  before(async () => {
    database = await open();
  });
  after(async () => {
    await database.close();
  });

  test('a query compiled once runs with new values each time, a value used twice included, inside and outside transactions', async () => {
    const insert = preparedQuery(database.db, ['key', 'hash', 'at'], (q, v) =>
      q.insertInto('idempotency_keys').values({ scope: 'prepared', key: v.key, request_hash: v.hash, status_code: 202, response_json: '{}', created_at: v.at }).returning(['key', 'request_hash']),
    );
    const sameHashAndKey = preparedQuery(database.db, ['value'], (q, v) =>
      q.selectFrom('idempotency_keys').select('key').where('key', '=', v.value).where('request_hash', '=', v.value),
    );
    assert.deepEqual((await insert(database.db, { key: 'a', hash: 'hash-a', at: '2026-01-01T00:00:00Z' })).rows, [{ key: 'a', request_hash: 'hash-a' }]);
    await database.db.transaction().execute(async (trx) => {
      assert.deepEqual((await insert(trx, { at: '2026-01-02T00:00:00Z', hash: 'b', key: 'b' })).rows, [{ key: 'b', request_hash: 'b' }], 'values go by name, whatever the order');
    });
    assert.deepEqual((await sameHashAndKey(database.db, { value: 'b' })).rows, [{ key: 'b' }]);
    assert.deepEqual((await sameHashAndKey(database.db, { value: 'a' })).rows, [], "a's hash is not its key");
    const stored = await database.db.selectFrom('idempotency_keys').select(['key', 'created_at']).where('scope', '=', 'prepared').orderBy('key').execute();
    assert.deepEqual(stored, [
      { key: 'a', created_at: '2026-01-01T00:00:00Z' },
      { key: 'b', created_at: '2026-01-02T00:00:00Z' },
    ]);
  });

  test('a query that leaves one of its values unused is refused when first run, not run with a stand-in', async () => {
    const forgetful = preparedQuery(database.db, ['key', 'forgotten'], (q, v) => q.selectFrom('idempotency_keys').select('key').where('key', '=', v.key));
    await assert.rejects(forgetful(database.db, { key: 'x', forgotten: 'y' }), /uses 1 of its 2 values/);
  });
});
