import { sql } from 'kysely';
import type { PaddockDb } from './database';

/** How often the server's background thread moves SQLite's write-ahead log into the database file. */
const EVERY_MS = 1000;

/**
 * Copies what the write-ahead log holds into the database file (SQLite; nothing to do on
 * PostgreSQL). PASSIVE: it never blocks writers, so it can run beside the request thread.
 */
export async function checkpointWal(database: PaddockDb): Promise<{ walFrames: number; checkpointed: number } | null> {
  if (database.caps.engine !== 'sqlite') return null;
  const { rows } = await sql<{ busy: number; log: number; checkpointed: number }>`pragma wal_checkpoint(PASSIVE)`.execute(database.db);
  return { walFrames: rows[0]?.log ?? 0, checkpointed: rows[0]?.checkpointed ?? 0 };
}

/**
 * Checkpoints run on a timer in the server's background thread, so the request thread's commits
 * never pay for them: a checkpoint writes the database file and syncs it to disk, which made up
 * most of a commit's cost (bench:vote). Connections checkpoint by themselves only past 10,000
 * pages of log (db/database.ts), the backstop for processes without this thread.
 */
export function startWalCheckpoints(database: PaddockDb, onError: (error: unknown) => void): () => void {
  if (database.caps.engine !== 'sqlite') return () => undefined;
  const timer = setInterval(() => void checkpointWal(database).catch(onError), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
