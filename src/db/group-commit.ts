import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';

type Work<T> = (trx: Transaction<Database>) => Promise<T>;

interface Pending {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface GroupCommit {
  /**
   * Runs `work` in a transaction and resolves once it is committed. Works that arrive while a
   * commit is in progress share the next one, each inside its own savepoint: one failing work
   * is rolled back alone and rejects alone; the others still commit.
   */
  run<T>(work: Work<T>): Promise<T>;
}

// Run for every work in a batch: compiled once.
const SAVEPOINT = CompiledQuery.raw('savepoint group_commit_item');
const RELEASE = CompiledQuery.raw('release savepoint group_commit_item');
const ROLLBACK = CompiledQuery.raw('rollback to savepoint group_commit_item');

/** More than this in one transaction only makes the first caller wait longer. */
const MAX_BATCH = 64;

/**
 * Group commit for the busiest writes (ballot entries and confirmations). Each commit is the
 * dear part of a small write (SQLite writes its WAL frames, PostgreSQL flushes its log), so
 * concurrent requests share one instead of queueing for one each. Nobody is answered before
 * the commit that holds their write, so an acknowledged write is as durable as before.
 */
export function groupCommit(db: Kysely<Database>): GroupCommit {
  const queue: Pending[] = [];
  let flushing = false;

  async function commitBatch(batch: Pending[]): Promise<void> {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await db.transaction().execute(async (trx) => {
        for (const item of batch) {
          await trx.executeQuery(SAVEPOINT);
          try {
            const value = await item.work(trx);
            await trx.executeQuery(RELEASE);
            outcomes.push({ ok: true, value });
          } catch (error) {
            await trx.executeQuery(ROLLBACK);
            await trx.executeQuery(RELEASE);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed: nothing in the batch was stored.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  async function flush(): Promise<void> {
    flushing = true;
    try {
      while (queue.length > 0) await commitBatch(queue.splice(0, MAX_BATCH));
    } finally {
      flushing = false;
    }
  }

  return {
    run<T>(work: Work<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        // Wait one turn of the event loop so requests parsed in the same turn share the commit.
        if (!flushing && queue.length === 1) setImmediate(() => void flush());
      });
    },
  };
}
