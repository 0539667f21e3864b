import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { PaddockDb } from './database';
import * as m001 from './migrations/001-articles';
import * as m002 from './migrations/002-grandprix';
import * as m003 from './migrations/003-raffle';
import * as m004 from './migrations/004-admin';
import * as m005 from './migrations/005-search';
import * as m006 from './migrations/006-mail-outbox';
import * as m007 from './migrations/007-archive-scale';
import * as m008 from './migrations/008-media';
import * as m009 from './migrations/009-hero-media';
import * as m010 from './migrations/010-import-sources';
import * as m011 from './migrations/011-redirects';
import * as m012 from './migrations/012-authors';
import * as m013 from './migrations/013-byline-copies';
import * as m014 from './migrations/014-api-keys';
import * as m015 from './migrations/015-webhooks';
import * as m016 from './migrations/016-related-articles';
import * as m018 from './migrations/018-preview-links';
import * as m019 from './migrations/019-user-language-and-contributors';
import * as m020 from './migrations/020-article-review';
import * as m021 from './migrations/021-working-copies';
import * as m023 from './migrations/023-ballot-list';

type Step = { up: (db: Parameters<Migration['up']>[0], caps: PaddockDb['caps']) => Promise<void> };

/** Migrations are listed in code (not read from a folder) so they work the same under tsx, tests and bundles. */
const STEPS: Record<string, Step> = {
  '001-articles': m001,
  '002-grandprix': m002,
  '003-raffle': m003,
  '004-admin': m004,
  '005-search': m005,
  '006-mail-outbox': m006,
  '007-archive-scale': m007,
  '008-media': m008,
  '009-hero-media': m009,
  '010-import-sources': m010,
  '011-redirects': m011,
  '012-authors': m012,
  '013-byline-copies': m013,
  '014-api-keys': m014,
  '015-webhooks': m015,
  '016-related-articles': m016,
  '018-preview-links': m018,
  '019-user-language-and-contributors': m019,
  '020-article-review': m020,
  '021-working-copies': m021,
  '023-ballot-list': m023,
};

/** Runs every migration not yet run, or those up to and including `upTo` (a migration's own test). */
export async function migrate(database: PaddockDb, upTo?: keyof typeof STEPS): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, step] of Object.entries(STEPS)) out[name] = { up: (db) => step.up(db, database.caps) };
      return out;
    },
  };
  // Kysely looks for its own tables in every schema unless told which one: with several schemas
  // (parallel test runs) it could find another schema's lock table and never create its own.
  const migrationTableSchema =
    database.caps.engine === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db: database.db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    // Another run may drop schemas in a tight loop (tenants, parallel tests): five quick retries were
    // seen to run out in CI, so wait a little longer each time before listing the schemas again.
    if (attempt < 20 && !(results ?? []).some((r) => r.status !== 'NotExecuted') && anotherSchemaChanged(error, migrationTableSchema)) {
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
      continue;
    }
    throw error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Kysely finds its own tables by listing the tables and columns of every schema through catalog
 * functions. A schema another connection drops meanwhile (parallel test runs each work in a schema
 * of their own and drop it when done) fails that listing with 3F000; a table or column it drops or
 * rebuilds meanwhile, with 42P01 or 42703 (seen in CI: `column "drawn_at" of relation
 * "raffle_draws" does not exist`). Nothing was migrated yet (the caller checks), and asking again
 * lists the catalog anew.
 */
const CATALOG_RACES = new Set(['3F000', '42P01', '42703']);
function anotherSchemaChanged(error: unknown, ours: string | undefined): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && CATALOG_RACES.has(code) && ours !== undefined && typeof message === 'string' && !message.includes(`"${ours}"`);
}
