import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { Transaction } from 'kysely';
import { forEachEngine, secondConnection, type TestDatabase } from '../../test/support/engines';
import type { PaddockDb } from './database';
import { groupCommit, type GroupCommit } from './group-commit';
import type { Database } from './schema';

const SCOPE = 'group-commit-test';
const AT = '2023-02-01T12:00:00.000Z';

/** A small write with a unique key: idempotency_keys has primary key (scope, key). */
const insertKey = (trx: Transaction<Database>, key: string) =>
  trx.insertInto('idempotency_keys').values({ scope: SCOPE, key, request_hash: 'h', status_code: 202, response_json: '{}', created_at: AT }).execute();

/** A promise resolved from outside, to hold a work in the middle of its commit. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

forEachEngine('group commit', (open) => {
  let database: TestDatabase;
  /** A second connection to the same database: what another request (or instance) sees. */
  let other: PaddockDb;
  let commits: GroupCommit;

  /** The keys stored, as another connection reads them (only committed rows). */
  const storedKeys = async (via: PaddockDb = other) =>
    (await via.db.selectFrom('idempotency_keys').select('key').where('scope', '=', SCOPE).orderBy('key').execute()).map((r) => r.key);

  before(async () => {
    database = await open();
    other = await secondConnection(database);
    commits = groupCommit(database.db);
  });
  beforeEach(async () => {
    await database.db.deleteFrom('idempotency_keys').execute();
  });
  after(async () => {
    await other.close();
    await database.close();
  });

  test('works started in the same tick all commit, and each is visible to others once it resolves', async () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const visibleOnResolve = new Map<string, boolean>();
    const values = await Promise.all(
      keys.map((key) =>
        commits
          .run(async (trx) => {
            await insertKey(trx, key);
            return `value-${key}`;
          })
          .then(async (value) => {
            // Acknowledged means committed: another connection already reads the row.
            visibleOnResolve.set(key, (await storedKeys()).includes(key));
            return value;
          }),
      ),
    );
    assert.deepEqual(values, ['value-a', 'value-b', 'value-c', 'value-d', 'value-e']);
    assert.deepEqual(Object.fromEntries(visibleOnResolve), { a: true, b: true, c: true, d: true, e: true });
    assert.deepEqual(await storedKeys(), keys);
  });

  test('more works than one batch holds all commit and resolve with their own values', async () => {
    const keys = Array.from({ length: 150 }, (_, i) => `k${String(i).padStart(3, '0')}`);
    const values = await Promise.all(
      keys.map((key, i) =>
        commits.run(async (trx) => {
          await insertKey(trx, key);
          return i;
        }),
      ),
    );
    assert.deepEqual(values, keys.map((_, i) => i));
    assert.deepEqual(await storedKeys(), keys);
  });

  test('a work that throws is rolled back alone and rejects with its own error; the rest of its batch commits', async () => {
    const boom = new Error('the entry was refused');
    const results = await Promise.allSettled([
      commits.run(async (trx) => {
        await insertKey(trx, 'before');
        return 'first';
      }),
      commits.run(async (trx) => {
        await insertKey(trx, 'thrower');
        throw boom;
      }),
      commits.run(async (trx) => {
        await insertKey(trx, 'after');
        return 'third';
      }),
    ]);
    assert.deepEqual(results[0], { status: 'fulfilled', value: 'first' });
    assert.equal(results[1]!.status, 'rejected');
    assert.equal((results[1] as PromiseRejectedResult).reason, boom, 'the caller gets exactly the error its work threw');
    assert.deepEqual(results[2], { status: 'fulfilled', value: 'third' });
    assert.deepEqual(await storedKeys(), ['after', 'before'], 'the throwing work left nothing behind');
  });

  test('a unique-constraint violation rolls back only the work that hit it; works after it in the batch still commit', async () => {
    await commits.run((trx) => insertKey(trx, 'taken'));
    const results = await Promise.allSettled([
      commits.run(async (trx) => {
        await insertKey(trx, 'one');
        return 1;
      }),
      commits.run(async (trx) => {
        await insertKey(trx, 'own-row-of-the-failing-work');
        await insertKey(trx, 'taken'); // duplicate (scope, key)
        return 2;
      }),
      commits.run(async (trx) => {
        // On PostgreSQL this only works if the failed work was rolled back to its savepoint.
        await insertKey(trx, 'three');
        return 3;
      }),
      commits.run(async (trx) => {
        await insertKey(trx, 'four');
        return 4;
      }),
    ]);
    assert.deepEqual(results[0], { status: 'fulfilled', value: 1 });
    assert.equal(results[1]!.status, 'rejected');
    assert.match(String((results[1] as PromiseRejectedResult).reason), /unique|duplicate|constraint/i);
    assert.deepEqual(results[2], { status: 'fulfilled', value: 3 });
    assert.deepEqual(results[3], { status: 'fulfilled', value: 4 });
    assert.deepEqual(await storedKeys(), ['four', 'one', 'taken', 'three']);
  });

  test('two failing works in one batch each reject alone', async () => {
    const results = await Promise.allSettled([
      commits.run(async (trx) => {
        await insertKey(trx, 'x');
        await insertKey(trx, 'x');
      }),
      commits.run((trx) => insertKey(trx, 'ok-1')),
      commits.run(async (trx) => {
        await insertKey(trx, 'y');
        throw new Error('second failure');
      }),
      commits.run((trx) => insertKey(trx, 'ok-2')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'fulfilled', 'rejected', 'fulfilled'],
    );
    assert.equal((results[2] as PromiseRejectedResult).reason.message, 'second failure');
    assert.deepEqual(await storedKeys(), ['ok-1', 'ok-2']);
  });

  test('a work queued while a batch is committing still runs and commits', async () => {
    const held = gate();
    const started = gate();
    const first = commits.run(async (trx) => {
      await insertKey(trx, 'first');
      started.open();
      await held.opened; // the batch is in progress until the test lets it go
      return 'first';
    });
    await started.opened;
    const second = commits.run(async (trx) => {
      await insertKey(trx, 'second');
      return 'second';
    });
    held.open();
    assert.equal(await first, 'first');
    assert.equal(await second, 'second');
    assert.deepEqual(await storedKeys(), ['first', 'second']);
    // And the queue keeps working afterwards.
    assert.equal(await commits.run(async (trx) => (await insertKey(trx, 'third'), 'third')), 'third');
    assert.deepEqual(await storedKeys(), ['first', 'second', 'third']);
  });

  test('a failure in one batch does not stop the works queued behind it', async () => {
    const held = gate();
    const started = gate();
    const boom = new Error('refused while others wait');
    const first = commits.run(async (trx) => {
      await insertKey(trx, 'held');
      started.open();
      await held.opened;
      throw boom;
    });
    await started.opened;
    const queued = [commits.run((trx) => insertKey(trx, 'q1')), commits.run((trx) => insertKey(trx, 'q2'))];
    held.open();
    await assert.rejects(first, (error) => error === boom);
    await Promise.all(queued);
    assert.deepEqual(await storedKeys(), ['q1', 'q2']);
  });

  test('works see what earlier works in their own batch wrote', async () => {
    const [, count] = await Promise.all([
      commits.run((trx) => insertKey(trx, 'p')),
      commits.run(async (trx) => {
        const rows = await trx.selectFrom('idempotency_keys').select('key').where('scope', '=', SCOPE).execute();
        return rows.length;
      }),
    ]);
    // Either the read ran after the insert in the same transaction, or in a later commit: it sees it.
    assert.equal(count, 1);
  });

  test('a before-commit step asked for by every work of a batch runs once, after them all', async () => {
    const order: string[] = [];
    const keys = ['s1', 's2', 's3', 's4'];
    await Promise.all(
      keys.map((key) =>
        commits.run(async (trx, batch) => {
          await insertKey(trx, key);
          order.push(key);
          await batch.beforeCommit('tally', async (t) => {
            order.push('tally');
            await insertKey(t, `tally-${order.filter((o) => o === 'tally').length}`);
          });
        }),
      ),
    );
    // One batch (same tick): the step ran once, after every work.
    assert.deepEqual(order, [...keys, 'tally']);
    assert.deepEqual(await storedKeys(), ['s1', 's2', 's3', 's4', 'tally-1']);
  });

  test('a before-commit step that refuses rolls back only the works whose own step refuses', async () => {
    // The step refuses for works of "closed" (as a confirmation is refused once the draw's list is frozen).
    const closed = new Set(['c']);
    const outcomes = await Promise.allSettled(
      ['a:x1', 'c:x2', 'a:x3'].map((job) =>
        commits.run(async (trx, batch) => {
          const [group, key] = job.split(':') as [string, string];
          await insertKey(trx, key);
          await batch.beforeCommit(`group:${group}`, async () => {
            if (closed.has(group)) throw new Error(`${group} is closed`);
          });
          return key;
        }),
      ),
    );
    assert.deepEqual(
      outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message)),
      ['x1', 'c is closed', 'x3'],
    );
    assert.deepEqual(await storedKeys(), ['x1', 'x3']);
  });

  /** One statement for many keys, as the entries' hot writes are (entries-repository upsertPendingAll). */
  const insertKeys = async (trx: Transaction<Database>, keys: string[]) => {
    await trx
      .insertInto('idempotency_keys')
      .values(keys.map((key) => ({ scope: SCOPE, key, request_hash: 'h', status_code: 202, response_json: '{}', created_at: AT })))
      .execute();
    return keys.map((key) => `stored ${key}`);
  };

  test('a shared statement runs once for every work of a batch that asks for it, and each work gets its own result', async () => {
    const statements: string[][] = [];
    const keys = ['m1', 'm2', 'm3', 'm4', 'm5'];
    const values = await Promise.all(
      keys.map((key) =>
        commits.run(async (_trx, batch) => {
          const stored = await batch.shared('keys', key, (t, items: string[]) => (statements.push(items), insertKeys(t, items)));
          return `${stored}, then went on`;
        }),
      ),
    );
    assert.deepEqual(statements, [keys], 'one statement for the five works of the batch');
    assert.deepEqual(values, keys.map((key) => `stored ${key}, then went on`));
    assert.deepEqual(await storedKeys(), keys);
  });

  test('a work that fails after its shared statement is rolled back alone: the batch is replayed, each work running the statement for itself', async () => {
    const statements: string[][] = [];
    const results = await Promise.allSettled(
      ['n1', 'n2', 'n3'].map((key) =>
        commits.run(async (_trx, batch) => {
          await batch.shared('keys', key, (t, items: string[]) => (statements.push(items), insertKeys(t, items)));
          if (key === 'n2') throw new Error('n2 is refused after its write');
          return key;
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['n1', 'n2 is refused after its write', 'n3'],
    );
    assert.deepEqual(statements, [['n1', 'n2', 'n3'], ['n1'], ['n2'], ['n3']]);
    assert.deepEqual(await storedKeys(), ['n1', 'n3'], 'the refused work left nothing behind');
  });

  test('a shared statement that fails for one item is replayed item by item, and only that item\'s work is refused', async () => {
    await commits.run((trx) => insertKey(trx, 'held'));
    const results = await Promise.allSettled(
      ['o1', 'held', 'o3'].map((key) => commits.run(async (_trx, batch) => batch.shared('keys', key, insertKeys))),
    );
    assert.deepEqual(results[0], { status: 'fulfilled', value: 'stored o1' });
    assert.match(String((results[1] as PromiseRejectedResult).reason), /unique|duplicate|constraint/i);
    assert.deepEqual(results[2], { status: 'fulfilled', value: 'stored o3' });
    assert.deepEqual(await storedKeys(), ['held', 'o1', 'o3']);
  });

  test('rows gathered by every work of a batch are written in one statement before the commit', async () => {
    const statements: string[][] = [];
    const keys = ['g1', 'g2', 'g3'];
    await Promise.all(
      keys.map((key) =>
        commits.run(async (trx, batch) => {
          await batch.gather('keys', key, async (t, items: string[]) => {
            statements.push(items);
            await insertKeys(t, items);
          });
          // Not written yet: the batch writes what it gathered after its works.
          return (await trx.selectFrom('idempotency_keys').select('key').where('key', '=', key).execute()).length;
        }),
      ),
    ).then((seen) => assert.deepEqual(seen, [0, 0, 0]));
    assert.deepEqual(statements, [keys]);
    assert.deepEqual(await storedKeys(), keys);
  });

  test('with several batches in flight every work commits once, each batch on its own connection', async () => {
    // SQLite has one connection: batches then simply take turns, and the outcome is the same.
    const wide = groupCommit(database.db, { inFlight: 3 });
    const keys = Array.from({ length: 300 }, (_, i) => `w${String(i).padStart(3, '0')}`);
    const held = gate();
    const first = wide.run(async (trx) => {
      await insertKey(trx, 'first');
      await held.opened;
    });
    // Queued behind a batch that is held open: they start as further batches meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
    const rest = keys.map((key) => wide.run((trx) => insertKey(trx, key)));
    held.open();
    await Promise.all([first, ...rest]);
    assert.deepEqual(await storedKeys(), [...keys, 'first'].sort());
  });
});
