import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'node:test';
import pg from 'pg';
import { createDatabase, type PaddockDb } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';

export type EngineName = 'sqlite' | 'postgres';

const PG_URL = process.env.PADDOCK_TEST_PG_URL;
let noticePrinted = false;

/**
 * Runs the same suite on every engine (Kysely's DIALECTS idea): SQLite always, PostgreSQL when
 * PADDOCK_TEST_PG_URL is set. Each call gets a fresh database: a temp file, or a fresh schema.
 */
export function forEachEngine(title: string, suite: (open: () => Promise<TestDatabase>, engine: EngineName) => void): void {
  for (const engine of engineNames()) describe(`${title} [${engine}]`, () => suite(() => openTestDatabase(engine), engine));
}

/** SQLite always, PostgreSQL when PADDOCK_TEST_PG_URL is set. */
export function engineNames(): EngineName[] {
  if (PG_URL) return ['sqlite', 'postgres'];
  if (!noticePrinted) {
    noticePrinted = true;
    console.log('# notice: PADDOCK_TEST_PG_URL is not set; PostgreSQL runs of the storage and HTTP tests are skipped');
  }
  return ['sqlite'];
}

export interface TestDatabase extends PaddockDb {
  url: string;
  pgSchema?: string;
}

/** `upTo`: stop after this migration (to test a later one on data written by the schema before it). */
export async function openTestDatabase(engine: EngineName, upTo?: Parameters<typeof migrate>[1]): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-test-'));
    const url = `sqlite:${path.join(dir, 'test.sqlite')}`;
    const database = await createDatabase(url);
    await migrate(database, upTo);
    return {
      ...database,
      url,
      close: async () => {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = PG_URL!;
  const pgSchema = `t_${crypto.randomBytes(6).toString('hex')}`;
  const database = await createDatabase(url, { pgSchema });
  await migrate(database, upTo);
  return {
    ...database,
    url,
    pgSchema,
    close: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${pgSchema} cascade`);
      await client.end();
    },
  };
}

/** Another connection (pool) to the same test database, as a second server or the mail thread has. */
export function secondConnection(database: TestDatabase): Promise<PaddockDb> {
  return createDatabase(database.url, database.pgSchema ? { pgSchema: database.pgSchema } : {});
}
