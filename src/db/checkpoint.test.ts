import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { openTestDatabase } from '../../test/support/engines';
import { checkpointWal } from './checkpoint';
import { createDatabase } from './database';

test('after a checkpoint from another connection, the database file alone holds what was written', async () => {
  const database = await openTestDatabase('sqlite');
  // The background thread's own connection, as in the server.
  const background = await createDatabase(database.url);
  const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-checkpoint-'));
  try {
    await checkpointWal(background); // the schema, written by the migrations
    const row = (key: string) => ({ scope: 's', key, request_hash: 'h', status_code: 202, response_json: '{}', created_at: '2026-01-01T00:00:00Z' });
    for (let i = 0; i < 50; i++) await database.db.insertInto('idempotency_keys').values(row(`k${i}`)).execute();
    const file = database.url.replace(/^sqlite:/, '');
    const keysInFileAlone = () => {
      // A copy of the main file without its -wal: what a crash-consistent file backup would see.
      const copy = path.join(copyDir, `copy-${Date.now()}.sqlite`);
      fs.copyFileSync(file, copy);
      const handle = new SQLite(copy, { readonly: true });
      try {
        return (handle.prepare('select count(*) as n from idempotency_keys').get() as { n: number }).n;
      } finally {
        handle.close();
      }
    };
    assert.equal(keysInFileAlone(), 0, 'below the backstop, the writer did not checkpoint by itself');
    const result = await checkpointWal(background);
    assert.ok(result && result.walFrames > 0 && result.checkpointed === result.walFrames, `every frame copied: ${JSON.stringify(result)}`);
    assert.equal(keysInFileAlone(), 50);
  } finally {
    await background.close();
    await database.close();
    fs.rmSync(copyDir, { recursive: true, force: true });
  }
});
