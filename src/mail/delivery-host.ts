import { Worker } from 'node:worker_threads';
import type { PaddockDb } from '../db/database';
import { mailDelivery, type DeliveryLog, type MailDelivery } from './delivery';
import type { Mailer, MailerOptions } from './mailer';
import { mailOutbox } from './outbox';

export interface ThreadData {
  entry: string;
  database: PaddockDb['connection'];
  mail: MailerOptions;
}
export type ThreadRequest = { type: 'nudge' } | { type: 'drain'; id: number } | { type: 'stop' };
export type ThreadReply = { type: 'ready' } | { type: 'drained'; id: number } | { type: 'log'; level: 'warn' | 'error'; details: object; message: string };

/**
 * Where queued mail gets delivered. `thread` (the server's default): a worker thread with its
 * own database connection, so the main thread only queues. `inline`: on the main thread (tests,
 * in-memory databases, or when the thread cannot start). Either way the same delivery code runs.
 */
export function startMailDelivery(options: { mode: 'thread' | 'inline'; database: PaddockDb; transport: Mailer; mail: MailerOptions; log: DeliveryLog }): MailDelivery {
  const inline = () => mailDelivery({ outbox: mailOutbox(options.database.db), transport: options.transport, log: options.log });
  // Another thread cannot open a private in-memory database.
  if (options.mode === 'inline' || options.database.connection.url.endsWith(':memory:')) return inline();

  const data: ThreadData = { entry: new URL('./delivery-thread.ts', import.meta.url).href, database: options.database.connection, mail: options.mail };
  const worker = new Worker(new URL('../db/ts-thread-boot.mjs', import.meta.url), { workerData: data });
  let fallback: MailDelivery | null = null;
  let nudgeScheduled = false;
  let nextDrainId = 0;
  const drains = new Map<number, () => void>();

  worker.on('message', (reply: ThreadReply) => {
    if (reply.type === 'log') options.log[reply.level](reply.details, reply.message);
    else if (reply.type === 'drained') {
      drains.get(reply.id)?.();
      drains.delete(reply.id);
    }
  });
  worker.on('error', (error) => {
    // Mail must still go out: deliver on the main thread from now on.
    options.log.error({ err: error.message }, 'mail thread failed: delivering mail on the main thread');
    fallback ??= inline();
    fallback.nudge();
    // Whoever waits for the thread's drain now waits for the main thread's.
    for (const resolve of drains.values()) void fallback.drain().then(resolve);
    drains.clear();
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  return {
    nudge() {
      if (fallback) return fallback.nudge();
      // Many requests finish per event-loop turn: one message to the thread covers them all.
      if (nudgeScheduled) return;
      nudgeScheduled = true;
      setImmediate(() => {
        nudgeScheduled = false;
        worker.postMessage({ type: 'nudge' } satisfies ThreadRequest);
      });
    },
    drain() {
      if (fallback) return fallback.drain();
      const id = nextDrainId++;
      return new Promise<void>((resolve) => {
        drains.set(id, resolve);
        worker.postMessage({ type: 'drain', id } satisfies ThreadRequest);
      });
    },
    async stop() {
      if (fallback) await fallback.stop();
      worker.postMessage({ type: 'stop' } satisfies ThreadRequest);
      await exited;
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Delivers queued mail; tests `drain()` it before reading the outbox. */
    mailDelivery: MailDelivery;
  }
}
