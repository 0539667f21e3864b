import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { solveChallenge } from 'altcha-lib/v1';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { captureIo } from '../../test/support/capture-io';
import { CLOSES, DURING, OPENS, confirmEntry, confirmationToken, deliveredMessages, importTestCampaign, postEntry, tempOutbox, validEntry } from '../../test/support/grandprix';
import { ballotCheckIdOf } from './ballot-secret';
import { runCampaignCommand, runEntrantCommand } from './cli';

forEachEngine('Grand Prix API', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let outbox: string;
  let clock: Date;

  const rowCount = async () => Number((await database.db.selectFrom('entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  before(async () => {
    database = await open();
    await importTestCampaign(database.db);
    outbox = tempOutbox();
    app = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
  });
  beforeEach(async () => {
    clock = DURING;
    await database.db.deleteFrom('entry_events').execute();
    await database.db.deleteFrom('entries').execute();
    await database.db.deleteFrom('idempotency_keys').execute();
    // A test that moves past the close freezes the entry list; the next test starts unfrozen.
    await database.db.deleteFrom('campaign_ballots').execute();
    await database.db.updateTable('campaigns').set({ frozen_at: null, frozen_codes_json: null, entries_digest: null, entries_count: null, ballots_digest: null, ballots_count: null }).execute();
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('the public definition says the status, the dates with their offset and the draw commitment', async () => {
    const res = await app.inject('/api/v1/campaigns/test-prix');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.status, 'open');
    assert.equal(body.opens_at, '2023-01-10T00:00:00+03:00');
    assert.equal(body.closes_at, '2023-02-28T00:00:00+03:00');
    assert.match(body.commitment, /^[0-9a-f]{64}$/);
    assert.equal(body.proof_of_work.required, false);
    assert.equal(body.entries_digest, null);
    clock = new Date(OPENS.getTime() - 1);
    assert.equal((await app.inject('/api/v1/campaigns/test-prix')).json().status, 'upcoming');
    assert.equal((await app.inject('/api/v1/campaigns/nope')).statusCode, 404);
  });

  test('submit → 202 pending and a mail with a one-time link; confirming shows the entry code once', async () => {
    const res = await postEntry(app, validEntry());
    assert.equal(res.statusCode, 202);
    assert.deepEqual(res.json(), { status: 'pending' });
    const token = await confirmationToken(app, outbox, 'anna@example.com');
    const confirmed = await confirmEntry(app, token);
    assert.equal(confirmed.statusCode, 200);
    assert.match(confirmed.json().entry_code, /^GP-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const again = await confirmEntry(app, token);
    assert.equal(again.statusCode, 410);
    assert.equal(again.json().error.code, 'token_used');
    assert.ok((await deliveredMessages(app, outbox, 'anna@example.com')).some((m) => m.includes(confirmed.json().entry_code)), 'the receipt mail holds the code');
  });

  test('entries and confirmations arriving together are answered as if alone: a link used twice confirms once, a confirmed person is refused, the rest pass', async () => {
    // Arriving in the same turn, they share one commit (db/group-commit.ts), where PostgreSQL writes them all in one statement.
    await postEntry(app, validEntry({ email: 'anna@example.com' }));
    await postEntry(app, validEntry({ email: 'boris@example.com', name: 'Boris' }));
    assert.equal((await confirmEntry(app, await confirmationToken(app, outbox, 'anna@example.com'))).statusCode, 200);
    const borisToken = await confirmationToken(app, outbox, 'boris@example.com');
    const [first, second, annaAgain, clara] = await Promise.all([
      confirmEntry(app, borisToken),
      confirmEntry(app, borisToken),
      postEntry(app, validEntry({ email: 'anna@example.com' })),
      postEntry(app, validEntry({ email: 'clara@example.com', name: 'Clara' })),
    ]);
    assert.deepEqual([first.statusCode, second.statusCode].sort(), [200, 410]);
    const winner = first.statusCode === 200 ? first : second;
    assert.equal((first.statusCode === 410 ? first : second).json().error.code, 'token_used');
    assert.equal(annaAgain.statusCode, 409);
    assert.equal(clara.statusCode, 202);
    const boris = await database.db.selectFrom('entries').selectAll().where('name', '=', 'Boris').executeTakeFirstOrThrow();
    assert.equal(boris.code, winner.json().entry_code);
    assert.equal(boris.ballot_check_id, ballotCheckIdOf(winner.json().ballot_secret), 'the stored ballot is the one whose secret the winner got');
    const receipts = (await deliveredMessages(app, outbox, 'boris@example.com')).filter((m) => m.includes(boris.code));
    assert.equal(receipts.length, 1, 'one receipt');
    assert.equal(await rowCount(), 3);
  });

  test('every bad field gets a 400 naming it and why; nothing is stored', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ballot: { 'no-such-category': 'vesta' } }, 'ballot.no-such-category'],
      [{ ballot: { 'city-car': 'tesla' } }, 'ballot.city-car'],
      [{ answers: { 'q-rate': 8 } }, 'answers.q-plans'],
      [{ answers: { 'q-plans': 'maybe', 'q-rate': 8 } }, 'answers.q-plans'],
      [{ answers: { 'q-plans': 'yes', 'q-rate': 11 } }, 'answers.q-rate'],
      [{ answers: { 'q-plans': 'yes', 'q-rate': 5, 'q-age': 7 } }, 'answers.q-age'],
      [{ answers: { 'q-plans': 'yes', 'q-rate': 5, 'q-wish': 'x'.repeat(21) } }, 'answers.q-wish'],
      [{ email: 'not-an-email' }, 'email'],
      [{ email: 'someone@mailinator.com' }, 'email'],
      [{ adult: false }, 'adult'],
      [{ consent: false }, 'consent'],
      [{ name: '' }, 'name'],
      [{ ballot: 'vesta' }, 'ballot'],
    ];
    for (const [override, field] of cases) {
      const res = await postEntry(app, validEntry(override));
      assert.equal(res.statusCode, 400, JSON.stringify(override));
      const { error } = res.json();
      assert.equal(error.field, field, JSON.stringify(override));
      assert.ok(error.message.length > 10);
    }
    assert.equal((await postEntry(app, '{"name":', { headers: { 'content-type': 'application/json' } })).statusCode, 400);
    const big = await postEntry(app, validEntry({ name: 'x'.repeat(70_000) }));
    assert.equal(big.statusCode, 413);
    assert.equal(await rowCount(), 0);
  });

  test('one entry per person: a pending entry is replaced, a confirmed one refuses a second with 409', async () => {
    assert.equal((await postEntry(app, validEntry({ email: 'Ivan.Petrov+gp@gmail.com' }))).statusCode, 202);
    const firstToken = await confirmationToken(app, outbox, 'Ivan.Petrov+gp@gmail.com');
    assert.equal((await postEntry(app, validEntry({ email: 'ivanpetrov@googlemail.com', ballot: { suv: 'monjaro' } }))).statusCode, 202);
    assert.equal(await rowCount(), 1);
    assert.equal((await confirmEntry(app, firstToken)).statusCode, 404, 'the replaced link no longer works');
    assert.equal((await confirmEntry(app, await confirmationToken(app, outbox, 'ivanpetrov@googlemail.com'))).statusCode, 200);
    const stored = await database.db.selectFrom('entries').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(stored.ballot_json), { suv: 'monjaro' });
    const second = await postEntry(app, validEntry({ email: 'IVAN.petrov@gmail.com' }));
    assert.equal(second.statusCode, 409);
    assert.equal(second.json().error.code, 'already_confirmed');
  });

  test('after erasure the vote stays counted anonymously and the person still cannot enter twice', async () => {
    await postEntry(app, validEntry({ email: 'erase.me@gmail.com', answers: { 'q-plans': 'yes', 'q-rate': 6, 'q-wish': 'my secret' } }));
    await confirmEntry(app, await confirmationToken(app, outbox, 'erase.me@gmail.com'));
    const { io } = captureIo();
    assert.equal(await runEntrantCommand(database.db, ['erase', 'Erase.Me+x@gmail.com'], io, DURING), 0);
    const row = await database.db.selectFrom('entries').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.email, '');
    assert.equal(row.name, '');
    assert.doesNotMatch(JSON.stringify(row), /erase\.?me|my secret/i, 'no personal data is left');
    assert.equal(row.status, 'confirmed');
    assert.deepEqual(JSON.parse(row.ballot_json), { 'city-car': 'vesta', suv: 'jolion' });
    assert.equal((await postEntry(app, validEntry({ email: 'eraseme@gmail.com' }))).statusCode, 409);
  });

  test('100 parallel submissions of one person make exactly one row', async () => {
    const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => postEntry(app, validEntry({ name: `Anna ${i}` }))));
    assert.ok(responses.every((r) => r.statusCode === 202), responses.map((r) => r.statusCode).join(','));
    assert.equal(await rowCount(), 1);
  });

  test('the same Idempotency-Key gets the same answer, one row and one mail; reused for another body it is refused', async () => {
    const headers = { 'idempotency-key': crypto.randomUUID() };
    const results = await Promise.all([postEntry(app, validEntry({ email: 'key@example.com' }), { headers }), postEntry(app, validEntry({ email: 'key@example.com' }), { headers })]);
    const third = await postEntry(app, validEntry({ email: 'key@example.com' }), { headers });
    for (const r of [...results, third]) {
      assert.equal(r.statusCode, 202);
      assert.deepEqual(r.json(), { status: 'pending' });
    }
    assert.equal(await rowCount(), 1);
    assert.equal((await deliveredMessages(app, outbox, 'key@example.com')).length, 1);
    const other = await postEntry(app, validEntry({ email: 'other@example.com' }), { headers });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().error.code, 'idempotency_key_reused');
  });

  test('the deadline holds to the millisecond and is named in the campaign time zone', async () => {
    clock = new Date(CLOSES.getTime() - 1);
    assert.equal((await postEntry(app, validEntry({ email: 'late@example.com' }))).statusCode, 202);
    clock = CLOSES;
    const refused = await postEntry(app, validEntry({ email: 'later@example.com' }));
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'campaign_closed');
    assert.match(refused.json().error.message, /28 February 2023, 00:00 \(Europe\/Moscow, UTC\+3\)/);
    clock = new Date(OPENS.getTime() - 1000);
    assert.equal((await postEntry(app, validEntry({ email: 'early@example.com' }))).json().error.code, 'campaign_not_open');
  });

  test('an entry submitted before the close can be confirmed within 48 hours and stays eligible', async () => {
    clock = new Date(CLOSES.getTime() - 60_000);
    await postEntry(app, validEntry({ email: 'a@example.com' }));
    await postEntry(app, validEntry({ email: 'b@example.com' }));
    clock = new Date(CLOSES.getTime() + 3600_000);
    // While a confirmation is still possible the list waits.
    assert.equal((await app.inject('/api/v1/campaigns/test-prix')).json().entries_digest, null);
    const code = (await confirmEntry(app, await confirmationToken(app, outbox, 'a@example.com'))).json().entry_code as string;
    clock = new Date(CLOSES.getTime() + 49 * 3600_000);
    const expired = await confirmEntry(app, await confirmationToken(app, outbox, 'b@example.com'));
    assert.equal(expired.statusCode, 410);
    assert.equal(expired.json().error.code, 'token_expired');
    const campaign = (await app.inject('/api/v1/campaigns/test-prix')).json();
    assert.equal(campaign.entries_count, 1);
    assert.equal(campaign.entries_digest, crypto.createHash('sha256').update(code).digest('hex'));
  });

  test('results are 403 before the close, then count confirmed, not disqualified entries with intervals', async () => {
    const codes: string[] = [];
    for (const [i, nominee] of ['vesta', 'vesta', 'moskvich-3'].entries()) {
      await postEntry(app, validEntry({ email: `r${i}@example.com`, ballot: { 'city-car': nominee } }));
      codes.push((await confirmEntry(app, await confirmationToken(app, outbox, `r${i}@example.com`))).json().entry_code);
    }
    await postEntry(app, validEntry({ email: 'unconfirmed@example.com', ballot: { 'city-car': 'omoda-c5' } }));
    assert.equal((await app.inject('/api/v1/campaigns/test-prix/results')).statusCode, 403);
    const { io } = captureIo();
    assert.equal(await runCampaignCommand(database.db, ['disqualify', 'test-prix', codes[2]!, '--reason', 'duplicate person'], io, DURING), 0);
    clock = new Date(CLOSES.getTime() + 72 * 3600_000);
    const res = await app.inject('/api/v1/campaigns/test-prix/results');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.entries, 2);
    const city = body.categories.find((c: { id: string }) => c.id === 'city-car');
    assert.equal(city.total, 2);
    assert.deepEqual(city.nominees[0], { id: 'vesta', title: 'Lada Vesta NG', votes: 2, share: 1, ci95: [0.3424, 1] });
    const page = await app.inject('/grand-prix/test-prix/results');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<svg[^>]*role="img"/);
    assert.match(page.body, /<table/);
  });

  test('rate limits and proof-of-work, when switched on, refuse what they should', async () => {
    const strict = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '2', PADDOCK_POW: 'on' } });
    try {
      const noPow = await postEntry(strict, validEntry({ email: 'pow@example.com' }));
      assert.equal(noPow.statusCode, 400);
      assert.equal(noPow.json().error.code, 'pow_required');
      const challenge = (await strict.inject('/api/v1/altcha/challenge')).json();
      const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
      const altcha = Buffer.from(JSON.stringify({ ...challenge, number: solution!.number })).toString('base64');
      assert.equal((await postEntry(strict, validEntry({ email: 'pow@example.com', altcha }))).statusCode, 202);
      const replay = await postEntry(strict, validEntry({ email: 'pow2@example.com', altcha }));
      assert.equal(replay.statusCode, 429, 'third request within the minute is rate limited');
      assert.equal(replay.json().error.code, 'rate_limited');
    } finally {
      await strict.close();
    }
  });
});

describe('proof-of-work replay', () => {
  test('a solved challenge works for one entry only', async () => {
    const { openTestDatabase } = await import('../../test/support/engines');
    const database = await openTestDatabase('sqlite');
    await importTestCampaign(database.db);
    const outbox = tempOutbox();
    const app = await buildTestApp(database, { now: () => DURING, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0', PADDOCK_POW: 'on' } });
    try {
      const challenge = (await app.inject('/api/v1/altcha/challenge')).json();
      const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
      const altcha = Buffer.from(JSON.stringify({ ...challenge, number: solution!.number })).toString('base64');
      assert.equal((await postEntry(app, validEntry({ email: 'one@example.com', altcha }))).statusCode, 202);
      const replay = await postEntry(app, validEntry({ email: 'two@example.com', altcha }));
      assert.equal(replay.statusCode, 400);
      assert.equal(replay.json().error.code, 'pow_invalid');
    } finally {
      await app.close();
      await database.close();
    }
  });
});
