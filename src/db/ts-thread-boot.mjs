// Boots a worker thread whose code is TypeScript (the mail thread, the import's compose threads):
// A worker thread does not inherit the TypeScript loader the main thread was started with
// (`tsx` on the command line or `register()` in bin/paddock.js), so it registers its own.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
