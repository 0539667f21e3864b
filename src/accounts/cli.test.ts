import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { captureIo } from '../../test/support/capture-io';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { runUserCommand, UserUsageError } from './cli';

forEachEngine('paddock user', (open) => {
  let database: TestDatabase;
  before(async () => {
    database = await open();
  });
  after(async () => database.close());
  const run = async (...args: string[]) => {
    const c = captureIo();
    const code = await runUserCommand(database.db, args, c.io, { siteUrl: 'https://paddock.example' });
    return { code, stdout: c.stdout(), stderr: c.stderr() };
  };

  test('add prints a one-time set-password link and stores no password; list and disable', async () => {
    const added = await run('add', 'Chief@Example.com', '--role', 'admin');
    assert.equal(added.code, 0);
    assert.match(added.stdout, /added chief@example\.com \(admin\)/);
    assert.match(added.stdout, /https:\/\/paddock\.example\/admin\/set-password\?token=[\w-]{43}\n/);
    const row = await database.db.selectFrom('users').selectAll().where('email', '=', 'chief@example.com').executeTakeFirstOrThrow();
    assert.equal(row.password_hash, null);

    const list = await run('list');
    assert.match(list.stdout, /^chief@example\.com\tadmin\tno password yet\t/m);
    const dup = await run('add', 'chief@example.com', '--role', 'editor');
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /already an account/);

    assert.equal((await run('disable', 'chief@example.com')).code, 0);
    assert.match((await run('list')).stdout, /chief@example\.com\tadmin\tdisabled/);
    assert.equal((await run('disable', 'nobody@example.com')).code, 1);
    const audit = await database.db.selectFrom('audit_log').select(['actor', 'action']).execute();
    assert.deepEqual(audit.map((a) => `${a.actor} ${a.action}`), ['cli user.add', 'cli user.disable']);
  });

  test('mistakes in the command are usage errors', async () => {
    await assert.rejects(run('add', 'x@example.com'), UserUsageError);
    await assert.rejects(run('add', 'x@example.com', '--role', 'root'), /--role contributor\|editor\|admin/);
    await assert.rejects(run('add', 'x@example.com', '--role', 'editor', '--password', 'secret'), /Unknown option '--password'/);
    await assert.rejects(run('frob'), /unknown user subcommand "frob"/);
    await assert.rejects(run(), /needs a subcommand/);
    const bad = await run('add', 'not-an-email', '--role', 'editor');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /is not an email address/);
  });
});
