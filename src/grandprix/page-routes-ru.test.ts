import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/support/app';
import { openTestDatabase, type TestDatabase } from '../../test/support/engines';
import { formSession, postForm } from '../../test/support/forms';
import { CLOSES, DURING, confirmEntry, confirmationToken, importTestCampaign, openBallot, postEntry, tempOutbox, validEntry } from '../../test/support/grandprix';

// What a Russian reader sees when the ballot or the confirmation link goes wrong; the JSON API stays English.

let database: TestDatabase;
let app: FastifyInstance;
let clock: Date;
const outbox = tempOutbox();

before(async () => {
  database = await openTestDatabase('sqlite');
  await importTestCampaign(database.db);
  app = await buildTestApp(database, { now: () => clock, env: { SITE_LANG: 'ru', MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
});
beforeEach(() => {
  clock = DURING;
});
after(async () => {
  await app.close();
  await database.close();
});

const later = (ms: number) => new Date(clock.getTime() + ms);


const post = (fields: Record<string, string>, open: { cookie: string; csrf: string; started: string }) =>
  postForm(app, '/grand-prix/test-prix', { _csrf: open.csrf, started: open.started, ...fields }, open.cookie);

const complete = { name: 'Борис', email: 'boris@example.com', 'ballot.city-car': 'vesta', 'answers.q-plans': 'yes', 'answers.q-rate': '7', adult: 'on', consent: 'on' };

/** An entry sent and confirmed through the API; returns its (now used) token. */
async function confirmedEntry(email: string): Promise<string> {
  await postEntry(app, validEntry({ email }));
  const token = await confirmationToken(app, outbox, email);
  assert.equal((await confirmEntry(app, token)).statusCode, 200);
  return token;
}

/** The message under a field (its `e-…` paragraph), or null. */
const fieldError = (body: string, id: string) => new RegExp(`<p class="field-error" id="e-${id}">([^<]*)</p>`).exec(body)?.[1] ?? null;
const summaryItems = (body: string) => [...body.matchAll(/<li><a href="#(f-[^"]+)">([^<]*)<\/a><\/li>/g)].map((m) => [m[1], m[2]]);

test('no nominee, a bad email and unticked boxes: Russian errors, in the summary and under each field', async () => {
  const open = await openBallot(app);
  clock = later(10_000);
  const res = await post({ ...complete, 'ballot.city-car': '', email: 'boris@', adult: '', consent: '' }, open);
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /<h2 id="error-summary-title">Пожалуйста, исправьте<\/h2>/);
  assert.equal(fieldError(res.body, 'email'), '«boris@» — неверный адрес электронной почты; проверьте его: адрес выглядит так: name@example.com.');
  assert.match(res.body, /id="f-email"[^>]*aria-invalid="true"[^>]*aria-describedby="email-hint e-email"/);
  assert.equal(fieldError(res.body, 'ballot'), 'Проголосуйте хотя бы в одной номинации: выберите понравившийся автомобиль и отправьте анкету ещё раз.');
  assert.match(res.body, /<h2 id="f-ballot"/, 'the summary link has somewhere to land');
  assert.equal(fieldError(res.body, 'adult'), 'Подтвердите, что вам исполнилось 18 лет: голосование и розыгрыш призов — только для совершеннолетних.');
  assert.equal(fieldError(res.body, 'consent'), 'Примите правила, чтобы участвовать: в них сказано, как мы используем ваше имя и адрес почты.');
  assert.deepEqual(
    summaryItems(res.body).map(([href]) => href),
    ['f-email', 'f-ballot', 'f-adult', 'f-consent'],
  );
  for (const [, text] of summaryItems(res.body)) assert.match(text!, /[а-яё]/i, text);
  assert.match(res.body, /value="boris@"/, 'what was typed is kept');
});

test('a nominee not in the category and a missing required answer are explained in Russian in their fieldsets', async () => {
  const open = await openBallot(app);
  clock = later(10_000);
  const res = await post({ ...complete, 'ballot.suv': 'lada', 'answers.q-plans': '' }, open);
  assert.equal(res.statusCode, 400);
  assert.equal(fieldError(res.body, 'ballot-suv'), '«lada» не участвует в номинации «Crossover»; выберите один из автомобилей в списке.');
  assert.equal(fieldError(res.body, 'answers-q-plans'), 'Ответьте на вопрос «Buying a car this year?»: он обязательный.');
});

test('a form sent too fast is refused in Russian', async () => {
  const open = await openBallot(app);
  clock = later(500);
  const res = await post(complete, open);
  assert.equal(res.statusCode, 400);
  assert.deepEqual(summaryItems(res.body), [['f-form', 'Форма отправлена быстрее, чем человек успел бы её заполнить. Проверьте ответы и отправьте её ещё раз.']]);
});

test('a form sent after the close is refused in Russian, with the deadline in the campaign zone', async () => {
  clock = new Date(CLOSES.getTime() - 60_000);
  const open = await openBallot(app);
  clock = new Date(CLOSES.getTime() + 5_000);
  const res = await post(complete, open);
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /<h1>Недоступно<\/h1>/);
  assert.match(res.body, /<p>Голосование завершилось 28 февраля 2023 г\., 00:00 \(Europe\/Moscow, UTC\+3\); заявки, поступившие в этот момент или позже, не принимаются\.<\/p>/);
  assert.doesNotMatch(res.body, /Voting closed/);
});

test('an email already confirmed is refused in Russian under the email field', async () => {
  await confirmedEntry('vera@example.com');
  const open = await openBallot(app);
  clock = later(10_000);
  const res = await post({ ...complete, email: 'vera@example.com' }, open);
  assert.equal(res.statusCode, 409);
  assert.equal(fieldError(res.body, 'email'), 'Заявка с этим адресом почты уже подтверждена в этом голосовании; участвовать можно только один раз.');
});

test('the confirmation page explains a used, expired, unknown or broken link in Russian', async () => {
  const used = await app.inject(`/grand-prix/confirm?token=${await confirmedEntry('yana@example.com')}`);
  assert.equal(used.statusCode, 410);
  assert.match(used.body, /<p>Эта ссылка для подтверждения уже использована: заявка подтверждена\. Код участника мы отправили вам отдельным письмом\.<\/p>/);
  assert.match(used.body, /<h1>Не удалось подтвердить заявку<\/h1>/, "the heading says what failed");

  await postEntry(app, validEntry({ email: 'gleb@example.com' }));
  const token = await confirmationToken(app, outbox, 'gleb@example.com');
  // The landing page's form is sent after the link ran out: the POST says so too.
  const landing = await app.inject(`/grand-prix/confirm?token=${token}`);
  assert.equal(landing.statusCode, 200);
  assert.match(landing.body, /Подтвердить заявку/);
  clock = later(49 * 3600_000);
  const expired = await app.inject(`/grand-prix/confirm?token=${token}`);
  assert.equal(expired.statusCode, 410);
  assert.match(expired.body, /<p>Срок действия ссылки истёк \(ссылки для подтверждения действуют 48 ч\)\. Отправьте анкету ещё раз, чтобы получить новую\.<\/p>/);
  const { cookie, csrf } = formSession(landing);
  const confirm = await postForm(app, '/grand-prix/confirm', { _csrf: csrf, token }, cookie);
  assert.equal(confirm.statusCode, 410);
  assert.match(confirm.body, /Срок действия ссылки истёк/);

  const unknown = await app.inject('/grand-prix/confirm?token=not-a-token-at-all-xxxxxxxxx');
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.body, /<p>Эта ссылка для подтверждения недействительна\. Проверьте, что открыли её целиком, или отправьте анкету ещё раз\.<\/p>/);
  const broken = await app.inject('/grand-prix/confirm?token=short');
  assert.equal(broken.statusCode, 400);
  assert.match(broken.body, /<p>Ссылка для подтверждения неполная или повреждена: откройте её из письма целиком/);
});

test('a missing vote is a Russian 404', async () => {
  const res = await app.inject('/grand-prix/no-such-prix');
  assert.equal(res.statusCode, 404);
  assert.match(res.body, /<p>Голосования «no-such-prix» нет\.<\/p>/);
});

test('the JSON API keeps its English messages for developers', async () => {
  const bad = await postEntry(app, validEntry({ email: 'boris@' }));
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json(), { error: { code: 'invalid_email', message: '"boris@" is not a valid email address; check it and write it like name@example.com.', field: 'email' } });
  const used = await confirmEntry(app, await confirmedEntry('zoya@example.com'));
  assert.equal(used.statusCode, 410);
  assert.match(used.json().error.message, /^This confirmation link has already been used/);
});

test('a broken address, an expired form and too many requests are explained in Russian on pages', async () => {
  const badUrl = await app.inject('/news/%E0%A4%A');
  assert.equal(badUrl.statusCode, 400);
  assert.match(badUrl.body, /Этот адрес неверен/);

  // A form sent without the CSRF cookie it was issued with (another browser, or an old tab).
  const { csrf, started } = await openBallot(app);
  const forged = await postForm(app, '/grand-prix/test-prix', { _csrf: csrf, started, name: 'Вера', email: 'vera@example.com' });
  assert.equal(forged.statusCode, 403);
  assert.match(forged.body, /Срок действия формы истёк/);

  const limited = await buildTestApp(database, { now: () => clock, env: { SITE_LANG: 'ru', MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '1' } });
  try {
    const send = () => postForm(limited, '/grand-prix/confirm', { token: 'x' });
    await send();
    const refused = await send();
    assert.equal(refused.statusCode, 429);
    assert.match(refused.body, /Слишком много запросов/);
    assert.match(refused.body, /\(не больше 1\)\. Попробуйте снова через \d+ с\./);
  } finally {
    await limited.close();
  }
});
