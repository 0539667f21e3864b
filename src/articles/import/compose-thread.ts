import { parentPort } from 'node:worker_threads';
import type { ComposedBody } from '../compose';
import { composeForImport, type ComposeInput } from './compose-pool';

// A compose thread of the import (compose-pool.ts): renders and summarizes the bodies it is sent.
parentPort!.on('message', ({ id, items }: { id: number; items: ComposeInput[] }) => {
  try {
    const out: ComposedBody[] = items.map(composeForImport);
    parentPort!.postMessage({ id, out });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
parentPort!.postMessage({ ready: true });
