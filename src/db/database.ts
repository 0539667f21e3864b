import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { describeDatabaseUrl } from '../config';
import { inlineReadPool, sqliteReadPool, type ReadPool } from './read-pool';
import type { Database } from './schema';

export type Engine = 'sqlite' | 'postgres';

/** What differs between engines, decided here once so features never test the engine name. */
export interface Capabilities {
  engine: Engine;
  /** Column type of an auto-incrementing integer primary key. */
  serialType: 'integer' | 'serial';
  /** Full-text search: SQLite FTS5 or PostgreSQL tsvector (see db/full-text.ts). */
  fullText: 'fts5' | 'tsvector';
}

export interface PaddockDb {
  db: Kysely<Database>;
  caps: Capabilities;
  /** Where reads over the whole archive (search) run, so they never stall the server's thread. */
  reads: ReadPool;
  /** How to open this same database again, from another thread or process (the mail thread). */
  connection: { url: string; options: DatabaseOptions };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL only: work inside this schema (created when missing); tests use a fresh one per run. */
  pgSchema?: string;
}

const CAPS: Record<Engine, Capabilities> = {
  sqlite: { engine: 'sqlite', serialType: 'integer', fullText: 'fts5' },
  postgres: { engine: 'postgres', serialType: 'serial', fullText: 'tsvector' },
};

export async function createDatabase(url: string, options: DatabaseOptions = {}): Promise<PaddockDb> {
  const target = describeDatabaseUrl(url);
  if (target.engine === 'sqlite') {
    if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const handle = new SQLite(target.file);
    // WAL lets readers run beside the writer; NORMAL sync is durable across a process crash
    // (kill -9) in WAL mode, only an OS crash can lose the last transactions.
    handle.pragma('journal_mode = WAL');
    handle.pragma('synchronous = NORMAL');
    handle.pragma('foreign_keys = ON');
    handle.pragma('busy_timeout = 5000');
    // A 100,000-article archive is gigabytes: a 64 MB page cache instead of SQLite's default 2 MB.
    handle.pragma('cache_size = -65536');
    // The server's background thread checkpoints every second (db/checkpoint.ts); this is the backstop.
    handle.pragma('wal_autocheckpoint = 10000');
    // SQLite's own lower() folds ASCII only; PostgreSQL's folds every script. Same answers on both.
    handle.function('lower', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(handle) }) });
    // Another thread cannot open a private in-memory database.
    const reads = target.file === ':memory:' ? inlineReadPool(db) : sqliteReadPool(target.file);
    return { db, caps: CAPS.sqlite, reads, connection: { url, options }, close: async () => (await reads.close(), await db.destroy()) };
  }

  const schema = options.pgSchema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  return { db, caps: CAPS.postgres, reads: inlineReadPool(db), connection: { url, options }, close: () => db.destroy() };
}

/**
 * After a bulk load (an import): PostgreSQL plans with statistics, and reads an index alone only
 * where the visibility map says it may; autovacuum sets both, but minutes later or (seen here)
 * not at all. Without them, at 100,000 articles a search scanned the table and read every text's
 * vector (3 req/s), and an old ?page=N link visited the table for each row it skipped. SQLite's
 * queries are written not to depend on statistics.
 */
export async function vacuumAnalyzeAfterBulkLoad(database: PaddockDb): Promise<void> {
  if (database.caps.engine === 'postgres') await sql`vacuum (analyze) articles, article_bodies, article_tags, tags, rubrics`.execute(database.db);
}

/**
 * Transactions take SQLite's write lock when they begin. A plain BEGIN starts as a reader and
 * upgrades at its first write; if another connection (the mail thread, a CLI import) wrote
 * meanwhile, the upgrade fails at once with SQLITE_BUSY_SNAPSHOT instead of waiting its turn.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver() {
    return new (class extends SqliteDriver {
      override async beginTransaction(connection: DatabaseConnection) {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      }
    })(this.config);
  }
  constructor(private readonly config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
  }
}

/**
 * Kysely prepares every query anew, and preparing costs more than running a page's small
 * queries (bench:http profile). Prepared statements are reusable in better-sqlite3 (calls are
 * synchronous, so one statement never serves two queries at once), so keep the recent ones.
 */
function withStatementCache(handle: SQLite.Database): SqliteDatabase {
  const statements = new LRUCache<string, SQLite.Statement>({ max: 500 });
  return {
    prepare(query: string) {
      let statement = statements.get(query);
      if (!statement) {
        statement = handle.prepare(query);
        statements.set(query, statement);
      }
      return statement;
    },
    close: () => handle.close(),
  };
}
