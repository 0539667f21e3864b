import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confirmationMail, receiptMail } from './mail-texts';
import { baseCampaign } from '../../test/support/grandprix-fixtures';

const campaign = baseCampaign();
const link = 'http://paddock.test/grand-prix/confirm?token=abcdefghijklmnopqrstuvwxyz012345';
const expiresAt = new Date('2023-02-03T12:00:00Z');

test('the confirmation mail is English by default, as before', () => {
  const mail = confirmationMail({ to: 'anna@example.com', name: 'Anna', campaign, link, expiresAt });
  assert.equal(mail.to, 'anna@example.com');
  assert.equal(mail.subject, 'Confirm your entry: Test Prix');
  assert.ok(mail.text.startsWith('Hello Anna,\n\nthank you for voting in Test Prix.'), mail.text);
  assert.ok(mail.text.includes(`\n${link}\n`));
  assert.ok(mail.text.includes('The link works once, for 48 hours: until 3 February 2023, 15:00 (Europe/Moscow, UTC+3).'), mail.text);
  assert.deepEqual(confirmationMail({ to: 'anna@example.com', name: 'Anna', campaign, link, expiresAt, lang: 'en' }), mail);
});

test('the confirmation mail in Russian: subject, greeting, the link on its own line and the deadline in Russian', () => {
  const mail = confirmationMail({ to: 'anna@example.com', name: 'Анна', campaign, link, expiresAt, lang: 'ru' });
  assert.equal(mail.subject, 'Подтвердите участие: Test Prix');
  assert.ok(mail.text.startsWith('Здравствуйте, Анна!\n\nСпасибо за участие в голосовании «Test Prix»!'), mail.text);
  assert.ok(mail.text.includes(`\n${link}\n`), 'the link stands alone so mail clients make it clickable');
  assert.match(mail.text, /Ссылка одноразовая и действует 48 часов: до 3 февраля 2023 г\., 15:00 \(Europe\/Moscow, UTC\+3\)\./);
  assert.match(mail.text, /без подтверждения ничего не засчитывается/);
  assert.doesNotMatch(mail.text.replace(link, '').replace('Test Prix', ''), /\b(the|your|link|entry)\b/i);
});

test("the confirmation mail names the campaign's own window, in words that agree with the number", () => {
  const day = { ...campaign, confirm_hours: 24 };
  assert.match(confirmationMail({ to: 'a@example.com', name: 'A', campaign: day, link, expiresAt }).text, /works once, for 24 hours: until/);
  assert.match(confirmationMail({ to: 'a@example.com', name: 'А', campaign: day, link, expiresAt, lang: 'ru' }).text, /действует 24 часа: до/);
  assert.match(confirmationMail({ to: 'a@example.com', name: 'А', campaign: { ...campaign, confirm_hours: 1 }, link, expiresAt, lang: 'ru' }).text, /действует 1 час: до/);
});

test('the receipt mail carries the entry code and the draw page, in English by default and in Russian', () => {
  const p = { to: 'anna@example.com', name: 'Anna', campaign, code: 'GP-ABCD-2345', siteUrl: 'http://paddock.test' };
  const mail = receiptMail(p);
  assert.equal(mail.subject, 'Your entry code: GP-ABCD-2345');
  assert.ok(mail.text.includes('your entry in Test Prix is confirmed. Your public entry code is:\n\n    GP-ABCD-2345\n'), mail.text);
  assert.ok(mail.text.includes('check it on http://paddock.test/grand-prix/test-prix/draw,'), mail.text);

  const ru = receiptMail({ ...p, name: 'Анна', lang: 'ru' });
  assert.equal(ru.subject, 'Ваш код участника: GP-ABCD-2345');
  assert.ok(ru.text.startsWith('Здравствуйте, Анна!\n\nВаша заявка на участие в голосовании «Test Prix» подтверждена.'), ru.text);
  assert.ok(ru.text.includes('\n    GP-ABCD-2345\n'), ru.text);
  assert.match(ru.text, /после розыгрыша призов вы сможете найти его на странице http:\/\/paddock\.test\/grand-prix\/test-prix\/draw — там любой может проверить/);
});
