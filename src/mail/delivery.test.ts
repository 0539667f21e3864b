import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../app';
import { testConfig } from '../../test/support/app';
import { forEachEngine, secondConnection, type TestDatabase } from '../../test/support/engines';
import { DURING, confirmEntry, confirmationToken, importTestCampaign, outboxMessages, postEntry, tempOutbox, validEntry } from '../../test/support/grandprix';
import { mailDelivery, type DeliveryLog } from './delivery';
import { createMailer, type Mailer, type MailMessage } from './mailer';
import { mailOutbox, retryDelayMs, type MailOutbox } from './outbox';

const T0 = new Date('2023-02-01T12:00:00.000Z');
const FROM = 'Paddock <no-reply@paddock.test>';

const mail = (n: number | string): MailMessage => ({ to: `reader${n}@example.com`, subject: `Mail ${n}`, text: `Open https://paddock.test/grand-prix/confirm?token=token-${n}` });

const emlFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : []);

/** What the deliverer told the operator. */
function recordingLog() {
  const entries: Array<{ level: 'warn' | 'error'; details: object; message: string }> = [];
  const log: DeliveryLog = {
    warn: (details, message) => entries.push({ level: 'warn', details, message }),
    error: (details, message) => entries.push({ level: 'error', details, message }),
  };
  return { log, entries };
}

/**
 * The real file mailer, except that it refuses the addresses in `refused` (like an SMTP server
 * answering 550) and counts what it was asked to send.
 */
function flakyTransport(outboxDir: string) {
  const real = createMailer({ outboxDir, from: FROM });
  const refused = new Set<string>();
  const sent: string[] = [];
  const transport: Mailer = {
    async send(message) {
      if (refused.has(message.to)) throw new Error(`550 mailbox unavailable`);
      await real.send(message);
      sent.push(message.to);
    },
    close: () => real.close(),
  };
  return { transport, refused, sent };
}

forEachEngine('mail delivery', (open) => {
  let database: TestDatabase;
  let outbox: MailOutbox;
  let dir: string;
  let clock: Date;

  const queued = () => database.db.selectFrom('mail_outbox').selectAll().orderBy('id').execute();
  const enqueueAll = async (messages: MailMessage[]) => {
    for (const m of messages) await outbox.enqueue(database.db, m, clock);
  };

  before(async () => {
    database = await open();
    outbox = mailOutbox(database.db);
  });
  beforeEach(async () => {
    await database.db.deleteFrom('mail_outbox').execute();
    dir = tempOutbox();
    clock = T0;
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  after(async () => {
    await database.close();
  });

  test('queued mail ends up as .eml files after drain(), and the outbox is empty', async () => {
    const messages = [mail(1), mail(2), mail(3)];
    await enqueueAll(messages);
    const { log, entries } = recordingLog();
    const delivery = mailDelivery({ outbox, transport: createMailer({ outboxDir: dir, from: FROM }), log, now: () => clock, poll: false });
    try {
      await delivery.drain();
      assert.equal(emlFiles(dir).length, 3);
      for (const m of messages) {
        const [delivered, ...more] = outboxMessages(dir, m.to);
        assert.ok(delivered, `a mail to ${m.to}`);
        assert.equal(more.length, 0, `one mail to ${m.to}`);
        assert.match(delivered, new RegExp(`^Subject: ${m.subject}`, 'm'));
        assert.match(delivered, /^From: Paddock <no-reply@paddock\.test>/m);
        assert.ok(delivered.includes(m.text), 'the body with its link');
      }
      assert.deepEqual(await queued(), [], 'delivered mail is gone from the database');
      assert.deepEqual(entries, [], 'nothing to warn about');
      // Draining again sends nothing twice.
      await delivery.drain();
      assert.equal(emlFiles(dir).length, 3);
    } finally {
      await delivery.stop();
    }
  });

  test('a mail the transport refuses stays queued with its error; the others are delivered; it goes out on a later drain once due', async () => {
    const messages = [mail('a'), mail('bad'), mail('c')];
    await enqueueAll(messages);
    const { transport, refused, sent } = flakyTransport(dir);
    refused.add(mail('bad').to);
    const { log, entries } = recordingLog();
    const delivery = mailDelivery({ outbox, transport, log, now: () => clock, poll: false });
    try {
      await delivery.drain();
      assert.deepEqual(sent.sort(), [mail('a').to, mail('c').to]);
      assert.equal(outboxMessages(dir, mail('bad').to).length, 0);
      const [left, ...others] = await queued();
      assert.equal(others.length, 0, 'only the refused mail is left');
      assert.equal(left!.to_address, mail('bad').to);
      assert.equal(left!.attempts, 1);
      assert.equal(left!.last_error, '550 mailbox unavailable');
      assert.equal(left!.failed_at, null);
      assert.deepEqual(await outbox.counts(), { waiting: 1, failed: 0 });

      // The operator hears about it, without the address or the link.
      const warnings = entries.filter((e) => e.level === 'warn');
      assert.equal(warnings.length, 1);
      const logged = JSON.stringify(warnings[0]);
      assert.match(logged, /550 mailbox unavailable/);
      assert.ok(!logged.includes(mail('bad').to), 'the address is not logged');
      assert.ok(!logged.includes('token-bad'), 'the link is not logged');

      // The server is back, but the retry is not due yet: nothing is sent.
      refused.clear();
      clock = new Date(T0.getTime() + 1000);
      await delivery.drain();
      assert.equal(outboxMessages(dir, mail('bad').to).length, 0, 'not before its retry time');

      clock = new Date(T0.getTime() + retryDelayMs(1) + 1);
      await delivery.drain();
      assert.equal(outboxMessages(dir, mail('bad').to).length, 1, 'delivered once due');
      assert.deepEqual(await queued(), []);
      assert.equal(emlFiles(dir).length, 3, 'the others were not sent again');
    } finally {
      await delivery.stop();
    }
  });

  for (const count of [150, 64]) {
    test(`${count} mails (the batch is 64) are all delivered by one drain()`, async () => {
      await enqueueAll(Array.from({ length: count }, (_, i) => mail(i)));
      const delivery = mailDelivery({ outbox, transport: createMailer({ outboxDir: dir, from: FROM }), log: recordingLog().log, now: () => clock, poll: false });
      try {
        await delivery.drain();
        assert.equal(emlFiles(dir).length, count);
        assert.deepEqual(await queued(), []);
      } finally {
        await delivery.stop();
      }
    });
  }

  test('the deliverer vacuums the outbox every so many mails: on PostgreSQL the pages the delivered mails held are given back', async () => {
    const sizeOnDisk = async () => (database.caps.engine === 'postgres' ? Number((await sql<{ n: string }>`select pg_relation_size('mail_outbox') as n`.execute(database.db)).rows[0]!.n) : null);
    let reclaims = 0;
    const counted: MailOutbox = { ...outbox, reclaim: async () => (reclaims++, outbox.reclaim()) };
    const delivery = mailDelivery({ outbox: counted, transport: createMailer({ outboxDir: dir, from: FROM }), log: recordingLog().log, now: () => clock, poll: false, reclaimEvery: 100 });
    try {
      await enqueueAll(Array.from({ length: 150 }, (_, i) => mail(`vacuum-${i}`)));
      const before = await sizeOnDisk();
      await delivery.drain();
      assert.equal(reclaims, 1, 'after the batch (of 64) that passed 100 mails; the 22 after it count towards the next');
      assert.equal(emlFiles(dir).length, 150);
      if (before !== null) {
        assert.ok(before > 0, 'the queued mails take pages');
        await enqueueAll(Array.from({ length: 80 }, (_, i) => mail(`vacuum-more-${i}`)));
        await delivery.drain();
        assert.equal(reclaims, 2);
        // Every mail delivered and deleted, then vacuumed: the empty pages at the end are truncated.
        assert.equal(await sizeOnDisk(), 0);
      }
    } finally {
      await delivery.stop();
    }
  });

  test('a full batch with a refused mail in it: the rest of the outbox is still delivered by the same drain()', async () => {
    const messages = Array.from({ length: 100 }, (_, i) => mail(i));
    await enqueueAll(messages);
    const { transport, refused } = flakyTransport(dir);
    refused.add(mail(5).to);
    const { log } = recordingLog();
    const delivery = mailDelivery({ outbox, transport, log, now: () => clock, poll: false });
    try {
      await delivery.drain();
      assert.equal(emlFiles(dir).length, 99);
      assert.deepEqual(
        (await queued()).map((r) => r.to_address),
        [mail(5).to],
      );
    } finally {
      await delivery.stop();
    }
  });

  test('mail queued while a drain runs is delivered by a drain() called meanwhile', async () => {
    await enqueueAll([mail('early')]);
    const { log } = recordingLog();
    const real = createMailer({ outboxDir: dir, from: FROM });
    let queueMore: (() => Promise<void>) | null = async () => {
      await enqueueAll([mail('late')]);
    };
    let second: Promise<void> | null = null;
    const transport: Mailer = {
      async send(message) {
        await real.send(message);
        // While the first round delivers, another request queues mail and asks for a drain.
        if (queueMore) {
          const queue = queueMore;
          queueMore = null;
          await queue();
          second = delivery.drain();
        }
      },
      close: () => undefined,
    };
    const delivery = mailDelivery({ outbox, transport, log, now: () => clock, poll: false });
    try {
      await delivery.drain();
      assert.ok(second, 'the second drain was requested');
      await second;
      assert.equal(outboxMessages(dir, mail('early').to).length, 1);
      assert.equal(outboxMessages(dir, mail('late').to).length, 1);
      assert.deepEqual(await queued(), []);
    } finally {
      await delivery.stop();
    }
  });

  test('two deliverers on the same database (two servers) deliver each mail exactly once', async () => {
    const messages = Array.from({ length: 120 }, (_, i) => mail(i));
    await enqueueAll(messages);
    const second = await secondConnection(database);
    const { log, entries } = recordingLog();
    const one = mailDelivery({ outbox, transport: createMailer({ outboxDir: dir, from: FROM }), log, now: () => clock, poll: false });
    const two = mailDelivery({ outbox: mailOutbox(second.db), transport: createMailer({ outboxDir: dir, from: FROM }), log, now: () => clock, poll: false });
    try {
      await Promise.all([one.drain(), two.drain()]);
      assert.deepEqual(entries, []);
      assert.equal(emlFiles(dir).length, 120);
      for (const m of messages) assert.equal(outboxMessages(dir, m.to).length, 1, m.to);
      assert.deepEqual(await queued(), []);
    } finally {
      await one.stop();
      await two.stop();
      await second.close();
    }
  });

  test('mail committed just after a round last looked is delivered by the drain() its nudge starts, however late the nudge lands', async () => {
    // The request's mail commits right after the deliverer found the outbox empty; its nudge
    // follows a few microtasks later, which may be just as the round is ending.
    for (let hops = 0; hops < 12; hops++) {
      await database.db.deleteFrom('mail_outbox').execute();
      let armed = true;
      let late: Promise<void> | null = null;
      const watched: MailOutbox = {
        ...outbox,
        async claim(now, limit) {
          const claimed = await outbox.claim(now, limit);
          if (armed && claimed.length === 0) {
            armed = false;
            await outbox.enqueue(database.db, mail(`late-${hops}`), clock);
            let nudge = Promise.resolve();
            for (let i = 0; i < hops; i++) nudge = nudge.then(() => undefined);
            void nudge.then(() => (late = delivery.drain()));
          }
          return claimed;
        },
      };
      const delivery = mailDelivery({ outbox: watched, transport: createMailer({ outboxDir: dir, from: FROM }), log: recordingLog().log, now: () => clock, poll: false });
      try {
        await delivery.drain();
        while (!late) await new Promise((resolve) => setImmediate(resolve));
        await late;
        assert.deepEqual(await queued(), [], `nudge ${hops} microtasks late: nothing left queued`);
      } finally {
        await delivery.stop();
      }
    }
  });

  test('after stop(), drain() delivers nothing more and the mail stays queued for the next start', async () => {
    const { log } = recordingLog();
    const delivery = mailDelivery({ outbox, transport: createMailer({ outboxDir: dir, from: FROM }), log, now: () => clock, poll: false });
    await delivery.stop();
    await enqueueAll([mail('after-stop')]);
    await delivery.drain();
    assert.equal(emlFiles(dir).length, 0);
    assert.equal((await queued()).length, 1, 'still queued, not lost');
    const next = mailDelivery({ outbox, transport: createMailer({ outboxDir: dir, from: FROM }), log, now: () => clock, poll: false });
    try {
      await next.drain();
      assert.equal(outboxMessages(dir, mail('after-stop').to).length, 1);
    } finally {
      await next.stop();
    }
  });
});

/** The server's own delivery: the mail thread, on its own connection to the database (an SQLite file, or PostgreSQL). */
forEachEngine('mail delivery in the server (mail thread)', (open) => {
  let database: TestDatabase;
  let dir: string;
  /** Mail the main thread was asked to send: none, when the mail thread does the delivering. */
  let mainThreadSends: string[];

  beforeEach(async () => {
    database = await open();
    await importTestCampaign(database.db);
    dir = tempOutbox();
    mainThreadSends = [];
  });
  afterEach(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** buildTestApp, plus a main-thread mailer that refuses: only the mail thread's own mailer can write the outbox. */
  const startApp = () =>
    buildApp({
      config: testConfig({ MAIL_OUTBOX: dir, MAIL_DELIVERY: 'thread', ENTRY_RATE_LIMIT: '0' }),
      database,
      logger: false,
      now: () => DURING,
      mailer: {
        async send(message) {
          mainThreadSends.push(message.to);
          throw new Error('this mail was sent from the main thread');
        },
        close: () => undefined,
      },
    });

  test('a submitted entry gets its confirmation mail from the mail thread; the link works; close() stops the thread', { timeout: 60_000 }, async () => {
    const app = await startApp();
    let closed = false;
    try {
      const res = await postEntry(app, validEntry({ email: 'thread.reader@example.com' }));
      assert.equal(res.statusCode, 202);
      await app.mailDelivery.drain();
      const mails = outboxMessages(dir, 'thread.reader@example.com');
      assert.equal(mails.length, 1);
      assert.match(mails[0]!, /confirm\?token=/);
      assert.deepEqual(await database.db.selectFrom('mail_outbox').selectAll().execute(), [], 'delivered mail is gone from the database');
      assert.deepEqual(mainThreadSends, [], 'written by the mail thread, not the main thread');

      // The link in the delivered mail confirms the entry, and the receipt goes out the same way.
      const token = await confirmationToken(app, dir, 'thread.reader@example.com');
      const confirmed = await confirmEntry(app, token);
      assert.equal(confirmed.statusCode, 200);
      const code: string = confirmed.json().entry_code;
      await app.mailDelivery.drain();
      assert.ok(
        outboxMessages(dir, 'thread.reader@example.com').some((m) => m.includes(code)),
        'the receipt mail holds the entry code',
      );

      await app.close();
      closed = true;
    } finally {
      if (!closed) await app.close();
    }
    // The thread let go of the database: it can be closed and removed (afterEach) and used again.
    assert.deepEqual(await database.db.selectFrom('mail_outbox').selectAll().execute(), []);
  });

  test('many entries at once each get exactly one confirmation mail', { timeout: 60_000 }, async () => {
    const app = await startApp();
    try {
      const emails = Array.from({ length: 40 }, (_, i) => `reader.${i}@example.com`);
      const responses = await Promise.all(emails.map((email) => postEntry(app, validEntry({ email }))));
      assert.deepEqual(
        responses.map((r) => r.statusCode),
        emails.map(() => 202),
      );
      await app.mailDelivery.drain();
      for (const email of emails) assert.equal(outboxMessages(dir, email).length, 1, email);
      assert.equal(emlFiles(dir).length, 40);
      assert.deepEqual(mainThreadSends, []);
    } finally {
      await app.close();
    }
  });

  test('mail queued before a restart is delivered by the next server on the same database', { timeout: 60_000 }, async () => {
    await mailOutbox(database.db).enqueue(database.db, { to: 'left.over@example.com', subject: 'Confirm your entry', text: 'Open https://paddock.test/grand-prix/confirm?token=left-over' }, DURING);
    const app = await startApp();
    try {
      await app.mailDelivery.drain();
      const mails = outboxMessages(dir, 'left.over@example.com');
      assert.equal(mails.length, 1);
      assert.match(mails[0]!, /token=3D?left-over|token=left-over/);
      assert.deepEqual(mainThreadSends, []);
      assert.deepEqual(await database.db.selectFrom('mail_outbox').selectAll().execute(), []);
    } finally {
      await app.close();
    }
  });

  test('a server closed right after start still stops cleanly, and its queued mail survives for the next one', { timeout: 60_000 }, async () => {
    const first = await startApp();
    await first.close();
    await mailOutbox(database.db).enqueue(database.db, mail('between'), DURING);
    assert.equal(emlFiles(dir).length, 0);
    const second = await startApp();
    try {
      await second.mailDelivery.drain();
      assert.equal(outboxMessages(dir, mail('between').to).length, 1);
    } finally {
      await second.close();
    }
  });
});
