import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { articlesRepository } from '../articles/repository';
import { buildTestApp } from '../../test/support/app';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { formSession, postForm, type FormFields } from '../../test/support/forms';
import { CLOSES, DURING, confirmationToken, importTestCampaign, openBallot, tempOutbox } from '../../test/support/grandprix';

forEachEngine('Grand Prix pages', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let clock: Date;
  const outbox = tempOutbox();

  before(async () => {
    database = await open();
    await importTestCampaign(database.db, { promo: { headline: 'Vote and win a Lada', text: 'Pick the car of the year.', rubrics: ['industry'] } });
    await articlesRepository(database).save(articleInput({ slug: 'industry-story', rubric: { slug: 'industry', name: 'industry' }, publishedAt: new Date('2023-01-01T00:00:00Z') }));
    await articlesRepository(database).save(articleInput({ slug: 'news-story', rubric: { slug: 'news', name: 'news' }, publishedAt: new Date('2023-01-01T00:00:00Z') }));
    app = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
  });
  beforeEach(() => {
    clock = DURING;
  });
  after(async () => {
    await app.close();
    await database.close();
  });


  const filled = (csrf: string, started: string, extra: FormFields = {}) => ({
    _csrf: csrf,
    started,
    name: 'Boris',
    email: 'boris@example.com',
    'ballot.city-car': 'moskvich-3',
    'ballot.suv': '',
    'answers.q-plans': 'no',
    'answers.q-rate': '7',
    'answers.q-brands': ['lada', 'haval'],
    adult: 'on',
    consent: 'on',
    ...extra,
  });

  const submit = (cookie: string, fields: FormFields) => postForm(app, '/grand-prix/test-prix', fields, cookie);

  test('the ballot is accessible: fieldsets with legends, labelled inputs, the rules linked', async () => {
    const { page } = await openBallot(app);
    assert.match(page.body, /<fieldset class="category" id="f-ballot-city-car"><legend>City car<\/legend>/);
    assert.match(page.body, /<label for="f-email">Email address<\/label>/);
    assert.match(page.body, /href="\/grand-prix\/test-prix\/rules"/);
    assert.match(page.body, /Entries accepted until<\/dt><dd><time dateTime="2023-02-28T00:00:00\+03:00">28 February 2023, 00:00 \(Europe\/Moscow, UTC\+3\)/i);
  });

  test('a posted form without the CSRF token is refused', async () => {
    const { cookie, started } = await openBallot(app);
    clock = new Date(DURING.getTime() + 10_000);
    const res = await submit(cookie, filled('forged', started));
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /form has expired/);
    assert.equal((await database.db.selectFrom('entries').selectAll().execute()).length, 0);
  });

  test('a form sent faster than a person can fill it is shown again with what was typed', async () => {
    const { cookie, csrf, started } = await openBallot(app);
    clock = new Date(DURING.getTime() + 500);
    const res = await submit(cookie, filled(csrf, started));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /faster than a person/);
    assert.match(res.body, /value="boris@example.com"/);
  });

  test('errors are listed in a summary and tied to their fields; typed values are kept', async () => {
    const { cookie, csrf, started } = await openBallot(app);
    clock = new Date(DURING.getTime() + 10_000);
    const res = await submit(cookie, filled(csrf, started, { 'answers.q-plans': '', email: 'boris@', 'answers.q-rate': '7' }));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /id="error-summary"/);
    assert.match(res.body, /<a href="#f-email">/);
    assert.match(res.body, /<a href="#f-answers-q-plans">/);
    assert.match(res.body, /id="f-email"[^>]*aria-invalid="true"/);
    assert.match(res.body, /value="moskvich-3" checked/);
    assert.match(res.body, /name="answers.q-brands" value="haval" checked/);
  });

  test('a filled honeypot gets the usual answer and nothing is stored', async () => {
    const { cookie, csrf, started } = await openBallot(app);
    clock = new Date(DURING.getTime() + 10_000);
    const res = await submit(cookie, filled(csrf, started, { website: 'http://spam.example', email: 'bot@example.com' }));
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Check your email/);
    assert.equal((await database.db.selectFrom('entries').selectAll().where('email', '=', 'bot@example.com').execute()).length, 0);
  });

  test('a good form says "check your email"; the mailed link shows the receipt with the entry code', async () => {
    const { cookie, csrf, started } = await openBallot(app);
    clock = new Date(DURING.getTime() + 10_000);
    const res = await submit(cookie, filled(csrf, started));
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Check your email/);
    const token = await confirmationToken(app, outbox, 'boris@example.com');
    // Opening the link (as a mail scanner would, with GET or HEAD) does not use it up.
    assert.equal((await app.inject({ method: 'HEAD', url: `/grand-prix/confirm?token=${token}` })).statusCode, 200);
    const landing = await app.inject(`/grand-prix/confirm?token=${token}`);
    assert.equal(landing.statusCode, 200);
    assert.match(landing.body, /Confirm my entry/);
    const { cookie: landingCookie, csrf: landingCsrf } = formSession(landing);
    const confirm = (withCsrf: string) => postForm(app, '/grand-prix/confirm', { _csrf: withCsrf, token }, landingCookie);
    assert.equal((await confirm('forged')).statusCode, 403);
    const receipt = await confirm(landingCsrf);
    assert.equal(receipt.statusCode, 200);
    assert.match(receipt.body, /<strong class="entry-code">GP-[A-Z2-9]{4}-[A-Z2-9]{4}<\/strong>/);
    const reused = await app.inject(`/grand-prix/confirm?token=${token}`);
    assert.equal(reused.statusCode, 410);
    assert.match(reused.body, /already been used/);
    const garbage = await app.inject('/grand-prix/confirm?token=not-a-token-at-all-xxxxxxxxx');
    assert.equal(garbage.statusCode, 404);
    assert.match(garbage.body, /This confirmation link is not valid\. Check that you opened the whole link, or submit the form again\./);
  });

  test('the promo shows on articles of its rubrics while the vote is open, and not after', async () => {
    const industry = await app.inject('/news/industry-story');
    assert.match(industry.body, /<aside class="promo"[^>]*><h2 id="promo-title">Vote and win a Lada<\/h2>/);
    assert.match(industry.body, /href="\/grand-prix\/test-prix">Complete the questionnaire/);
    assert.doesNotMatch((await app.inject('/news/news-story')).body, /class="promo"/);
    clock = CLOSES;
    assert.doesNotMatch((await app.inject('/news/industry-story')).body, /class="promo"/);
    const closed = await app.inject('/grand-prix/test-prix');
    assert.match(closed.body, /Voting has closed/);
    assert.doesNotMatch(closed.body, /<form class="ballot"/);
  });
});
