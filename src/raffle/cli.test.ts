import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createMailer, type Mailer } from '../mail/mailer';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { captureIo } from '../../test/support/capture-io';
import { CLOSES, DURING, confirmedEntry, importTestCampaign, postEntry, tempOutbox, validEntry } from '../../test/support/grandprix';
import { runRaffleCommand, RaffleUsageError } from './cli';
import { parseDrawRecord } from './record';
import { verifyDrawRecord } from './verify';
import { forged, QUICKNET, ROUND, ROUND_AT, WALK_38, WALK_38_DRAWABLE, WALKTHROUGH, WALKTHROUGH_BEACON } from '../../test/support/drand-rounds';

const HOUR = 3600_000;

forEachEngine('paddock raffle', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let outbox: string;
  let mailer: Mailer;
  let clock: Date;

  const cli = async (argv: string[], now = clock, drandUrl?: string) => {
    const c = captureIo();
    const status = await runRaffleCommand(database.db, argv, c.io, { mailer, siteUrl: 'http://paddock.test', now, drandUrl });
    return { status, stdout: c.stdout(), stderr: c.stderr() };
  };
  const drawRecord = async (slug: string) => parseDrawRecord((await app.inject(`/api/v1/campaigns/${slug}/draw`)).body);

  before(async () => {
    database = await open();
    outbox = tempOutbox();
    mailer = createMailer({ outboxDir: outbox, from: 'Paddock <draw@paddock.test>' });
    clock = DURING;
    app = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
  });
  after(async () => {
    mailer.close();
    await app.close();
    await database.close();
  });

  test('a winner disqualified after the freeze is not told they won; the operator is told to forfeit', async () => {
    await importTestCampaign(database.db, { slug: 'dq-prix' });
    clock = DURING;
    const codes = [];
    for (let i = 0; i < 2; i++) codes.push(await confirmedEntry(app, outbox, 'dq-prix', `dq${i}@example.com`));
    const afterClose = new Date(CLOSES.getTime() + HOUR);
    assert.equal((await app.inject('/api/v1/campaigns/dq-prix')).statusCode, 200);
    clock = afterClose;
    assert.equal((await app.inject('/api/v1/campaigns/dq-prix')).json().entries_count, 2, 'frozen with both entries');
    await database.db.updateTable('entries').set({ disqualified_at: afterClose.toISOString(), disqualified_reason: 'bought votes' }).where('code', '=', codes[0]!).execute();
    const drawn = await cli(['draw', 'dq-prix'], afterClose);
    assert.equal(drawn.status, 1, 'the draw is stored, but a notification needs the operator');
    assert.match(drawn.stdout, /prize 1 \(Car for a year\): GP-/);
    assert.match(drawn.stdout + drawn.stderr, new RegExp(`${codes[0]}.*disqualified \\(bought votes\\)`));
    const mails = fs.readdirSync(outbox).map((f) => fs.readFileSync(path.join(outbox, f), 'utf8'));
    assert.ok(!mails.some((m) => /^To: dq0@example\.com/m.test(m) && /prize/i.test(m) && !/confirm/i.test(m)), 'no prize mail to the disqualified entrant');
    assert.ok(mails.some((m) => /^To: dq1@example\.com/m.test(m) && /Subject:.*(won|prize)/i.test(m)), 'the other winner is told');
  });

  test('a claim racing a forfeit of the same prize: exactly one of them happens', async () => {
    await importTestCampaign(database.db, { slug: 'race-prix' });
    clock = DURING;
    for (let i = 0; i < 4; i++) await confirmedEntry(app, outbox, 'race-prix', `race${i}@example.com`);
    const afterClose = new Date(CLOSES.getTime() + HOUR);
    assert.equal((await cli(['draw', 'race-prix'], afterClose)).status, 0);
    const winner = (await drawRecord('race-prix')).winners[0]!.code;
    const [claim, forfeit] = await Promise.all([cli(['claim', 'race-prix', winner], afterClose), cli(['forfeit', 'race-prix', winner, '--reason', 'no reply'], afterClose)]);
    assert.equal([claim.status, forfeit.status].filter((s) => s === 0).length, 1, `${claim.stderr} | ${forfeit.stderr}`);
  });

  test('a draw before the close is refused with the time left; after it, once; a second draw names when it ran', async () => {
    await importTestCampaign(database.db, { slug: 'main-prix' });
    clock = DURING;
    for (let i = 0; i < 3; i++) await confirmedEntry(app, outbox, 'main-prix', `main${i}@example.com`);
    const early = await cli(['draw', 'main-prix'], new Date(CLOSES.getTime() - (3 * 24 + 4) * HOUR - 5 * 60_000));
    assert.equal(early.status, 1);
    assert.match(early.stderr, /^paddock: The vote closes in 3 days 4 hours \(28 February 2023, 00:00 \(Europe\/Moscow, UTC\+3\)\); the draw can run only after the close\.\n$/);
    assert.match((await cli(['draw', 'main-prix'], new Date(CLOSES.getTime() - 30_000))).stderr, /closes in less than a minute/);
    assert.equal((await app.inject('/api/v1/campaigns/main-prix/draw')).statusCode, 404, 'nothing was stored');

    const first = await cli(['draw', 'main-prix'], new Date(CLOSES.getTime() + HOUR));
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /prize 1 \(Car for a year\): GP-/);
    assert.match(first.stdout, /beacon: none/);
    const again = await cli(['draw', 'main-prix'], new Date(CLOSES.getTime() + 5 * HOUR));
    assert.equal(again.status, 1);
    assert.match(again.stderr, /was drawn on 28 February 2023, 01:00 .*the record is immutable/);
    assert.equal((await drawRecord('main-prix')).drawn_at, new Date(CLOSES.getTime() + HOUR).toISOString());
  });

  test('while pre-close confirmations are still possible the draw waits and says until when', async () => {
    await importTestCampaign(database.db, { slug: 'late-prix' });
    clock = DURING;
    for (let i = 0; i < 2; i++) await confirmedEntry(app, outbox, 'late-prix', `late${i}@example.com`);
    clock = new Date(CLOSES.getTime() - HOUR);
    await postEntry(app, validEntry({ email: 'slow@example.com' }), { slug: 'late-prix' });
    const waiting = await cli(['draw', 'late-prix'], new Date(CLOSES.getTime() + HOUR));
    assert.equal(waiting.status, 1);
    assert.match(waiting.stderr, /unconfirmed entries sent before the close: 1\. They may still be confirmed until 1 March 2023, 23:00 .*\(in 1 day 22 hours\)/);
    const later = await cli(['draw', 'late-prix'], new Date(CLOSES.getTime() + 48 * HOUR));
    assert.equal(later.status, 0, later.stderr);
    assert.equal((await drawRecord('late-prix')).entries.length, 2);
  });

  test('fewer eligible entries than prizes is refused; --allow-fewer awards what it can', async () => {
    await importTestCampaign(database.db, { slug: 'tiny-prix' });
    clock = DURING;
    const only = await confirmedEntry(app, outbox, 'tiny-prix', 'only@example.com');
    const after = new Date(CLOSES.getTime() + HOUR);
    const refused = await cli(['draw', 'tiny-prix'], after);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /fewer eligible entries \(1\) than prizes \(2\): to award only as many prizes as there are entries, .*--allow-fewer/);
    const allowed = await cli(['draw', 'tiny-prix', '--allow-fewer'], after);
    assert.equal(allowed.status, 0, allowed.stderr);
    assert.match(allowed.stdout, /prize 2 \(Weekend\): not awarded/);
    const record = await drawRecord('tiny-prix');
    assert.deepEqual(record.winners, [{ prize: 1, code: only }]);
    assert.deepEqual(record.alternates, []);
    assert.deepEqual(verifyDrawRecord(record), { ok: true });
    const html = (await app.inject('/grand-prix/tiny-prix/draw')).body;
    assert.match(html, /not awarded: fewer entries than prizes/);
  });

  test('an announced drand round is required, its signature is checked offline and goes into the record; an unannounced one is refused', async () => {
    await importTestCampaign(database.db, { slug: 'beacon-prix', draw: { beacon: { chain: QUICKNET, round: ROUND.round } } });
    await importTestCampaign(database.db, { slug: 'plain-prix' });
    clock = DURING;
    for (let i = 0; i < 2; i++) {
      await confirmedEntry(app, outbox, 'beacon-prix', `b${i}@example.com`);
      await confirmedEntry(app, outbox, 'plain-prix', `p${i}@example.com`);
    }
    const closed = new Date(CLOSES.getTime() + HOUR);
    const after = new Date(ROUND_AT + 60_000);
    const before = (await app.inject('/grand-prix/beacon-prix/draw')).body;
    assert.match(before, /round 30662982 of the drand beacon chain 52db9ba7/);
    assert.match(before, /drand emits it at 23 July 2026, 10:38 \(Europe\/Moscow, UTC\+3\), after the close/);

    const missing = await cli(['draw', 'beacon-prix'], after);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /announced drand round 30662982 .*set DRAND_URL .* or give drand’s signature of that round .*--beacon-signature HEX/);
    const early = await cli(['draw', 'beacon-prix', '--beacon-signature', ROUND.signature], closed);
    assert.match(early.stderr, /round 30662982 has not been emitted yet: drand emits it at 2026-07-23T07:38:30.000Z/);
    const bare = await cli(['draw', 'beacon-prix', '--beacon-randomness', ROUND.randomness], after);
    assert.equal(bare.status, 1);
    assert.match(bare.stderr, /the randomness alone cannot be checked: give drand's signature of round 30662982 too/);
    const forgery = await cli(['draw', 'beacon-prix', '--beacon-signature', forged(ROUND.signature)], after);
    assert.equal(forgery.status, 1);
    assert.match(forgery.stderr, /The drand beacon could not be used: beacon.signature is not drand's signature of round 30662982/);
    const mixed = await cli(['draw', 'beacon-prix', '--beacon-signature', ROUND.signature, '--beacon-randomness', 'ab'.repeat(32)], after);
    assert.match(mixed.stderr, /the randomness given is not SHA-256 of the signature given/);
    const unreachable = await cli(['draw', 'beacon-prix'], after, 'http://127.0.0.1:9');
    assert.equal(unreachable.status, 1);
    assert.match(unreachable.stderr, /The drand beacon could not be used: /);
    assert.equal((await app.inject('/api/v1/campaigns/beacon-prix/draw')).statusCode, 404, 'nothing was drawn by the refused tries');

    const ok = await cli(['draw', 'beacon-prix', '--beacon-signature', ROUND.signature.toUpperCase()], after);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /beacon: drand round 30662982, randomness ae76da51.*, signature verified/);
    const record = await drawRecord('beacon-prix');
    assert.deepEqual(record.beacon, { chain: QUICKNET, ...ROUND });
    assert.deepEqual(verifyDrawRecord(record), { ok: true });
    const page = (await app.inject('/grand-prix/beacon-prix/draw')).body;
    assert.ok(page.includes(ROUND.signature), 'the draw page shows the signature');

    const unannounced = await cli(['draw', 'plain-prix', '--beacon-signature', ROUND.signature], after);
    assert.equal(unannounced.status, 1);
    assert.match(unannounced.stderr, /names no drand round/);
  });

  test("a chain Paddock does not ship is described in the campaign, bound by its hash, and its rounds checked offline", async () => {
    const described = WALKTHROUGH_BEACON;
    await assert.rejects(importTestCampaign(database.db, { slug: 'walk-bad', draw: { beacon: { ...described, beacon_id: 'default' } } }), /do not hash to chain af8b6fc9/);
    await importTestCampaign(database.db, { slug: 'walk-prix', draw: { beacon: described } });
    clock = DURING;
    await confirmedEntry(app, outbox, 'walk-prix', 'w1@example.com');
    const ok = await cli(['draw', 'walk-prix', '--allow-fewer', '--beacon-signature', WALK_38.signature], WALK_38_DRAWABLE);
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual((await drawRecord('walk-prix')).beacon, { chain: WALKTHROUGH.hash, ...WALK_38 });
  });

  test('usage mistakes are usage errors; unknown campaigns and undrawn campaigns are refused', async () => {
    await assert.rejects(cli(['draw']), RaffleUsageError);
    await assert.rejects(cli(['forfeit', 'main-prix', 'GP-2222-2222']), RaffleUsageError);
    await assert.rejects(cli(['draw', 'main-prix', '--bogus']), RaffleUsageError);
    await assert.rejects(cli(['shuffle']), RaffleUsageError);
    const none = await cli(['draw', 'no-such-prix']);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /There is no campaign “no-such-prix”/);
    await importTestCampaign(database.db, { slug: 'undrawn-prix' });
    const undrawn = await cli(['claim', 'undrawn-prix', 'GP-2222-2222']);
    assert.equal(undrawn.status, 1);
    assert.match(undrawn.stderr, /has not been drawn yet/);
    const empty = await cli(['draw', 'undrawn-prix', '--allow-fewer'], new Date(CLOSES.getTime() + HOUR));
    assert.equal(empty.status, 1);
    assert.match(empty.stderr, /no eligible entries, so there is nothing to draw/);
    const outsider = await cli(['forfeit', 'main-prix', 'GP-2222-2222', '--reason', 'x']);
    assert.equal(outsider.status, 1);
    assert.match(outsider.stderr, /neither a winner nor an alternate/);
  });
});
