import { parentPort } from 'node:worker_threads';
import { composeBody, type ComposedBody } from '../compose';

// A compose thread of the import (compose-pool.ts): renders and summarizes the bodies it is sent.
parentPort!.on('message', ({ id, items }: { id: number; items: Array<{ bodyMd: string; title: string }> }) => {
  try {
    const out: ComposedBody[] = items.map((i) => composeBody(i.bodyMd, i.title));
    parentPort!.postMessage({ id, out });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
parentPort!.postMessage({ ready: true });
