import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { forEachEngine, secondConnection, type TestDatabase } from '../../test/support/engines';
import { LEASE_MS, MAX_ATTEMPTS, mailOutbox, retryDelayMs, type MailOutbox } from './outbox';

const T0 = new Date('2023-02-01T12:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const mail = (n: number | string) => ({ to: `reader${n}@example.com`, subject: `Mail ${n}`, text: `Open https://paddock.test/grand-prix/confirm?token=token-${n}` });

forEachEngine('mail outbox', (open) => {
  let database: TestDatabase;
  let outbox: MailOutbox;

  const rows = () => database.db.selectFrom('mail_outbox').selectAll().orderBy('id').execute();
  const enqueueAll = async (count: number, prefix = '') => {
    for (let i = 0; i < count; i++) await outbox.enqueue(database.db, mail(`${prefix}${i}`), T0);
  };

  before(async () => {
    database = await open();
    outbox = mailOutbox(database.db);
  });
  beforeEach(async () => {
    await database.db.deleteFrom('mail_outbox').execute();
  });
  after(async () => {
    await database.close();
  });

  test('mail queued in a transaction that rolls back is never queued', async () => {
    const refused = new Error('the entry was refused');
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await outbox.enqueue(trx, mail('rolled-back'), T0);
        throw refused;
      }),
      (error) => error === refused,
    );
    assert.deepEqual(await outbox.counts(), { waiting: 0, failed: 0 });
    assert.deepEqual(await outbox.claim(at(LEASE_MS * 10), 10), []);
  });

  test('mail queued in a transaction that commits is waiting, with its message intact', async () => {
    await database.db.transaction().execute((trx) => outbox.enqueue(trx, mail('committed'), T0));
    assert.deepEqual(await outbox.counts(), { waiting: 1, failed: 0 });
    const [claimed] = await outbox.claim(T0, 10);
    assert.ok(claimed);
    assert.deepEqual({ to: claimed.to, subject: claimed.subject, text: claimed.text, attempts: claimed.attempts }, { ...mail('committed'), attempts: 1 });
  });

  test('claim hands out due mail oldest first and leases it: a second claim gets none of the same', async () => {
    await enqueueAll(5);
    const first = await outbox.claim(T0, 3);
    assert.deepEqual(
      first.map((m) => m.subject),
      ['Mail 0', 'Mail 1', 'Mail 2'],
    );
    assert.ok(first.every((m) => m.attempts === 1));
    const second = await outbox.claim(T0, 10);
    assert.deepEqual(
      second.map((m) => m.subject),
      ['Mail 3', 'Mail 4'],
    );
    assert.deepEqual(await outbox.claim(at(1000), 10), [], 'everything is leased');
    // Leased mail is still waiting (not delivered, not given up).
    assert.deepEqual(await outbox.counts(), { waiting: 5, failed: 0 });
  });

  test('a lease that runs out (the deliverer died) offers the mail again', async () => {
    await enqueueAll(2);
    const first = await outbox.claim(T0, 10);
    assert.equal(first.length, 2);
    assert.deepEqual(await outbox.claim(at(LEASE_MS - 1), 10), [], 'still leased just before the lease ends');
    const again = await outbox.claim(at(LEASE_MS + 1), 10);
    assert.deepEqual(
      again.map((m) => m.id),
      first.map((m) => m.id),
    );
    assert.ok(again.every((m) => m.attempts === 2));
  });

  test('concurrent claims never hand out the same mail twice, and every mail is handed out exactly once', async () => {
    await enqueueAll(50);
    const ids = (await rows()).map((r) => r.id);
    const handedOut: number[] = [];
    for (let round = 0; round < 20; round++) {
      const claims = await Promise.all(Array.from({ length: 5 }, () => outbox.claim(T0, 10)));
      const got = claims.flat().map((m) => m.id);
      if (got.length === 0) break;
      handedOut.push(...got);
    }
    assert.equal(new Set(handedOut).size, handedOut.length, `a mail was handed out twice: ${handedOut.join(',')}`);
    assert.deepEqual(
      [...handedOut].sort((a, b) => a - b),
      ids,
    );
  });

  test('concurrent claims from two connections (two deliverers) never overlap', async () => {
    await enqueueAll(60);
    const ids = (await rows()).map((r) => r.id);
    const second = await secondConnection(database);
    try {
      const otherOutbox = mailOutbox(second.db);
      const handedOut: number[] = [];
      for (let round = 0; round < 20; round++) {
        const claims = await Promise.all([outbox.claim(T0, 7), otherOutbox.claim(T0, 7), outbox.claim(T0, 7), otherOutbox.claim(T0, 7)]);
        const got = claims.flat().map((m) => m.id);
        if (got.length === 0) break;
        handedOut.push(...got);
      }
      assert.equal(new Set(handedOut).size, handedOut.length, 'a mail was handed out twice');
      assert.deepEqual(
        [...handedOut].sort((a, b) => a - b),
        ids,
      );
    } finally {
      await second.close();
    }
  });

  test('a failed delivery is not due again until its retry time, then comes back with its attempt counted', async () => {
    await outbox.enqueue(database.db, mail('retry'), T0);
    const [first] = await outbox.claim(T0, 10);
    assert.ok(first);
    assert.equal(first.attempts, 1);
    await outbox.failed(first, 'mailbox unavailable', T0);

    const [row] = await rows();
    assert.equal(row!.last_error, 'mailbox unavailable', 'the operator sees why');
    assert.equal(row!.failed_at, null, 'one failure is not giving up');
    assert.deepEqual(await outbox.counts(), { waiting: 1, failed: 0 });

    assert.deepEqual(await outbox.claim(at(1000), 10), [], 'not due a second later');
    assert.deepEqual(await outbox.claim(at(retryDelayMs(1) - 1), 10), [], 'not due just before its retry time');
    const [again] = await outbox.claim(at(retryDelayMs(1) + 1), 10);
    assert.ok(again, 'due after its retry time');
    assert.equal(again.id, first.id);
    assert.equal(again.attempts, 2);
  });

  test('the wait between retries grows: the second failure waits longer than the first', async () => {
    await outbox.enqueue(database.db, mail('backoff'), T0);
    let now = T0;
    const [first] = await outbox.claim(now, 10);
    await outbox.failed(first!, 'try 1', now);
    now = at(retryDelayMs(1) + 1);
    const [second] = await outbox.claim(now, 10);
    assert.ok(second);
    await outbox.failed(second, 'try 2', now);
    assert.deepEqual(await outbox.claim(new Date(now.getTime() + retryDelayMs(1) + 1), 10), [], 'the first wait is no longer enough');
    assert.equal((await outbox.claim(new Date(now.getTime() + retryDelayMs(2) + 1), 10)).length, 1);
  });

  test(`after ${MAX_ATTEMPTS} failed deliveries the mail is given up: reported as failed and never claimed again`, async () => {
    await outbox.enqueue(database.db, mail('hopeless'), T0);
    await outbox.enqueue(database.db, mail('fine'), T0);
    let now = T0;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const claimed = await outbox.claim(now, 10);
      const hopeless = claimed.find((m) => m.to === mail('hopeless').to);
      assert.ok(hopeless, `attempt ${attempt} is offered`);
      assert.equal(hopeless.attempts, attempt);
      await outbox.failed(hopeless, `550 no such user (try ${attempt})`, now);
      // The other mail is delivered the first time; it never counts as failed.
      const fine = claimed.find((m) => m.to === mail('fine').to);
      if (fine) await outbox.delivered([fine.id]);
      if (attempt < MAX_ATTEMPTS) assert.deepEqual(await outbox.counts(), { waiting: 1, failed: 0 }, `after attempt ${attempt}`);
      now = new Date(now.getTime() + retryDelayMs(attempt) + LEASE_MS + 1);
    }
    assert.deepEqual(await outbox.counts(), { waiting: 0, failed: 1 });
    const [row] = await rows();
    assert.equal(row!.attempts, MAX_ATTEMPTS);
    assert.equal(row!.last_error, `550 no such user (try ${MAX_ATTEMPTS})`);
    assert.ok(row!.failed_at, 'kept, with when it was given up');
    // Never again, however long we wait.
    assert.deepEqual(await outbox.claim(new Date(now.getTime() + 365 * 24 * 3600_000), 10), []);
  });

  test(`a mail whose every delivery dies with its deliverer (no failure recorded) is given up after ${MAX_ATTEMPTS} leases`, async () => {
    await outbox.enqueue(database.db, mail('crasher'), T0);
    let now = T0;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      assert.equal((await outbox.claim(now, 10)).length, 1, `lease ${attempt}`);
      now = new Date(now.getTime() + LEASE_MS + 1); // the deliverer died: the lease runs out
    }
    assert.deepEqual(await outbox.claim(now, 10), [], 'not offered an eleventh time');
    assert.deepEqual(await outbox.counts(), { waiting: 0, failed: 1 });
  });

  test('a long error is kept, shortened, for the operator', async () => {
    await outbox.enqueue(database.db, mail('long'), T0);
    const [claimed] = await outbox.claim(T0, 10);
    await outbox.failed(claimed!, 'x'.repeat(5000), T0);
    const [row] = await rows();
    assert.ok(row!.last_error!.length > 0 && row!.last_error!.length <= 500);
  });

  test('delivered mail is deleted, and the confirmation link it held with it', async () => {
    await enqueueAll(3);
    const claimed = await outbox.claim(T0, 10);
    await outbox.delivered([claimed[0]!.id, claimed[2]!.id]);
    const left = await rows();
    assert.deepEqual(
      left.map((r) => r.id),
      [claimed[1]!.id],
    );
    const links = await database.db.selectFrom('mail_outbox').select('id').where('body_text', 'like', '%token-0%').execute();
    assert.deepEqual(links, [], 'the delivered link is no longer stored');
    await outbox.delivered([]); // nothing delivered: nothing happens
    assert.deepEqual(await outbox.counts(), { waiting: 1, failed: 0 });
    assert.deepEqual(await outbox.claim(at(LEASE_MS * 10), 10).then((m) => m.map((x) => x.id)), [claimed[1]!.id], 'delivered mail never comes back');
  });
});
