import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, createUser, TEST_PASSWORD } from '../../../test/support/admin-agent';
import { buildTestApp } from '../../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines';
import { CLOSES, DURING, confirmedEntry, importTestCampaign, postEntry, tempOutbox, validEntry } from '../../../test/support/grandprix';
import { forged, WALK_38, WALK_38_DRAWABLE, WALKTHROUGH, WALKTHROUGH_BEACON } from '../../../test/support/drand-rounds';
import { firstRoundAfter, MAINNET_DEFAULT } from '../../grandprix/drand-chains';
import { parseDrawRecord } from '../../raffle/record';

const BASE = '/admin/campaigns/test-prix';
const POSTS = [`${BASE}/entries/GP-2222-2222/disqualify`, `${BASE}/draw`, `${BASE}/forfeit`, `${BASE}/claim`];

forEachEngine('admin campaigns', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let outbox: string;
  let clock: Date;
  let admin: Agent;
  let editor: Agent;
  /** entry code → email */
  const codes = new Map<string, string>();

  const enter = (slug: string, email: string, extra: Record<string, unknown> = {}) => confirmedEntry(app, outbox, slug, email, extra);
  const auditRows = (action: string) => database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  const votesFor = (csv: string, nominee: string) => Number(csv.split('\n').find((l) => l.startsWith(`city-car,${nominee},`))?.split(',')[2]);

  before(async () => {
    database = await open();
    await importTestCampaign(database.db);
    await importTestCampaign(database.db, { slug: 'beacon-prix', title: 'Beacon Prix', draw: { beacon: WALKTHROUGH_BEACON },
      confirm_hours: 72,
      prizes: [
        { title: 'Car for a year', value: '480 000 ₽' },
        { title: 'Weekend', value: 60000, currency: 'EUR' },
      ],
    });
    await createUser(database.db, 'boss@example.com', 'admin');
    await createUser(database.db, 'writer@example.com', 'editor');
    outbox = tempOutbox();
    clock = DURING;
    app = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
    for (let i = 0; i < 6; i++) codes.set(await enter('test-prix', `reader${i}@example.com`), `reader${i}@example.com`);
    // Spreadsheet formulas in personal data must reach the CSV as text.
    codes.set(await enter('test-prix', 'formula@example.com', { name: '=HYPERLINK("http://evil.test","x")' }), 'formula@example.com');
    const pending = await postEntry(app, validEntry({ email: 'lazy@example.com' }));
    assert.equal(pending.statusCode, 202);
    await enter('beacon-prix', 'solo@example.com');
    admin = new Agent(app);
    assert.equal((await admin.login('boss@example.com', TEST_PASSWORD)).statusCode, 303);
    editor = new Agent(app);
    assert.equal((await editor.login('writer@example.com', TEST_PASSWORD)).statusCode, 303);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('without a session pages go to sign-in and JSON gets 401; editors get 403; every POST needs the CSRF token', async () => {
    const anonymous = new Agent(app);
    for (const url of ['/admin/campaigns', BASE, `${BASE}/entries`, `${BASE}/results`, `${BASE}/results.csv`, `${BASE}/entries.csv`]) {
      const res = await anonymous.get(url);
      assert.equal(res.statusCode, 303, url);
      assert.match(String(res.headers.location), /^\/admin\/login\?next=/, url);
      assert.equal((await anonymous.get(url, { accept: 'application/json' })).statusCode, 401, url);
      const byEditor = await editor.get(url);
      assert.equal(byEditor.statusCode, 403, url);
      assert.doesNotMatch(byEditor.body, /reader0@example\.com/);
    }
    await editor.get('/admin/articles');
    for (const url of POSTS) {
      assert.equal((await anonymous.post(url, { code: 'GP-2222-2222', reason: 'x' })).statusCode, 303, url);
      assert.equal((await editor.post(url, { code: 'GP-2222-2222', reason: 'x' })).statusCode, 403, url);
      const noToken = await admin.post(url, { code: 'GP-2222-2222', reason: 'x' }, { csrf: false });
      assert.equal(noToken.statusCode, 403, url);
      assert.match(noToken.body, /This form has expired or was opened in another browser\. Reload the page and send it again\./);
    }
    const editorNav = await editor.get('/admin/articles');
    assert.doesNotMatch(editorNav.body, /href="\/admin\/campaigns"/);
  });

  test('the list and the campaign page show status and counts', async () => {
    const list = await admin.get('/admin/campaigns');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /href="\/admin\/campaigns"[^>]*aria-current="page"/);
    const row = /<tr><td><a href="\/admin\/campaigns\/test-prix">Test Prix<\/a>.*?<\/tr>/s.exec(list.body)?.[0] ?? '';
    assert.match(row, /Open/);
    const numbers = [...row.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    assert.deepEqual(numbers, [8, 7, 1, 0, 7], 'entries, confirmed, pending, disqualified, counted');
    const detail = await admin.get(BASE);
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /8 in all: 7 confirmed, 1 awaiting confirmation, 0 disqualified; 7 counted/);
    assert.match(detail.body, /The draw can run after the close/);
    assert.match(detail.body, /<dt>Confirmation window<\/dt><dd>48 hours after an entry is sent \(confirm_hours\)<\/dd>/);
    assert.match(detail.body, /<li>Car for a year — RUB\s480,000<\/li><li>Weekend — RUB\s60,000<\/li>/);
    assert.match(detail.body, /<dt>Ballot list \(recountable results\)<\/dt><dd>Published when the entry list is frozen, beside its digest\.<\/dd>/);
    const settings = await admin.get('/admin/campaigns/beacon-prix');
    assert.match(settings.body, /72 hours after an entry is sent/);
    assert.match(settings.body, /<li>Car for a year — 480 000 ₽<\/li><li>Weekend — €60,000<\/li>/, 'a text as written, a number in its currency');
    assert.equal((await admin.get('/admin/campaigns/nope')).statusCode, 404);
  });

  test('entries are paginated and searchable by email or code; personal data is on the admin page', async () => {
    const all = await admin.get(`${BASE}/entries`);
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /8 entries/);
    assert.match(all.body, /reader3@example\.com/);
    const [code, email] = [...codes][2]!;
    const byEmail = await admin.get(`${BASE}/entries?q=${encodeURIComponent(` ${email.toUpperCase()} `)}`);
    assert.match(byEmail.body, /1 entry matching/);
    assert.ok(byEmail.body.includes(code));
    assert.ok(!byEmail.body.includes('reader3@example.com'));
    const byCode = await admin.get(`${BASE}/entries?q=${encodeURIComponent(code.toLowerCase().replace(/-/g, ' '))}`);
    assert.match(byCode.body, /1 entry matching/);
    assert.ok(byCode.body.includes(email));
    const none = await admin.get(`${BASE}/entries?q=nobody@example.com`);
    assert.match(none.body, /0 entries matching/);
    assert.match(none.body, /No entry has this email address or code/);
    assert.equal((await admin.get(`${BASE}/entries?page=2`)).statusCode, 200);
    assert.equal((await admin.get(`${BASE}/entries?page=0`)).statusCode, 400);
    const entry = await admin.get(`${BASE}/entries/${code}`);
    assert.equal(entry.statusCode, 200);
    assert.ok(entry.body.includes(email));
    assert.match(entry.body, /City car: Lada Vesta NG/);
    const missing = await admin.get(`${BASE}/entries/GP-2222-2222`);
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /There is no entry “GP-2222-2222” in this vote\./);
  });

  test('disqualifying needs a reason and a published reason code, is stored and audited without personal data, and the vote leaves the results', async () => {
    const [code, email] = [...codes][0]!;
    const before = await admin.get(`${BASE}/results.csv`);
    assert.equal(before.statusCode, 200);
    assert.equal(votesFor(before.body, 'vesta'), 7);

    await admin.get(`${BASE}/entries/${code}`);
    const empty = await admin.post(`${BASE}/entries/${code}/disqualify`, { reason: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Give a reason: it is kept in the audit log/);
    const unknown = await admin.post(`${BASE}/entries/GP-2222-2222/disqualify`, { reason: 'duplicate' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /There is no entry “GP-2222-2222”/);

    const form = await admin.get(`${BASE}/entries/${code}`);
    assert.match(form.body, /<select name="reason_code" required><option value selected>Choose the reason…<\/option><option value="duplicate">duplicate: more than one entry by the same person<\/option>/);
    for (const c of ['fraud', 'ineligible', 'rules', 'other']) assert.ok(form.body.includes(`<option value="${c}">${c}: `), c);
    const badCode = await admin.post(`${BASE}/entries/${code}/disqualify`, { reason: 'Second account of the same person', reason_code: 'cheating' });
    assert.equal(badCode.statusCode, 400);
    assert.match(badCode.body, /Choose the published reason code: one of duplicate, fraud, ineligible, rules, other\./);
    assert.ok(badCode.body.includes('Second account of the same person</textarea>'), 'the reason typed is kept');
    const done = await admin.post(`${BASE}/entries/${code.toLowerCase()}/disqualify`, { reason: 'Second account of the same person', reason_code: 'duplicate' });
    assert.equal(done.statusCode, 303);
    const page = await admin.get(String(done.headers.location));
    assert.match(page.body, /The entry is disqualified/);
    assert.match(page.body, /Second account of the same person/);
    assert.match(page.body, /<dt>Published reason<\/dt><dd><span class="reason-code"><code>duplicate<\/code> \(more than one entry by the same person\)<\/span><\/dd>/);
    const listed = await admin.get(`${BASE}/entries?q=${code}`);
    assert.match(listed.body, /<code>duplicate<\/code> \(more than one entry by the same person\)<\/span>: Second account of the same person<\/td>/);
    const again = await admin.post(`${BASE}/entries/${code}/disqualify`, { reason: 'again' });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already disqualified/);

    const row = await database.db.selectFrom('entries').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    assert.equal(row.disqualified_reason, 'Second account of the same person');
    assert.equal(row.disqualified_code, 'duplicate');
    const events = await database.db.selectFrom('entry_events').selectAll().where('entry_id', '=', row.id).execute();
    assert.deepEqual(
      events.map((e) => [e.action, e.actor, e.reason]),
      [['disqualify', 'boss@example.com', 'Second account of the same person']],
    );
    const logged = await auditRows('campaign.disqualify');
    assert.equal(logged.length, 1);
    assert.equal(logged[0]!.actor, 'boss@example.com');
    assert.equal(logged[0]!.target, 'campaign:test-prix');
    assert.deepEqual(JSON.parse(logged[0]!.details_json!), { code, reason: 'Second account of the same person', reason_code: 'duplicate' });
    assert.ok(!logged[0]!.details_json!.includes(email));

    assert.equal(votesFor((await admin.get(`${BASE}/results.csv`)).body, 'vesta'), 6);
    const results = await admin.get(`${BASE}/results`);
    assert.equal(results.statusCode, 200);
    assert.match(results.body, /6 counted entries/);
    assert.match(results.body, /<figure class="chart chart--bar" id="chart-city-car">/);
    assert.match(results.body, /chart--histogram/);
    assert.match(results.body, /Not public yet/);
    assert.match((await admin.get(BASE)).body, /1 disqualified; 6 counted/);
  });

  test('CSV exports: results for anyone on staff, entries audited and safe to open in a spreadsheet', async () => {
    const results = await admin.get(`${BASE}/results.csv`);
    assert.match(String(results.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(results.headers['content-disposition']), /attachment; filename="test-prix-results.csv"/);
    const lines = results.body.trimEnd().split('\n');
    assert.equal(lines[0], 'category,nominee,votes,share,ci95_low,ci95_high');
    assert.equal(lines.length, 1 + 3 + 2);

    const before = (await auditRows('campaign.entries_export')).length;
    const entries = await admin.get(`${BASE}/entries.csv`);
    assert.equal(entries.statusCode, 200);
    assert.match(String(entries.headers['content-type']), /^text\/csv/);
    assert.match(String(entries.headers['cache-control']), /no-store/);
    const rows = entries.body.trimEnd().split('\n');
    assert.match(rows[0]!, /^code,status,name,email,/);
    assert.equal(rows.length, 1 + 8);
    assert.ok(rows.some((r) => r.includes('reader5@example.com')));
    assert.ok(entries.body.includes(`"'=HYPERLINK(""http://evil.test"",""x"")"`), 'the formula is quoted as text');
    assert.ok(!/(^|,)=HYPERLINK/m.test(entries.body));
    const logged = await auditRows('campaign.entries_export');
    assert.equal(logged.length, before + 1);
    assert.equal(logged.at(-1)!.actor, 'boss@example.com');
    assert.deepEqual(JSON.parse(logged.at(-1)!.details_json!), { rows: 8 });
  });

  describe('the draw', () => {
    let record: ReturnType<typeof parseDrawRecord>;

    test('is refused before the close with the reason on the page, and runs once after it', async () => {
      await admin.get(BASE);
      const early = await admin.post(`${BASE}/draw`);
      assert.equal(early.statusCode, 409);
      assert.match(early.body, /The vote closes in .*; the draw can run only after the close\./);
      assert.equal((await app.inject('/api/v1/campaigns/test-prix/draw')).statusCode, 404);

      clock = new Date(CLOSES.getTime() + 3600_000);
      // The session began weeks earlier on the test clock and has expired: sign in again.
      assert.equal((await admin.login('boss@example.com', TEST_PASSWORD)).statusCode, 303);
      await admin.get(BASE);
      const unannounced = await admin.post(`${BASE}/draw`, { beacon_signature: WALK_38.signature });
      assert.equal(unannounced.statusCode, 400);
      assert.match(unannounced.body, /test-prix names no drand round .*so a beacon value cannot be given/);

      const drawn = await admin.post(`${BASE}/draw`, { beacon_signature: '' });
      assert.equal(drawn.statusCode, 200, drawn.body.slice(0, 500));
      assert.match(drawn.body, /The draw is done: 2 prizes awarded among 6 entries/);
      assert.match(drawn.body, /Notified GP-/);
      record = parseDrawRecord((await app.inject('/api/v1/campaigns/test-prix/draw')).body);
      assert.equal(record.entries.length, 6, 'the disqualified entry is not in the draw');

      // Frozen at the close: the ballot list's digest and count beside the entry list's, with the list and how to recount.
      const published = (await app.inject('/api/v1/campaigns/test-prix')).json<{ ballots_digest: string; ballots_count: number }>();
      assert.match(published.ballots_digest, /^[0-9a-f]{64}$/);
      assert.ok(
        drawn.body.includes(`${published.ballots_count} ballots, frozen with the entry list; their SHA-256 is <code class="hex">${published.ballots_digest}</code>`),
        'the ballot list is described as the API publishes it',
      );
      for (const href of ['/api/v1/campaigns/test-prix/ballots?format=json', '/api/v1/campaigns/test-prix/ballots?format=csv', '/docs/recount.md']) {
        assert.ok(drawn.body.includes(`href="${href}"`), href);
        const linked = await app.inject(href);
        assert.equal(linked.statusCode, 200, href);
      }
      assert.match((await app.inject('/docs/recount.md')).body, /paddock-ballots\/1/);

      const publicPage = await app.inject('/grand-prix/test-prix/draw');
      assert.equal(publicPage.statusCode, 200);
      for (const w of record.winners) assert.ok(publicPage.body.includes(w.code), w.code);
      assert.ok(publicPage.body.includes('a short verifier in Python: <a href="/docs/draw.md">docs/draw.md</a>'), 'the draw page links the specification it follows');

      await admin.get(BASE);
      const second = await admin.post(`${BASE}/draw`);
      assert.equal(second.statusCode, 409);
      assert.match(second.body, /cannot be drawn again/);

      const logged = await auditRows('raffle.draw');
      assert.equal(logged.length, 1);
      assert.equal(logged[0]!.actor, 'boss@example.com');
      const details = JSON.parse(logged[0]!.details_json!) as Record<string, unknown>;
      assert.deepEqual(details.winners, record.winners.map((w) => ({ prize: w.prize, code: w.code })));
      assert.ok(!logged[0]!.details_json!.includes('@'), 'no emails in the audit log');
    });

    test('a forfeited prize passes to the next alternate; claims are recorded; both are audited', async () => {
      const winner = record.winners.find((w) => w.prize === 1)!.code;
      const alternate = record.alternates[0]!;
      await admin.get(BASE);
      const noReason = await admin.post(`${BASE}/forfeit`, { code: winner, reason: '' });
      assert.equal(noReason.statusCode, 400);
      assert.match(noReason.body, /Give a reason: it is kept in the audit log/);
      const stranger = await admin.post(`${BASE}/forfeit`, { code: 'GP-2222-2222', reason: 'gone' });
      assert.equal(stranger.statusCode, 404);
      assert.match(stranger.body, /GP-2222-2222 is neither a winner nor an alternate of the test-prix draw/);

      const done = await admin.post(`${BASE}/forfeit`, { code: winner.toLowerCase(), reason: 'Did not answer within the claim period' });
      assert.equal(done.statusCode, 200);
      assert.ok(done.body.includes(`${winner} forfeited prize 1; it passes to ${alternate}.`));
      assert.ok(done.body.includes(`Notified ${alternate} (prize 1)`));
      const again = await admin.post(`${BASE}/forfeit`, { code: winner, reason: 'again' });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /has already forfeited/);

      const claimed = await admin.post(`${BASE}/claim`, { code: alternate });
      assert.equal(claimed.statusCode, 200);
      assert.ok(claimed.body.includes(`${alternate} claimed prize 1.`));
      assert.equal((await admin.post(`${BASE}/claim`, { code: winner })).statusCode, 409);

      const events = await database.db.selectFrom('raffle_events').selectAll().where('action', '=', 'forfeit').execute();
      assert.deepEqual(
        events.map((e) => [e.code, e.prize, e.actor]),
        [[winner, 1, 'boss@example.com']],
      );
      const [forfeit] = await auditRows('raffle.forfeit');
      assert.deepEqual(JSON.parse(forfeit!.details_json!), { code: winner, prize: 1, new_holder: alternate, reason: 'Did not answer within the claim period' });
      const [claim] = await auditRows('raffle.claim');
      assert.deepEqual(JSON.parse(claim!.details_json!), { code: alternate, prize: 1 });
      const publicPage = (await app.inject('/grand-prix/test-prix/draw')).body;
      assert.ok(publicPage.includes(alternate));
    });

    test('on a chained chain (drand’s original mainnet) the form asks for the previous round’s signature too', async () => {
      const round = firstRoundAfter(MAINNET_DEFAULT, CLOSES, 60);
      await importTestCampaign(database.db, { slug: 'chained-prix', title: 'Chained Prix', draw: { beacon: { chain: MAINNET_DEFAULT.hash, round } } });
      const page = await admin.get('/admin/campaigns/chained-prix');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<input name="beacon_signature"/);
      assert.match(page.body, /<label>Previous round’s signature <input name="beacon_previous_signature"/);
      assert.ok(page.body.includes(`“previous_signature” field at <a href="https://api.drand.sh/${MAINNET_DEFAULT.hash}/public/${round}"`));
    });

    test('a campaign that announced a drand round takes drand’s signature of it from the form, checked offline', async () => {
      // The walkthrough chain's round 38 is emitted in June 2023; the session began months earlier.
      clock = WALK_38_DRAWABLE;
      assert.equal((await admin.login('boss@example.com', TEST_PASSWORD)).statusCode, 303);
      const form = await admin.get('/admin/campaigns/beacon-prix');
      assert.match(form.body, /<label>Beacon signature <input name="beacon_signature"/);
      const relay = `https://api.drand.sh/${WALKTHROUGH.hash}/public/38`;
      assert.ok(form.body.includes(`the “signature” field at <a href="${relay}" rel="external noopener">${relay}</a>`), 'the hint says where the signature is');
      assert.doesNotMatch(form.body, /beacon_randomness|beacon_previous_signature/, 'no bare randomness; the walkthrough chain is not chained');

      const missing = await admin.post('/admin/campaigns/beacon-prix/draw', { allow_fewer: '1' });
      assert.equal(missing.statusCode, 409);
      assert.match(missing.body, /set DRAND_URL .* or give drand’s signature of that round \(the “Beacon signature” field/);
      const tooFew = await admin.post('/admin/campaigns/beacon-prix/draw', { beacon_signature: WALK_38.signature });
      assert.equal(tooFew.statusCode, 409);
      assert.match(tooFew.body, /There are fewer eligible entries \(1\) than prizes \(2\): to award only as many prizes as there are entries, tick “Award fewer prizes”/);
      const bad = await admin.post('/admin/campaigns/beacon-prix/draw', { beacon_signature: 'not hex', allow_fewer: '1' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /The drand beacon could not be used: /);
      assert.ok(bad.body.includes('value="not hex"'), 'what was typed is kept');
      assert.match(bad.body, /name="allow_fewer" value="1" checked/);

      const forgery = forged(WALK_38.signature);
      const refused = await admin.post('/admin/campaigns/beacon-prix/draw', { beacon_signature: forgery, allow_fewer: '1' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /The drand beacon could not be used: beacon\.signature is not drand's signature of round 38: it does not verify against the public key of chain af8b6fc9/);
      assert.ok(refused.body.includes(`value="${forgery}"`), 'the forged value is shown again to be corrected');
      assert.equal((await app.inject('/api/v1/campaigns/beacon-prix/draw')).statusCode, 404, 'nothing was drawn');
      const stored = await database.db.selectFrom('raffle_draws').innerJoin('campaigns', 'campaigns.id', 'raffle_draws.campaign_id').select('raffle_draws.id').where('campaigns.slug', '=', 'beacon-prix').execute();
      assert.deepEqual(stored, []);
      assert.equal((await auditRows('raffle.draw')).length, 1, 'only the test-prix draw is in the audit log');

      const ok = await admin.post('/admin/campaigns/beacon-prix/draw', { beacon_signature: ` ${WALK_38.signature.toUpperCase()} `, allow_fewer: '1' });
      assert.equal(ok.statusCode, 200, ok.body.slice(0, 500));
      assert.match(ok.body, /1 prize awarded among 1 entry;/);
      const r = parseDrawRecord((await app.inject('/api/v1/campaigns/beacon-prix/draw')).body);
      assert.deepEqual(r.beacon, { chain: WALKTHROUGH.hash, ...WALK_38 });
      assert.ok(ok.body.includes(WALK_38.signature), 'the campaign page shows the record’s signature');
    });
  });
});
