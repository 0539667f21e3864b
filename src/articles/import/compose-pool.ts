import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { composeBody, type ComposedBody } from '../compose';

/** Renders and summarizes article bodies: the import's CPU-heavy step. */
export interface Composer {
  compose(items: Array<{ bodyMd: string; title: string }>): Promise<ComposedBody[]>;
  close(): Promise<void>;
}

export const inlineComposer: Composer = {
  compose: async (items) => items.map((i) => composeBody(i.bodyMd, i.title)),
  close: async () => {},
};

/**
 * Composes on worker threads, one per core, while the main thread parses and writes: a batch is
 * split across the threads and the next batch composes while the previous one is stored.
 */
export function threadComposer(size = os.availableParallelism()): Composer {
  const entry = new URL('./compose-thread.ts', import.meta.url).href;
  const waiting = new Map<number, { resolve: (out: ComposedBody[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const workers = Array.from({ length: Math.max(1, size) }, () => {
    const worker = new Worker(new URL('../../db/ts-thread-boot.mjs', import.meta.url), { workerData: { entry } });
    worker.on('message', (m: { id?: number; out?: ComposedBody[]; error?: string }) => {
      if (m.id === undefined) return;
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.out ?? []);
    });
    worker.on('error', (error) => {
      for (const w of waiting.values()) w.reject(error);
      waiting.clear();
    });
    return worker;
  });
  const send = (worker: Worker, items: Array<{ bodyMd: string; title: string }>) =>
    new Promise<ComposedBody[]>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, items });
    });
  return {
    async compose(items) {
      const share = Math.ceil(items.length / workers.length);
      const parts = await Promise.all(workers.map((w, i) => send(w, items.slice(i * share, (i + 1) * share))));
      return parts.flat();
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
