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

  test('lang sets the language of a person\'s admin, audited; site goes back to SITE_LANG', async () => {
    await run('add', 'lena@example.com', '--role', 'editor');
    const set = await run('lang', 'Lena@Example.com', 'ru');
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /lena@example\.com: the admin speaks ru/);
    assert.match((await run('list')).stdout, /^lena@example\.com\teditor\tno password yet\t\S+\tru$/m);
    const row = () => database.db.selectFrom('users').select('lang').where('email', '=', 'lena@example.com').executeTakeFirstOrThrow();
    assert.equal((await row()).lang, 'ru');
    assert.equal((await run('lang', 'lena@example.com', 'site')).code, 0);
    assert.equal((await row()).lang, null);
    const bad = await run('lang', 'lena@example.com', 'de');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /must be one of: en, ru, site/);
    assert.equal((await run('lang', 'nobody@example.com', 'en')).code, 1);
    await assert.rejects(run('lang', 'lena@example.com'), /user lang needs an email and a language/);
    await assert.rejects(run('lang', 'lena@example.com', 'ru', 'extra'), /at most one email and one language/);
    const audit = await database.db.selectFrom('audit_log').select(['actor', 'details_json']).where('action', '=', 'user.language').orderBy('id').execute();
    assert.deepEqual(
      audit.map((a) => [a.actor, JSON.parse(a.details_json ?? 'null')]),
      [['cli', { lang: 'ru', was: 'site' }], ['cli', { lang: 'site', was: 'ru' }]],
    );
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
