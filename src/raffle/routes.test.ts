import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createMailer, type Mailer } from '../mail/mailer';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { captureIo } from '../../test/support/capture-io';
import { CLOSES, DURING, confirmedEntry, importTestCampaign, outboxMessages, postEntry, tempOutbox, validEntry } from '../../test/support/grandprix';
import { runRaffleCommand } from './cli';
import { parseDrawRecord } from './record';
import { verifyDrawRecord } from './verify';

const AFTER_CLOSE = new Date(CLOSES.getTime() + 3600_000);
const KEYS = ['version', 'campaign', 'closes_at', 'commitment', 'seed', 'beacon', 'entries', 'entries_digest', 'prizes', 'winners', 'alternates', 'drawn_at'];

forEachEngine('Prize draw over HTTP', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let outbox: string;
  let mailer: Mailer;
  let clock: Date;
  let commitment: string;
  /** entry code → email of its entrant */
  const emails = new Map<string, string>();

  const page = async (query = '') => {
    const res = await app.inject(`/grand-prix/test-prix/draw${query}`);
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    return res.body;
  };
  const cli = async (argv: string[]) => {
    const c = captureIo();
    const status = await runRaffleCommand(database.db, argv, c.io, { mailer, siteUrl: 'http://paddock.test', now: clock });
    return { status, stdout: c.stdout(), stderr: c.stderr() };
  };
  const record = async () => parseDrawRecord((await app.inject('/api/v1/campaigns/test-prix/draw')).body);

  before(async () => {
    database = await open();
    commitment = (await importTestCampaign(database.db)).commitment;
    outbox = tempOutbox();
    mailer = createMailer({ outboxDir: outbox, from: 'Paddock <draw@paddock.test>' });
    clock = DURING;
    app = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
    for (let i = 0; i < 9; i++) {
      const email = `reader${i}@example.com`;
      emails.set(await confirmedEntry(app, outbox, 'test-prix', email), email);
    }
    // Never confirmed: not eligible.
    await postEntry(app, validEntry({ email: 'lazy@example.com' }));
  });
  after(async () => {
    mailer.close();
    await app.close();
    await database.close();
  });

  describe('before the draw', () => {
    test('a draw without a beacon says, in English and Russian, what it proves and what it does not', async () => {
    const en = await page();
    assert.match(en, /What it proves: the seed was fixed before voting opened and the entry list at the close/);
    assert.match(en, /What it does not prove: whoever holds the secret seed can compute the outcome for any entry list in advance/);
    const ru = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, SITE_LANG: 'ru' } });
    try {
      const body = (await ru.inject('/grand-prix/test-prix/draw')).body;
      assert.match(body, /Что это доказывает: зерно было выбрано до начала голосования/);
      assert.match(body, /Чего это не доказывает: тот, у кого есть секретное зерно, может заранее вычислить исход для любого списка участников/);
    } finally {
      await ru.close();
    }
  });

  test('the record is a 404 JSON error and the page says the draw has not taken place', async () => {
      const res = await app.inject('/api/v1/campaigns/test-prix/draw');
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'not_drawn');
      assert.equal((await app.inject('/api/v1/campaigns/nope/draw')).statusCode, 404);
      assert.equal((await app.inject('/grand-prix/nope/draw')).statusCode, 404);
      const html = await page();
      assert.match(html, /The draw has not taken place yet/);
      assert.ok(html.includes(commitment), 'the commitment is shown');
      assert.match(html, /frozen at the close/);
      assert.match(html, /no public randomness beacon/);
      assert.match(await page('?code=GP-2222-2222'), /not frozen yet/);
    });

    test('after the close, before the draw, the frozen list answers the self-check', async () => {
      clock = AFTER_CLOSE;
      const [code] = [...emails.keys()];
      const html = await page(`?code=${encodeURIComponent(code!.toLowerCase())}`);
      assert.match(html, /is in the frozen entry list/);
      assert.match(html, /Frozen entry list: 9 entries/);
      assert.equal((await app.inject('/api/v1/campaigns/test-prix/draw')).statusCode, 404);
    });
  });

  describe('after the draw', () => {
    before(async () => {
      clock = new Date(CLOSES.getTime() + 2 * 3600_000);
      const drawn = await cli(['draw', 'test-prix']);
      assert.equal(drawn.status, 0, drawn.stderr);
      assert.match(drawn.stdout, /drawn test-prix at .*: 9 entries/);
    });

    test('the record has exactly the published shape, verifies, and matches the commitment and frozen list', async () => {
      const res = await app.inject('/api/v1/campaigns/test-prix/draw');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.match(String(res.headers['cache-control']), /immutable/);
      const body = JSON.parse(res.body) as Record<string, unknown>;
      assert.deepEqual(Object.keys(body), KEYS);
      const r = parseDrawRecord(res.body);
      assert.deepEqual(verifyDrawRecord(r), { ok: true });
      assert.equal(r.version, 'paddock-draw/1');
      assert.equal(r.campaign, 'test-prix');
      assert.equal(r.closes_at, CLOSES.toISOString());
      assert.equal(r.commitment, commitment);
      assert.equal(r.beacon, null);
      assert.deepEqual([...r.entries].sort(), [...emails.keys()].sort());
      assert.deepEqual(r.prizes, ['Car for a year', 'Weekend']);
      assert.deepEqual(r.winners.map((w) => w.prize), [1, 2]);
      assert.equal(r.alternates.length, 5);
      const campaign = (await app.inject('/api/v1/campaigns/test-prix')).json();
      assert.equal(campaign.entries_digest, r.entries_digest);
      // The bytes never change: a later request gets the same text.
      assert.equal((await app.inject('/api/v1/campaigns/test-prix/draw')).body, res.body);
    });

    test('the page shows the facts, winners, alternates, the raw JSON link, how to verify, and the log', async () => {
      const r = await record();
      const html = await page();
      assert.doesNotMatch(html, /has not taken place yet/);
      for (const w of r.winners) assert.ok(html.includes(w.code), `winner ${w.code}`);
      for (const a of r.alternates) assert.ok(html.includes(a), `alternate ${a}`);
      assert.ok(html.includes(r.seed) && html.includes(r.entries_digest));
      assert.match(html, /href="\/api\/v1\/campaigns\/test-prix\/draw"/);
      assert.match(html, /paddock raffle verify http:\/\/paddock\.test\/api\/v1\/campaigns\/test-prix\/draw/);
      assert.match(html, /The draw ran/);
      assert.match(html, /Prize 1 holder notified; claim by/);
      for (const email of emails.values()) assert.ok(!html.includes(email), 'no email address on the page');
      assert.ok(!html.includes('Anna Petrova'), 'no names on the page');
    });

    test('the self-check answers a winner, an alternate, a non-winner, an outsider and garbage, never a 5xx', async () => {
      const r = await record();
      const winner = r.winners[0]!.code;
      const alternate = r.alternates[1]!;
      const loser = r.entries.find((c) => !r.winners.some((w) => w.code === c) && !r.alternates.includes(c))!;
      assert.match(await page(`?code=${winner}`), new RegExp(`${winner} won prize 1: Car for a year`));
      // Typed the way people type: lower case, spaces, no prefix.
      const sloppy = winner.slice(3).toLowerCase().replace('-', ' ');
      assert.match(await page(`?code=${encodeURIComponent(sloppy)}`), new RegExp(`${winner} won prize 1`));
      assert.match(await page(`?code=${alternate}`), new RegExp(`${alternate} is alternate number 2`));
      assert.match(await page(`?code=${loser}`), new RegExp(`${loser} was in the draw but did not win`));
      const outsider = 'GP-ZZZZ-ZZZZ';
      assert.match(await page(`?code=${outsider}`), /GP-ZZZZ-ZZZZ was not in the draw/);
      const garbage = await page(`?code=${encodeURIComponent('<script>alert(1)</script>')}`);
      assert.match(garbage, /is not an entry code/);
      assert.ok(!garbage.includes('<script>alert'), 'the input is escaped');
      for (const q of ['?code=', '?code=%00%ff', `?code=${'x'.repeat(5000)}`, '?code=a&code=b', '?code[x]=1']) {
        const res = await app.inject(`/grand-prix/test-prix/draw${q}`);
        assert.ok(res.statusCode < 500, `${q} → ${res.statusCode}`);
      }
    });

    test('winners are mailed a claim deadline; a forfeit passes the prize to the next alternate and mails them; a claim is logged', async () => {
      const r = await record();
      const [first, second] = r.winners.map((w) => w.code) as [string, string];
      const winnerMail = outboxMessages(outbox, emails.get(first)!).find((m) => m.includes('You have won a prize'));
      assert.ok(winnerMail, 'the first winner got a mail');
      assert.match(winnerMail, new RegExp(`${first}[\\s\\S]*before 7 March 2023`));

      clock = new Date(CLOSES.getTime() + 10 * 86_400_000);
      const forfeited = await cli(['forfeit', 'test-prix', first, '--reason', 'did not answer (Ivan, +7 900 000-00-00)']);
      assert.equal(forfeited.status, 0, forfeited.stderr);
      const next = r.alternates[0]!;
      assert.match(forfeited.stdout, new RegExp(`${first} forfeited prize 1; it passes to ${next}`));
      assert.match(forfeited.stdout, new RegExp(`notified ${next} \\(prize 1\\)`));
      const mail = outboxMessages(outbox, emails.get(next)!).find((m) => m.includes('You have won a prize'));
      assert.ok(mail, 'the alternate got a mail');
      assert.match(mail, /has passed to your entry/);
      assert.match(mail, /before 17 March 2023/, 'a new claim period from the hand-over');

      assert.equal((await cli(['claim', 'test-prix', second])).status, 0);
      const again = await cli(['claim', 'test-prix', second]);
      assert.equal(again.status, 1);
      assert.match(again.stderr, /already claimed/);
      const twice = await cli(['forfeit', 'test-prix', first, '--reason', 'again']);
      assert.equal(twice.status, 1);
      assert.match(twice.stderr, /already forfeited/);
      const stranger = await cli(['claim', 'test-prix', r.alternates[3]!]);
      assert.equal(stranger.status, 1);
      assert.match(stranger.stderr, /holds no prize/);

      // The record is never rewritten; the page shows the hand-over and the log, without the reason.
      assert.deepEqual(await record(), r);
      const html = await page(`?code=${first}`);
      assert.match(html, /This entry forfeited; the prize passed on/);
      assert.match(html, /Forfeited prize 1; it passes to the next alternate/);
      assert.match(html, /Prize 2 claimed/);
      assert.match(html, /claimed<\/td>/);
      assert.ok(!html.includes('Ivan') && !html.includes('900 000'), 'the forfeit reason stays off the page');
      const holders = html.slice(html.indexOf('draw-holders-title'), html.indexOf('draw-verify-title'));
      assert.ok(holders.includes(next) && !holders.includes(first), 'prize 1 is now held by the first alternate');
      assert.match(await page(`?code=${next}`), new RegExp(`${next} is alternate number 1\\.[\\s\\S]*It now holds prize 1: Car for a year`));
    });
  });
});
