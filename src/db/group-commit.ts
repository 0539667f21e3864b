import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';

type Work<T> = (trx: Transaction<Database>, batch: BatchHooks) => Promise<T>;

export interface BatchHooks {
  /**
   * Runs `step` once for the whole batch, after its works and before its commit, however many
   * works ask with the same key: a counter every work bumps is written once, and the row lock
   * that write takes is held only for the commit, so batches in flight do not queue on it. If
   * the step fails, the batch is replayed one work at a time and each work runs the step itself,
   * inside its own savepoint, so that the works it refuses are rolled back alone.
   */
  beforeCommit(key: string, step: (trx: Transaction<Database>) => Promise<void>): Promise<void>;
  /**
   * Adds `item` to the rows `write` stores for the whole batch in one statement, after its works
   * and before its before-commit steps: each round trip to PostgreSQL costs both processes a
   * wake-up, which on a small machine is most of a short statement's cost. A work that is replayed
   * alone (see above) writes its own items at once.
   */
  gather<T>(key: string, item: T, write: (trx: Transaction<Database>, items: T[]) => Promise<void>): Promise<void>;
  /**
   * Runs one statement for the items of every work that asks with the same key, and resolves with
   * this work's own result (`run` returns one result per item, in order). The statement runs once
   * every work of the batch has either finished or is waiting here, so a batch of entries makes
   * one round trip where it made one per entry. A work that is replayed alone runs it for its item.
   */
  shared<T, R>(key: string, item: T, run: (trx: Transaction<Database>, items: T[]) => Promise<R[]>): Promise<R>;
}

interface Pending {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface GroupCommit {
  /**
   * Runs `work` in a transaction and resolves once it is committed. Works that arrive while a
   * commit is in progress share the next one: one failing work is rolled back alone and rejects
   * alone; the others still commit.
   */
  run<T>(work: Work<T>): Promise<T>;
}

export interface GroupCommitOptions {
  /**
   * Batches committing at once. SQLite has one writer, so 1; PostgreSQL works on one batch while
   * another waits for its log flush, and the server's CPU and the database's overlap.
   */
  inFlight?: number;
}

// Run for every work of a batch that is replayed one by one: compiled once.
const SAVEPOINT = CompiledQuery.raw('savepoint group_commit_item');
const RELEASE = CompiledQuery.raw('release savepoint group_commit_item');
const ROLLBACK = CompiledQuery.raw('rollback to savepoint group_commit_item');

/** More than this in one transaction only makes the first caller wait longer. */
const MAX_BATCH = 64;
/** PostgreSQL's deadlock and serialization failures: the transaction did nothing and may be run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 5;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** One work at a time, each in its savepoint: a work's before-commit step runs at once, inside it. */
const atOnce = (trx: Transaction<Database>): BatchHooks => ({
  beforeCommit: (_key, step) => step(trx),
  gather: (_key, item, write) => write(trx, [item]),
  shared: async (_key, item, run) => (await run(trx, [item]))[0]!,
});

interface Waiting {
  items: unknown[];
  works: Array<{ resolve(value: unknown): void; reject(error: unknown): void }>;
  run: (trx: Transaction<Database>, items: never[]) => Promise<unknown[]>;
}

/** Thrown inside a batch's transaction to undo it when one of its works failed. */
class OneFailed extends Error {}

/**
 * Group commit for the busiest writes (ballot entries and confirmations). Each commit is the
 * dear part of a small write (SQLite writes its WAL frames, PostgreSQL flushes its log), so
 * concurrent requests share one instead of queueing for one each. Nobody is answered before
 * the commit that holds their write, so an acknowledged write is as durable as before.
 *
 * A batch first runs its works side by side, without savepoints, and the statements they share
 * (`shared`, `gather`) once for them all: a batch of entries then costs PostgreSQL a handful of
 * round trips instead of several per entry (bench:vote). Works rarely fail (the requests were
 * checked before), and when one does the batch is undone and replayed one work at a time with a
 * savepoint around each, so that only the failing one is rolled back.
 */
export function groupCommit(db: Kysely<Database>, options: GroupCommitOptions = {}): GroupCommit {
  const inFlight = Math.max(1, options.inFlight ?? 1);
  const queue: Pending[] = [];
  let running = 0;

  /**
   * The batch's works run side by side on its transaction (their statements take turns on its
   * connection), so that the `shared` statements they wait for can run once for them all.
   */
  async function together(batch: Pending[]): Promise<Outcome[]> {
    return db.transaction().execute(async (trx) => {
      const steps = new Map<string, (trx: Transaction<Database>) => Promise<void>>();
      const gathered = new Map<string, { items: unknown[]; write: (trx: Transaction<Database>, items: never[]) => Promise<void> }>();
      const waiting = new Map<string, Waiting>();
      // Works neither finished nor waiting for a shared statement; at 0 the shared statements run.
      let busy = batch.length;
      let failed = false;

      async function runShared(): Promise<void> {
        const groups = [...waiting.values()];
        waiting.clear();
        const answers: Array<() => void> = [];
        for (const { items, works, run } of groups) {
          // After a failure the transaction is undone (and on PostgreSQL refuses statements): the works stop.
          if (failed) {
            answers.push(() => works.forEach((w) => w.reject(new OneFailed())));
            continue;
          }
          try {
            const results = await run(trx, items as never[]);
            if (results.length !== items.length) throw new Error(`a shared statement returned ${results.length} results for ${items.length} items`);
            answers.push(() => works.forEach((w, i) => w.resolve(results[i])));
          } catch (error) {
            failed = true;
            answers.push(() => works.forEach((w) => w.reject(error)));
          }
        }
        // Counted before any work goes on, so that none reaches 0 while others are still to resume.
        busy += groups.reduce((n, g) => n + g.works.length, 0);
        for (const answer of answers) answer();
      }
      const pause = () => {
        if (--busy === 0 && waiting.size > 0) queueMicrotask(() => void runShared());
      };

      const hooks: BatchHooks = {
        beforeCommit: async (key, step) => {
          if (!steps.has(key)) steps.set(key, step);
        },
        gather: async (key, item, write) => {
          const rows = gathered.get(key) ?? gathered.set(key, { items: [], write }).get(key)!;
          rows.items.push(item);
        },
        shared: (key, item, run) =>
          new Promise((resolve, reject) => {
            const group = waiting.get(key) ?? waiting.set(key, { items: [], works: [], run }).get(key)!;
            group.items.push(item);
            group.works.push({ resolve: resolve as (value: unknown) => void, reject });
            pause();
          }),
      };
      const settled = await Promise.allSettled(
        batch.map(async (item) => {
          try {
            return await item.work(trx, hooks);
          } catch (error) {
            failed = true;
            throw error;
          } finally {
            pause();
          }
        }),
      );
      if (failed) throw new OneFailed();
      try {
        for (const { items, write } of gathered.values()) await write(trx, items as never[]);
        for (const step of steps.values()) await step(trx);
      } catch {
        throw new OneFailed();
      }
      return settled.map((s) => ({ ok: true, value: (s as PromiseFulfilledResult<unknown>).value }));
    });
  }

  async function oneByOne(batch: Pending[]): Promise<Outcome[]> {
    return db.transaction().execute(async (trx) => {
      const hooks = atOnce(trx);
      const outcomes: Outcome[] = [];
      for (const item of batch) {
        await trx.executeQuery(SAVEPOINT);
        try {
          const value = await item.work(trx, hooks);
          await trx.executeQuery(RELEASE);
          outcomes.push({ ok: true, value });
        } catch (error) {
          await trx.executeQuery(ROLLBACK);
          await trx.executeQuery(RELEASE);
          outcomes.push({ ok: false, error });
        }
      }
      return outcomes;
    });
  }

  async function commitBatch(batch: Pending[]): Promise<void> {
    let outcomes: Outcome[] | null = null;
    for (let attempt = 1; outcomes === null; attempt++) {
      try {
        outcomes = batch.length > 1 ? await together(batch).catch((error: unknown) => (error instanceof OneFailed ? oneByOne(batch) : Promise.reject(error))) : await oneByOne(batch);
      } catch (error) {
        // Two batches in flight can deadlock on rows they both write (PostgreSQL aborts one):
        // the aborted one stored nothing and runs again.
        if (attempt < ATTEMPTS && RETRYABLE.has(String((error as { code?: unknown }).code))) continue;
        // The commit itself failed: nothing in the batch was stored.
        for (const item of batch) item.reject(error);
        return;
      }
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  function startBatches(): void {
    while (running < inFlight && queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      running++;
      void commitBatch(batch).finally(() => {
        running--;
        startBatches();
      });
    }
  }

  let scheduled = false;
  return {
    run<T>(work: Work<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        // Wait one turn of the event loop so requests parsed in the same turn share the commit.
        if (!scheduled && running < inFlight) {
          scheduled = true;
          setImmediate(() => {
            scheduled = false;
            startBatches();
          });
        }
      });
    },
  };
}
