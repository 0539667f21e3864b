import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openTestDatabase, type TestDatabase } from '../../test/support/engines';

const PG_URL = process.env.PADDOCK_TEST_PG_URL;

test('PostgreSQL: migrating a fresh schema succeeds while other schemas come and go (parallel test runs, tenants)', async (t) => {
  if (!PG_URL) return t.skip('PADDOCK_TEST_PG_URL is not set');
  const churn = new pg.Client({ connectionString: PG_URL });
  await churn.connect();
  let running = true;
  let cycles = 0;
  // Another client keeps creating and dropping schemas with tables in them, as test files do.
  const churning = (async () => {
    while (running) {
      const schema = `churn_${crypto.randomBytes(4).toString('hex')}`;
      await churn.query(`create schema ${schema}; create table ${schema}.t (id serial primary key, v text)`);
      await churn.query(`drop schema ${schema} cascade`);
      cycles++;
    }
  })();
  const opened: TestDatabase[] = [];
  try {
    for (let i = 0; i < 8; i++) opened.push(await openTestDatabase('postgres'));
    for (const database of opened) {
      const { rows } = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = ${database.pgSchema}`.execute(database.db);
      assert.ok(rows.some((row) => row.tablename === 'articles'), `${database.pgSchema} has the articles table`);
    }
  } finally {
    running = false;
    await churning;
    await churn.end();
    for (const database of opened) await database.close();
  }
  assert.ok(cycles > 0, 'schemas were dropped while the migrations ran');
});
