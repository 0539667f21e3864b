import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, createUser, TEST_PASSWORD } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { mailSubject, outboxMessages, tempOutbox } from '../../test/support/grandprix';

const REDIS_URL = process.env.PADDOCK_TEST_REDIS_URL;
const htmlLang = (body: string) => /<html lang="(\w+)"/.exec(body)?.[1];

forEachEngine('each person\'s admin language', (open, engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: Agent;
  let outbox: string;
  // Run specific emails: with Redis, the sign-in limits are shared between runs.
  const tag = `${engine}-${Date.now().toString(36)}`;
  const boss = `boss-${tag}@example.com`;
  before(async () => {
    database = await open();
    outbox = tempOutbox();
    await createUser(database.db, boss, 'admin');
    app = await buildTestApp(database, { env: { MAIL_OUTBOX: outbox } });
    admin = new Agent(app);
    await admin.login(boss, TEST_PASSWORD);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('a contributor chooses Russian on My account; the next page speaks it, and "the site\'s language" goes back', async () => {
    const email = `writer-${tag}@example.com`;
    await createUser(database.db, email, 'contributor');
    const writer = new Agent(app);
    assert.equal((await writer.login(email, TEST_PASSWORD)).statusCode, 303);
    const page = await writer.get('/admin/account');
    assert.equal(page.statusCode, 200);
    assert.equal(htmlLang(page.body), 'en');
    assert.match(page.body, /<h1>My account<\/h1>/);
    assert.ok(page.body.includes(email));
    assert.match(page.body, /<dd>contributor<\/dd>/);
    assert.match(page.body, /<option value="site" selected>The site’s language \(English\)<\/option>/);

    const saved = await writer.post('/admin/account', { lang: 'ru' });
    assert.equal(saved.statusCode, 303);
    const after = await writer.get(saved.headers.location as string);
    assert.equal(htmlLang(after.body), 'ru');
    assert.match(after.body, /<h1>Мой профиль<\/h1>/);
    assert.match(after.body, /Язык сохранён\./);
    assert.match(after.body, /<dd>автор<\/dd>/);
    assert.match(after.body, /<option value="ru" lang="ru" selected>Русский<\/option>/);
    const audit = await database.db.selectFrom('audit_log').select(['actor', 'target', 'details_json']).where('action', '=', 'user.language').execute();
    assert.deepEqual(audit.map((a) => [a.actor, a.target, JSON.parse(a.details_json ?? 'null')]), [[email, `user:${email}`, { lang: 'ru', was: 'site' }]]);

    // A refusal is worded in the person's language too.
    const bad = await writer.post('/admin/account', { lang: 'de' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /«lang» должно быть одним из: en, ru, site\./);

    assert.equal((await writer.post('/admin/account', { lang: 'site' })).statusCode, 303);
    assert.equal(htmlLang((await writer.get('/admin/account')).body), 'en');
    // A contributor can sign out (the form is in every page's frame).
    const out = await writer.post('/admin/logout');
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/admin/login?bye=1');
  });

  test('the language is read on every request: a second session of the same person switches at its next page', async () => {
    const email = `two-${tag}@example.com`;
    await createUser(database.db, email, 'editor');
    const laptop = new Agent(app);
    const phone = new Agent(app);
    await laptop.login(email, TEST_PASSWORD);
    await phone.login(email, TEST_PASSWORD);
    assert.equal(htmlLang((await phone.get('/admin/account')).body), 'en');
    await laptop.get('/admin/account');
    await laptop.post('/admin/account', { lang: 'ru' });
    assert.equal(htmlLang((await phone.get('/admin/account')).body), 'ru');
  });

  test('an admin adds a person in Russian and mails the link: mail, set-password page and their admin speak Russian', async () => {
    const email = `ivan-${tag}@example.com`;
    await admin.get('/admin/users');
    const added = await admin.post('/admin/users', { email, role: 'editor', lang: 'ru', mail: '1' });
    assert.equal(added.statusCode, 201);
    assert.ok(added.body.includes(`The link is mailed to ${email}, in their language.`));
    const mails = outboxMessages(outbox, email);
    assert.equal(mails.length, 1);
    const mail = mails[0]!;
    assert.equal(mailSubject(mail), 'Ваша учётная запись в администрировании Paddock');
    assert.match(mail, /приглашает вас в администрирование Paddock/);
    assert.match(mail, /роль — редактор/);
    const token = /set-password\?token=([\w-]+)/.exec(mail)?.[1];
    assert.ok(token, 'the mail carries the link');
    assert.ok(added.body.includes(token), 'and the page shows the same link');

    const newcomer = new Agent(app);
    const setPage = await newcomer.get(`/admin/set-password?token=${token}`);
    assert.equal(htmlLang(setPage.body), 'ru', 'the set-password page speaks its owner\'s language');
    assert.match(setPage.body, /<h1>Задайте пароль<\/h1>/);
    const short = await newcomer.post('/admin/set-password', { token, password: 'short', confirm: 'short' });
    assert.match(short.body, /Пароль должен быть не короче 12 символов\./);
    const differ = await newcomer.post('/admin/set-password', { token, password: 'один длинный пароль', confirm: 'другой длинный пароль' });
    assert.match(differ.body, /Пароли не совпадают/);
    assert.equal((await newcomer.post('/admin/set-password', { token, password: 'один длинный пароль', confirm: 'один длинный пароль' })).statusCode, 303);
    await newcomer.login(email, 'один длинный пароль');
    assert.equal(htmlLang((await newcomer.get('/admin/account')).body), 'ru');

    // The admin switches them to English in the list; their next page is English.
    const id = (await database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const list = await admin.get('/admin/users');
    assert.ok(list.body.includes(`aria-label="Language of ${email}"`));
    const changed = await admin.post(`/admin/users/${id}/lang`, { lang: 'en' });
    assert.equal(changed.statusCode, 303);
    assert.match((await admin.get(changed.headers.location as string)).body, /The language is saved/);
    assert.equal(htmlLang((await newcomer.get('/admin/account')).body), 'en');

    // A new link by mail, now in English; the old one stops working.
    await admin.get('/admin/users');
    const again = await admin.post(`/admin/users/${id}/mail`);
    assert.equal(again.statusCode, 200);
    const second = outboxMessages(outbox, email)[1]!;
    assert.equal(mailSubject(second), 'A new password link for the Paddock admin');
    assert.match(second, /earlier links no longer work/);
    assert.equal((await admin.post(`/admin/users/${id}/lang`, { lang: 'fr' })).statusCode, 400);
  });
});

forEachEngine('a set-password mail that cannot be sent', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  before(async () => {
    database = await open();
    await createUser(database.db, 'boss@example.com', 'admin');
    // Nothing listens on port 1: the SMTP connection is refused at once.
    app = await buildTestApp(database, { env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('the page says so and still shows the link to hand over', async () => {
    const admin = new Agent(app);
    await admin.login('boss@example.com', TEST_PASSWORD);
    await admin.get('/admin/users');
    const res = await admin.post('/admin/users', { email: 'far@example.com', role: 'contributor', mail: '1' });
    assert.equal(res.statusCode, 201);
    assert.match(res.body, /role="alert">The mail to far@example\.com could not be sent; copy the link below and send it yourself\./);
    assert.match(res.body, /value="http:\/\/paddock\.test\/admin\/set-password\?token=[\w-]+"/);
    assert.doesNotMatch(res.body, /The link is mailed/);
  });
});

forEachEngine('the admin before sign-in, on a Russian site (SITE_LANG=ru)', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  before(async () => {
    database = await open();
    await createUser(database.db, 'anna@example.com', 'editor');
    app = await buildTestApp(database, { env: { SITE_LANG: 'ru' } });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('sign-in, its refusals and the set-password page speak the site\'s language', async () => {
    const visitor = new Agent(app);
    const login = await visitor.get('/admin/login');
    assert.equal(htmlLang(login.body), 'ru');
    assert.match(login.body, /<h1>Вход<\/h1>/);
    const wrong = await visitor.post('/admin/login', { email: 'anna@example.com', password: 'not her password' });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /Неверный адрес электронной почты или пароль/);
    const bad = await visitor.get('/admin/set-password?token=nonsense');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Ссылка недействительна/);
    assert.match((await visitor.get('/admin/login?bye=1')).body, /Вы вышли из системы\./);
  });
});

forEachEngine('each person\'s admin language with sessions in Redis', (open, engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const email = `redis-${engine}-${Date.now().toString(36)}@example.com`;
  before(async () => {
    if (!REDIS_URL) return;
    database = await open();
    await createUser(database.db, email, 'contributor');
    app = await buildTestApp(database, { env: { REDIS_URL } });
  });
  after(async () => {
    if (!REDIS_URL) return;
    await app.close();
    await database.close();
  });

  test('the next page after choosing a language speaks it', { skip: REDIS_URL ? false : 'PADDOCK_TEST_REDIS_URL not set' }, async () => {
    const agent = new Agent(app, { remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}` });
    assert.equal((await agent.login(email, TEST_PASSWORD)).statusCode, 303);
    assert.equal(htmlLang((await agent.get('/admin/account')).body), 'en');
    assert.equal((await agent.post('/admin/account', { lang: 'ru' })).statusCode, 303);
    assert.equal(htmlLang((await agent.get('/admin/account')).body), 'ru');
  });
});
