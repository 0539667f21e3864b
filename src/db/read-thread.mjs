// A read-only SQLite connection on its own thread, for queries over the whole archive (search):
// better-sqlite3 is synchronous, so on the server's thread such a query would stall every
// other request until it finished. Plain JavaScript: it needs no TypeScript loader to start.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const handle = new SQLite(workerData.file, { readonly: true, fileMustExist: true });
handle.pragma('busy_timeout = 5000');
// As the main connection (db/database.ts): a 64 MB page cache.
handle.pragma('cache_size = -65536');
// The same Unicode lower() as the main connection (db/database.ts).
handle.function('lower', { deterministic: true }, (value) => (typeof value === 'string' ? value.toLowerCase() : value));
const statements = new Map();

parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= 200) statements.clear();
      statement = handle.prepare(sql);
      statements.set(sql, statement);
    }
    parentPort.postMessage({ id, rows: statement.all(...parameters) });
  } catch (error) {
    parentPort.postMessage({ id, error: error.message });
  }
});
