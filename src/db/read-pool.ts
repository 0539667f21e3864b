import { Worker } from 'node:worker_threads';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema';

/** Where a heavy read runs: off the server's thread on SQLite, on the connection pool on PostgreSQL. */
export interface ReadPool {
  all<Row>(sql: string, parameters: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** PostgreSQL (and SQLite in memory, which no other thread can open): the query runs as any other. */
export function inlineReadPool(db: Kysely<Database>): ReadPool {
  return {
    all: async <Row,>(sqlText: string, parameters: readonly unknown[]) => (await db.executeQuery<Row>(CompiledQuery.raw(sqlText, [...parameters]))).rows,
    close: async () => {},
  };
}

/**
 * Threads with their own read-only connections to a SQLite file. WAL lets them read beside the
 * writer; each query goes to the thread with the fewest in flight. Started on first use, so
 * commands that never search never start a thread.
 */
export function sqliteReadPool(file: string, size = 1): ReadPool {
  type Pending = { resolve: (rows: unknown[]) => void; reject: (error: Error) => void };
  const threads: Array<{ worker: Worker; inFlight: number }> = [];
  const pending = new Map<number, Pending & { thread: (typeof threads)[number] }>();
  let nextId = 0;

  function start() {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./read-thread.mjs', import.meta.url), { workerData: { file } });
      const thread = { worker, inFlight: 0 };
      worker.on('message', (reply: { id: number; rows?: unknown[]; error?: string }) => {
        const p = pending.get(reply.id);
        if (!p) return;
        pending.delete(reply.id);
        if (--thread.inFlight === 0) worker.unref();
        if (reply.error !== undefined) p.reject(new Error(reply.error));
        else p.resolve(reply.rows ?? []);
      });
      worker.on('error', (error) => {
        for (const [id, p] of pending) {
          if (p.thread !== thread) continue;
          pending.delete(id);
          p.reject(error);
        }
      });
      worker.unref();
      threads.push(thread);
    }
  }

  return {
    all<Row>(sqlText: string, parameters: readonly unknown[]): Promise<Row[]> {
      if (threads.length === 0) start();
      const thread = threads.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
      const id = nextId++;
      // Referenced only while a query is in flight: idle threads never keep a process alive.
      if (thread.inFlight++ === 0) thread.worker.ref();
      return new Promise<Row[]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject, thread });
        thread.worker.postMessage({ id, sql: sqlText, parameters });
      });
    },
    async close() {
      await Promise.all(threads.splice(0).map((t) => t.worker.terminate()));
    },
  };
}
