// One path for every change: the same disqualification, erasure and CSVs from the command line
// and from /admin, each with its audit record.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, createUser, TEST_PASSWORD } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { captureIo } from '../../test/support/capture-io';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { confirmedEntry, DURING, importTestCampaign, tempOutbox } from '../../test/support/grandprix';
import { runCampaignCommand, runEntrantCommand } from './cli';

forEachEngine('entrant actions from the CLI and the admin', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: Agent;
  const codes: string[] = [];
  const campaign = (argv: string[]) => {
    const capture = captureIo();
    return runCampaignCommand(database.db, argv, capture.io, DURING).then((status) => ({ status, ...capture }));
  };

  before(async () => {
    database = await open();
    await importTestCampaign(database.db);
    await createUser(database.db, 'boss@example.com', 'admin');
    const outbox = tempOutbox();
    app = await buildTestApp(database, { now: () => DURING, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
    for (let i = 0; i < 3; i++) codes.push(await confirmedEntry(app, outbox, 'test-prix', `voter${i}@example.com`));
    admin = new Agent(app);
    await admin.login('boss@example.com', TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('a disqualification made from the CLI is in /admin/audit, with the same checks as the form', async () => {
    const tooLong = await campaign(['disqualify', 'test-prix', codes[0]!, '--reason', 'x'.repeat(501)]);
    assert.equal(tooLong.status, 1);
    assert.equal(tooLong.stderr(), 'paddock: The reason is too long: at most 500 characters.\n');
    const done = await campaign(['disqualify', 'test-prix', codes[0]!.toLowerCase(), '--reason', 'same person twice']);
    assert.equal(done.status, 0, done.stderr());
    const again = await campaign(['disqualify', 'test-prix', codes[0]!, '--reason', 'again']);
    assert.equal(again.status, 1);
    assert.equal(again.stderr(), `paddock: Entry ${codes[0]} is already disqualified.\n`);
    const unknown = await campaign(['disqualify', 'no-such-prix', codes[1]!, '--reason', 'x']);
    assert.equal(unknown.stderr(), 'paddock: There is no campaign “no-such-prix”.\n');

    const audit = await admin.get('/admin/api/audit?action=campaign.disqualify');
    assert.deepEqual(
      audit.json().items.map((i: { actor: string; target: string; details: unknown }) => [i.actor, i.target, i.details]),
      [['cli', 'campaign:test-prix', { code: codes[0], reason: 'same person twice' }]],
    );
    const page = await admin.get('/admin/audit?action=campaign.disqualify');
    assert.match(page.body, /same person twice/);

    const form = await admin.get(`/admin/campaigns/test-prix/entries/${codes[1]}`);
    assert.equal(form.statusCode, 200);
    const refused = await admin.post(`/admin/campaigns/test-prix/entries/${codes[1]}/disqualify`, { reason: 'x'.repeat(501) });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /The reason is too long: at most 500 characters\./, 'the form says what the CLI says');
  });

  test('the entries CSV has the same columns from the CLI and from the admin, and both exports are audited', async () => {
    const fromCli = await campaign(['results', 'test-prix', '--entries', '--csv']);
    const fromAdmin = await admin.get('/admin/campaigns/test-prix/entries.csv');
    assert.equal(fromAdmin.statusCode, 200);
    const header = (csv: string) => csv.split('\n')[0];
    assert.equal(header(fromCli.stdout()), 'code,status,name,email,submitted_at,confirmed_at,disqualified_reason,erased_at,ballot,answers');
    assert.equal(header(fromAdmin.body), header(fromCli.stdout()));
    assert.equal(fromAdmin.body.split('\n').length, fromCli.stdout().split('\n').length);
    const exports = await database.db.selectFrom('audit_log').select(['actor']).where('action', '=', 'campaign.entries_export').orderBy('id').execute();
    assert.deepEqual(exports.map((e) => e.actor), ['cli', 'boss@example.com']);
    const results = await campaign(['results', 'test-prix', '--csv']);
    assert.equal((await admin.get('/admin/campaigns/test-prix/results.csv')).body, results.stdout());
  });

  test('erasing a person from the CLI is audited per entry by code, without their address', async () => {
    const capture = captureIo();
    assert.equal(await runEntrantCommand(database.db, ['erase', 'voter2@example.com'], capture.io, DURING), 0, capture.stderr());
    const rows = await database.db.selectFrom('audit_log').select(['actor', 'details_json']).where('action', '=', 'entrant.erase').execute();
    assert.deepEqual(rows.map((r) => [r.actor, JSON.parse(r.details_json ?? '{}')]), [['cli', { code: codes[2] }]]);
    assert.doesNotMatch(JSON.stringify(rows), /voter2/);
  });
});
