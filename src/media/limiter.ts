import { Refusal } from '../errors';

/**
 * Runs at most `concurrency` image jobs at once and queues at most `maxQueued` more. Decoding and
 * encoding run on libuv's thread pool, so the event loop stays free, but each job takes a core:
 * on a two-core machine one job at a time leaves the other core to answer requests. Past the
 * queue a job is refused (`media_busy`, 503) rather than held for minutes.
 */
export function createLimiter(concurrency: number, maxQueued: number) {
  let running = 0;
  const waiting: (() => void)[] = [];

  return {
    async run<T>(job: () => Promise<T>): Promise<T> {
      if (running >= concurrency) {
        if (waiting.length >= maxQueued) throw new Refusal('media_busy');
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else running++;
      try {
        return await job();
      } finally {
        // Hand the slot straight to the next job, or free it.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
    get pending() {
      return running + waiting.length;
    },
  };
}

export type Limiter = ReturnType<typeof createLimiter>;
