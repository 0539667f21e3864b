// The recountable ballot list end to end: secrets on the receipt, the list frozen with the draw's
// entries, the API, the recount (Paddock's and the Python one from docs/recount.md), the ballot
// check, and that nothing public ties a ballot to an entry code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildLoggedTestApp, buildTestApp } from '../../test/support/app';
import { addBallot, addNominee, addOption, changeFrozenAt, changeInterval, changeVote, dropBallot, redefineQuestion, resealed, retied } from '../../test/support/ballot-tampering';
import { captureIo } from '../../test/support/capture-io';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { formSession, postForm } from '../../test/support/forms';
import { CLOSES, DURING, confirmationToken, deliveredMessages, importTestCampaign, postEntry, tempOutbox, validEntry } from '../../test/support/grandprix';
import { createMailer } from '../mail/mailer';
import { runRaffleCommand } from '../raffle/cli';
import { ballotsDigest, type BallotList } from './ballot-list';
import { ballotCheckIdOf, newBallotSecret } from './ballot-secret';
import { entrantActions } from './entrant-actions';
import { recount } from './recount';
import { runRecount } from './recount-command';
import type { CampaignResults } from './results';

const PYTHON = new URL('../../test/support/recount.py', import.meta.url).pathname;
const CITY = ['vesta', 'moskvich-3', 'omoda-c5'];

interface Voter {
  email: string;
  code: string;
  secret: string;
  id: string;
}

forEachEngine('the ballot list and its recount', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let outbox: string;
  let clock = DURING;
  const voters: Voter[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'paddock-ballots-'));
  const file = (name: string, content: unknown) => {
    const p = path.join(dir, name);
    writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
    return p;
  };
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });
  const checkBallot = async (target: FastifyInstance, secret: string) => {
    const page = await target.inject('/grand-prix/test-prix/ballot');
    const { cookie, csrf } = formSession(page);
    return postForm(target, '/grand-prix/test-prix/ballot', { _csrf: csrf, secret }, cookie);
  };

  before(async () => {
    database = await open();
    await importTestCampaign(database.db);
    outbox = tempOutbox();
    app = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
    for (let i = 0; i < 9; i++) {
      const email = `voter${i}@example.com`;
      const entry = validEntry({
        email,
        ballot: { 'city-car': CITY[i % 3], ...(i % 4 ? { suv: i % 2 ? 'jolion' : 'monjaro' } : {}) },
        answers: { 'q-plans': i % 3 ? 'yes' : 'no', 'q-rate': 1 + i, 'q-brands': i % 2 ? ['kia'] : ['lada', 'haval'], 'q-age': 20 + i * 7, ...(i % 3 === 1 ? { 'q-wish': 'Tests' } : {}) },
      });
      assert.equal((await postEntry(app, entry)).statusCode, 202);
      const token = await confirmationToken(app, outbox, email);
      const confirmed = await app.inject({ method: 'POST', url: '/api/v1/entries/confirm', payload: { token } });
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      const { entry_code: code, ballot_secret: secret } = confirmed.json() as { entry_code: string; ballot_secret: string };
      assert.match(secret, /^[2-9A-HJ-NP-Z]{5}(?:-[2-9A-HJ-NP-Z]{5}){4}$/);
      voters.push({ email, code, secret, id: ballotCheckIdOf(secret) });
    }
  });
  after(async () => {
    await app.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the receipt page and the receipt mail give the ballot secret; only its SHA-256 is stored', async () => {
    assert.equal((await postEntry(app, validEntry({ email: 'paper@example.com' }))).statusCode, 202);
    const token = await confirmationToken(app, outbox, 'paper@example.com');
    const landing = await app.inject(`/grand-prix/confirm?token=${token}`);
    const { cookie, csrf } = formSession(landing);
    const receipt = await postForm(app, '/grand-prix/confirm', { _csrf: csrf, token }, cookie);
    assert.equal(receipt.statusCode, 200);
    const secret = /<strong class="ballot-secret">([^<]+)<\/strong>/.exec(receipt.body)?.[1];
    assert.ok(secret, 'the receipt shows the secret');
    assert.match(receipt.body, /Keep this to check your ballot/);
    assert.match(receipt.body, /href="\/grand-prix\/test-prix\/ballot"/);
    const mails = await deliveredMessages(app, outbox, 'paper@example.com');
    const mail = mails[mails.length - 1]!;
    assert.ok(mail.includes(secret), 'the receipt mail has the same secret');
    assert.match(mail, /keep this to check your ballot/);
    const row = await database.db.selectFrom('entries').selectAll().where('email', '=', 'paper@example.com').executeTakeFirstOrThrow();
    assert.equal(row.ballot_check_id, ballotCheckIdOf(secret));
    assert.ok(!JSON.stringify(row).includes(secret), 'the secret is not stored');
    const code = /<strong class="entry-code">([^<]+)<\/strong>/.exec(receipt.body)![1]!;
    voters.push({ email: 'paper@example.com', code, secret, id: ballotCheckIdOf(secret) });
  });

  test('before the freeze the list is refused with 409 saying when; the ballot check shows the ballot as recorded so far', async () => {
    const early = await get('/api/v1/campaigns/test-prix/ballots');
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().error.code, 'ballots_not_frozen');
    assert.match(early.json().error.message, /published when the entries freeze: 28 February 2023, 00:00 \(Europe\/Moscow, UTC\+3\)/);
    const campaign = (await get('/api/v1/campaigns/test-prix')).json();
    assert.equal(campaign.ballots_digest, null);

    const v = voters[1]!;
    const page = await checkBallot(app, v.secret.toLowerCase().replace(/-/g, ' '));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /as recorded so far/);
    assert.ok(page.body.includes(v.id));
    assert.match(page.body, /Moskvich 3/);
    assert.match(page.body, /answered \(the text itself is never published\)/);
  });

  test('at the freeze the list is published beside entries_digest, with disqualified and erased entrants as documented', async () => {
    // Before the freeze: one disqualified for a duplicate, one person erased (their ballot stays).
    const actions = entrantActions(database.db);
    await actions.disqualify({ slug: 'test-prix', code: voters[2]!.code, reason: 'Same person as voter5', reasonCode: 'duplicate', actor: 'cli', now: clock });
    await actions.erase({ email: voters[4]!.email, actor: 'cli', now: clock });
    clock = new Date(CLOSES.getTime() + 60_000);

    const res = await get('/api/v1/campaigns/test-prix/ballots');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.match(String(res.headers['cache-control']), /immutable/);
    const list = res.json() as BallotList;
    const campaign = (await get('/api/v1/campaigns/test-prix')).json();
    assert.equal(campaign.ballots_digest, list.ballots_digest);
    assert.equal(campaign.ballots_count, voters.length - 1);
    assert.ok(campaign.entries_digest);
    assert.equal(ballotsDigest(list), list.ballots_digest);

    const ids = list.ballots.map((b) => b.id);
    assert.deepEqual(ids, [...ids].sort(), 'sorted by ballot-check id');
    const counted = voters.filter((_, i) => i !== 2).map((v) => v.id);
    assert.deepEqual(new Set(ids), new Set(counted));
    assert.notDeepEqual(ids, counted, 'not in entry order');
    assert.deepEqual(list.disqualified, [{ id: voters[2]!.id, reason: 'duplicate' }]);
    const erased = list.ballots.find((b) => b.id === voters[4]!.id)!;
    assert.deepEqual(erased.votes, { 'city-car': 'moskvich-3' });
    assert.equal(erased.answers['q-wish'], undefined, 'the erased free text is not counted');
    assert.equal(erased.answers['q-rate'], '5');
    assert.ok(!res.body.includes('Same person'), 'the operator\'s words are not published');
    assert.ok(!res.body.includes('Tests'), 'no free text');
    assert.ok(!/@example\.com|Anna|GP-/.test(res.body), 'no address, name or entry code');

    const csv = await get('/api/v1/campaigns/test-prix/ballots?format=csv');
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.body.trimEnd().split('\n');
    assert.equal(lines[0], 'status,ballot_check_id,reason,vote:city-car,vote:suv,single:q-plans,multi:q-brands,text:q-wish,rating:q-rate,number:q-age');
    assert.equal(lines.filter((l) => l.startsWith('counted,')).length, voters.length - 1);
    assert.ok(lines.includes(`disqualified,${voters[2]!.id},duplicate,,,,,,,`));
    assert.equal((await get('/api/v1/campaigns/test-prix/ballots', { accept: 'text/csv' })).body, csv.body);
    assert.equal((await get('/api/v1/campaigns/test-prix/ballots', { 'if-none-match': String(res.headers.etag) })).statusCode, 304);
  });

  test('the published results recount exactly, by Paddock, by the Python recount and by `paddock campaign recount URL`', async () => {
    const list = (await get('/api/v1/campaigns/test-prix/ballots')).json() as BallotList;
    const results = (await get('/api/v1/campaigns/test-prix/results')).json() as CampaignResults & { campaign: string; ballots_digest: string };
    assert.equal(results.entries, voters.length - 1);
    assert.equal(results.campaign, 'test-prix', 'the results name their campaign');
    assert.equal(results.ballots_digest, list.ballots_digest, 'and the list they were counted from');
    assert.deepEqual(recount(list, { results, publishedDigest: list.ballots_digest }).ok, true);
    const py = spawnSync('python3', [PYTHON, file('list.json', list), file('results.json', results), '--digest', list.ballots_digest], { encoding: 'utf8' });
    assert.equal(py.stdout + py.stderr, 'OK\n');

    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const io = captureIo();
    assert.equal(await runRecount([`${address}/api/v1/campaigns/test-prix/ballots`], io.io), 0, io.stdout() + io.stderr());
    assert.equal(io.stdout(), 'OK\n');
    assert.match(io.stderr(), /^note: the digest was compared with the one the campaign's API gives now; to rely on it, compare with your own copy from the freeze \(--digest HEX\)\n$/);
    const kept = captureIo();
    assert.equal(await runRecount([`${address}/api/v1/campaigns/test-prix`, '--digest', list.ballots_digest], kept.io), 0, kept.stdout() + kept.stderr());
    assert.deepEqual([kept.stdout(), kept.stderr()], ['OK\n', '']);
    const other = captureIo();
    assert.equal(await runRecount([`${address}/api/v1/campaigns/test-prix`, '--digest', 'a'.repeat(64)], other.io), 1);
    assert.match(other.stdout(), /^MISMATCH ballots_digest: .* is not the digest published at the freeze/);
  });

  test('a tampered list or result is caught, and the first difference is named', async () => {
    const list = (await get('/api/v1/campaigns/test-prix/ballots')).json() as BallotList;
    const results = (await get('/api/v1/campaigns/test-prix/results')).json() as CampaignResults;
    const added = resealed(addBallot(list, { votes: { suv: 'monjaro' }, answers: { 'q-rate': '2' } }, ballotCheckIdOf(newBallotSecret())));
    const defined: Array<[string, BallotList]> = [
      ['a nominee added', addNominee(list, 'city-car')],
      ['an option added', addOption(list, 'q-brands')],
      ['a rating question turned into a number question', redefineQuestion(list, 'q-rate', { id: 'q-rate', type: 'number', min: 0, max: 20, integer: false })],
      ['a number question given another range', redefineQuestion(list, 'q-age', { id: 'q-age', type: 'number', min: 0, max: 100, integer: true, unit: 'years' })],
      ['a number question without its unit', redefineQuestion(list, 'q-age', { id: 'q-age', type: 'number', min: 14, max: 100, integer: true })],
      ['frozen_at changed', changeFrozenAt(list, '2020-01-01T00:00:00.000Z')],
    ];
    for (const [what, forged] of defined) {
      assert.notEqual(ballotsDigest(forged), list.ballots_digest, `${what} changes the digest`);
      assert.deepEqual(recount(resealed(forged)).ok, true, `${what}: still a well-formed list once resealed`);
    }
    const run = async (forged: BallotList, published: unknown, ...flags: string[]) => {
      const io = captureIo();
      const status = await runRecount([file('forged.json', forged), '--results', file('published.json', published), ...flags], io.io);
      return { status, out: io.stdout() };
    };
    const cases: Array<[string, BallotList, unknown, string[], RegExp]> = [
      ['a changed vote', changeVote(list, 'city-car'), results, [], /^MISMATCH ballots_digest: ballots_digest does not match SHA-256 of the canonical text/],
      ['a changed vote, resealed', resealed(changeVote(list, 'city-car')), results, [], /^MISMATCH results\.ballots_digest: the results were counted from the list "[0-9a-f]{64}", not from this one/],
      ['a changed vote, resealed, results re-tied to it', resealed(changeVote(list, 'city-car')), retied(results, resealed(changeVote(list, 'city-car'))), [], /^MISMATCH results\.categories\[0\]\.nominees\[\d\]\.(votes|id): city-car/],
      ['a changed vote, resealed, against the digest published at the freeze', resealed(changeVote(list, 'city-car')), results, ['--digest', list.ballots_digest], /^MISMATCH ballots_digest: .* is not the digest published at the freeze/],
      ['a dropped ballot', dropBallot(list, 3), results, [], /^MISMATCH ballots_count: ballots_count is 9, the list has 8 ballots/],
      ['a dropped ballot, resealed', resealed(dropBallot(list, 3)), retied(results, resealed(dropBallot(list, 3))), [], /^MISMATCH results\.entries: number of ballots: the results say 9, the ballots give 8/],
      ['an added ballot, resealed', added, retied(results, added), [], /^MISMATCH results\.entries: number of ballots: the results say 9, the ballots give 10/],
      ['results of another campaign', list, { ...results, campaign: 'other-prix' }, [], /^MISMATCH results\.campaign: the results are of campaign "other-prix", the list of "test-prix"/],
      ['provisional results (no list)', list, { ...results, ballots_digest: null }, [], /^MISMATCH results\.ballots_digest: the results were counted from the list null/],
      // The definitions are in the digest: a zero-vote nominee, a zero-count option, a question
      // turned into another (new bins), another freeze time — none can be slipped in unnoticed.
      ...defined.flatMap(([what, forged]): Array<[string, BallotList, unknown, string[], RegExp]> => [
        [what, forged, results, [], /^MISMATCH ballots_digest: ballots_digest does not match SHA-256 of the canonical text/],
        [`${what}, resealed, against the digest published at the freeze`, resealed(forged), retied(results, resealed(forged)), ['--digest', list.ballots_digest], /^MISMATCH ballots_digest: .* is not the digest published at the freeze/],
      ]),
      ['a changed interval', list, changeInterval(results), [], /^MISMATCH results\.categories\[0\]\.nominees\[0\]\.ci95\[0\]: city-car \/ [a-z0-9-]+, 95% interval low: the results say [0-9.]+, the ballots give [0-9.]+/],
    ];
    for (const [what, forged, published, flags, expected] of cases) {
      const { status, out } = await run(forged, published, ...flags);
      assert.equal(status, 1, what);
      assert.match(out, expected, what);
      const py = spawnSync('python3', [PYTHON, file('py-list.json', forged), file('py-results.json', published), ...flags], { encoding: 'utf8' });
      assert.equal(py.status, 1, `${what} (python)`);
      assert.equal(/^MISMATCH (\S+):/.exec(py.stdout)?.[1], /^MISMATCH (\S+):/.exec(out)?.[1], `${what}: the Python recount names the same field`);
    }
    const unreadable = captureIo();
    assert.equal(await runRecount([path.join(dir, 'missing.json')], unreadable.io), 2);
  });

  test('the ballot check after the freeze: the right secret shows the ballot, a wrong one "no such ballot", and the secret never reaches the log', async () => {
    const logged = await buildLoggedTestApp(database, { now: () => clock, env: { ENTRY_RATE_LIMIT: '0' } });
    try {
      const v = voters[0]!;
      const right = await checkBallot(logged.app, v.secret);
      assert.equal(right.statusCode, 200);
      assert.match(right.body, /as recorded in the published ballot list/);
      assert.ok(right.body.includes(v.id));
      assert.match(right.body, /Lada Vesta NG/);
      assert.ok(!right.body.includes(v.code), 'the ballot page does not show the entry code');

      const wrong = await checkBallot(logged.app, newBallotSecret());
      assert.equal(wrong.statusCode, 404);
      assert.match(wrong.body, /No such ballot: no ballot in this vote has this secret/);
      const garbage = await checkBallot(logged.app, 'hello');
      assert.equal(garbage.statusCode, 400);
      assert.match(garbage.body, /This is not a ballot secret/);
      const out = await checkBallot(logged.app, voters[2]!.secret);
      assert.match(out.body, /This ballot was disqualified and is not counted\. Reason: more than one entry by the same person\./);
      const forged = await postForm(logged.app, '/grand-prix/test-prix/ballot', { _csrf: 'forged', secret: v.secret }, '');
      assert.equal(forged.statusCode, 403);

      const log = logged.logText();
      assert.match(log, /\/grand-prix\/test-prix\/ballot/, 'the requests were logged');
      for (const s of [v.secret, voters[2]!.secret, v.secret.replace(/-/g, '')]) assert.ok(!log.includes(s), 'no secret in the log');
    } finally {
      await logged.app.close();
    }
  });

  test('erasure or disqualification after the freeze keeps the list and the results as published', async () => {
    const before = await get('/api/v1/campaigns/test-prix/ballots');
    const results = (await get('/api/v1/campaigns/test-prix/results')).body;
    const actions = entrantActions(database.db);
    await actions.erase({ email: voters[1]!.email, actor: 'cli', now: clock });
    await actions.disqualify({ slug: 'test-prix', code: voters[6]!.code, reason: 'late finding', actor: 'cli', now: clock });
    const fresh = await buildTestApp(database, { now: () => clock });
    try {
      const again = await fresh.inject('/api/v1/campaigns/test-prix/ballots');
      assert.equal(again.body, before.body);
      assert.equal((await fresh.inject('/api/v1/campaigns/test-prix/results')).body, results);
      assert.ok((again.json() as BallotList).ballots.some((b) => b.id === voters[1]!.id), 'the erased entrant\'s ballot row stays');
    } finally {
      await fresh.close();
    }
  });

  test('no public output puts a ballot-check id next to an entry code', async () => {
    const outbox2 = tempOutbox();
    const mailer = createMailer({ outboxDir: outbox2, from: 'Paddock <draw@paddock.test>' });
    const io = captureIo();
    try {
      // Exit 1 when a winner cannot be mailed (an erased or disqualified one may win): the record stands either way.
      await runRaffleCommand(database.db, ['draw', 'test-prix'], io.io, { mailer, siteUrl: 'http://paddock.test', now: new Date(clock.getTime() + 60_000) });
      assert.match(io.stdout(), /drawn|winner|prize/i, io.stderr());
    } finally {
      mailer.close();
    }
    const codes = voters.map((v) => v.code);
    const ids = voters.map((v) => v.id);
    const outputs: Array<[string, string]> = [];
    for (const url of [
      '/api/v1/campaigns/test-prix',
      '/api/v1/campaigns/test-prix/draw',
      '/api/v1/campaigns/test-prix/results',
      '/api/v1/campaigns/test-prix/ballots',
      '/api/v1/campaigns/test-prix/ballots?format=csv',
      '/grand-prix/test-prix',
      '/grand-prix/test-prix/draw',
      `/grand-prix/test-prix/draw?code=${codes[0]}`,
      '/grand-prix/test-prix/results',
      '/grand-prix/test-prix/ballot',
    ]) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      outputs.push([url, res.body]);
    }
    const draw = outputs.find(([u]) => u === '/api/v1/campaigns/test-prix/draw')![1];
    assert.ok(codes.filter((_, i) => i !== 2).some((c) => draw.includes(c)), 'the draw record lists entry codes');
    const list = outputs.find(([u]) => u === '/api/v1/campaigns/test-prix/ballots')![1];
    assert.ok(ids.some((id) => list.includes(id)), 'the ballot list lists ballot-check ids');
    for (const [url, body] of outputs) {
      const hasCode = codes.some((c) => body.includes(c));
      const hasId = ids.some((id) => body.includes(id));
      assert.ok(!(hasCode && hasId), `${url} shows entry codes and ballot-check ids together`);
    }
    // The draw's entry list is sorted by code, the ballot list by id: neither order gives the other.
    const record = JSON.parse(draw) as { entries: string[] };
    const byCode = record.entries.map((c) => voters.find((v) => v.code === c)!.id);
    assert.notDeepEqual((JSON.parse(list) as BallotList).ballots.map((b) => b.id).filter((id) => byCode.includes(id)), byCode);
  });
});
