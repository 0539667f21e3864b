/**
 * The server's background thread, on its own database connection: it delivers the mail outbox
 * and checkpoints SQLite's write-ahead log, so neither holds up requests on the main thread.
 * Started by mail/delivery-host.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startWalCheckpoints } from '../db/checkpoint';
import { createDatabase } from '../db/database';
import { mailDelivery } from './delivery';
import { createMailer } from './mailer';
import { mailOutbox } from './outbox';
import type { ThreadData, ThreadReply, ThreadRequest } from './delivery-host';

const data = workerData as ThreadData;
const port = parentPort!;
const post = (reply: ThreadReply) => port.postMessage(reply);

const database = await createDatabase(data.database.url, data.database.options);
const transport = createMailer(data.mail);
const delivery = mailDelivery({
  outbox: mailOutbox(database.db),
  transport,
  log: {
    warn: (details, message) => post({ type: 'log', level: 'warn', details, message }),
    error: (details, message) => post({ type: 'log', level: 'error', details, message }),
  },
});

const stopCheckpoints = startWalCheckpoints(database, (error) =>
  post({ type: 'log', level: 'warn', details: { err: error instanceof Error ? error.message : String(error) }, message: 'WAL checkpoint failed: retrying in a second' }),
);

port.on('message', (request: ThreadRequest) => {
  if (request.type === 'nudge') delivery.nudge();
  else if (request.type === 'drain') void delivery.drain().then(() => post({ type: 'drained', id: request.id }));
  else if (request.type === 'stop') {
    stopCheckpoints();
    void delivery
      .stop()
      .then(() => database.close())
      .then(() => {
        transport.close();
        port.close();
      });
  }
});
post({ type: 'ready' });
delivery.nudge(); // mail left over from before a restart
