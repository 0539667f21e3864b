import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { parseEmailAddress } from '../mail/email-address';
import { emailKey, isDisposable, normalizeEmail } from './email-normalize';

test('case and surrounding spaces do not make a new address', () => {
  assert.equal(normalizeEmail('  Ivan.Petrov@Example.COM '), 'ivan.petrov@example.com');
});

test('gmail and googlemail: dots and +tags are ignored, the domains are one', () => {
  const key = normalizeEmail('ivanpetrov@gmail.com');
  assert.equal(key, 'ivanpetrov@gmail.com');
  for (const variant of ['Ivan.Petrov@gmail.com', 'i.v.a.n.petrov+grandprix@gmail.com', 'ivan.petrov+a+b@googlemail.com', 'IVANPETROV@GoogleMail.com']) {
    assert.equal(normalizeEmail(variant), key, variant);
  }
});

test('+tags are stripped only where the provider delivers them to the same mailbox', () => {
  assert.equal(normalizeEmail('anna+vote@outlook.com'), 'anna@outlook.com');
  assert.equal(normalizeEmail('anna+vote@hotmail.com'), 'anna@hotmail.com');
  assert.equal(normalizeEmail('anna+x@icloud.com'), 'anna@icloud.com');
  assert.equal(normalizeEmail('anna+x@fastmail.com'), 'anna@fastmail.com');
  assert.equal(normalizeEmail('anna+x@proton.me'), 'anna@proton.me');
  // Unknown providers may treat "+" as an ordinary character.
  assert.equal(normalizeEmail('anna+x@example.org'), 'anna+x@example.org');
  assert.equal(normalizeEmail('anna+x@mail.ru'), 'anna+x@mail.ru');
});

test('dots are kept where they are significant', () => {
  assert.equal(normalizeEmail('anna.k@outlook.com'), 'anna.k@outlook.com');
  assert.notEqual(normalizeEmail('anna.k@outlook.com'), normalizeEmail('annak@outlook.com'));
});

test('Yahoo "-keyword" addresses are not folded: "-" is part of real Yahoo names', () => {
  assert.equal(normalizeEmail('john-smith@yahoo.com'), 'john-smith@yahoo.com');
  assert.notEqual(normalizeEmail('john-smith@yahoo.com'), normalizeEmail('john@yahoo.com'));
});

test('Yandex: +tags, dot/hyphen and the alias domains all reach one mailbox', () => {
  const key = normalizeEmail('ivan-petrov@yandex.ru');
  for (const variant of ['ivan.petrov@yandex.ru', 'ivan-petrov+gp@ya.ru', 'Ivan.Petrov@yandex.com', 'ivan-petrov@yandex.by']) {
    assert.equal(normalizeEmail(variant), key, variant);
  }
});

test('invalid addresses give null', () => {
  for (const bad of ['', 'ivan', '@gmail.com', 'ivan@', 'ivan@gmail', 'iv an@mail.ru', 'ivan..p@mail.ru', '.ivan@mail.ru',
    'ivan@-mail.ru', 'ivan@mail..ru', 'a@b@c.ru', '+tag@gmail.com', `${'a'.repeat(65)}@mail.ru`, 'ivan@mail.r']) {
    assert.equal(normalizeEmail(bad), null, bad);
  }
});

test('internationalised domains are compared in punycode', () => {
  assert.equal(normalizeEmail('ivan@почта.рф'), 'ivan@xn--80a1acny.xn--p1ai');
  for (const variant of ['user@пример.рф', 'User@ПРИМЕР.РФ', 'user@xn--e1afmkfd.xn--p1ai']) {
    assert.equal(normalizeEmail(variant), 'user@xn--e1afmkfd.xn--p1ai', variant);
  }
});

test('disposable domains come from the package list, including wildcard subdomains', () => {
  const require = createRequire(import.meta.url);
  const list = require('disposable-email-domains') as string[];
  const wildcard = require('disposable-email-domains/wildcard.json') as string[];
  const sample = list[Math.floor(list.length / 2)]!;
  assert.equal(isDisposable(sample), true, sample);
  assert.equal(isDisposable(sample.toUpperCase()), true);
  assert.equal(isDisposable(`anything.${wildcard[0]!}`), true);
  assert.equal(isDisposable('mailinator.com'), true);
  assert.equal(isDisposable('gmail.com'), false);
  assert.equal(isDisposable('yandex.ru'), false);
});

// Issue 11, hole 1: node:url's domainToASCII silently drops control characters, so
// "dupmb@gmail.com\r\nq1.org" once got its own key while its mail went to dupmb@gmail.com.
test('control characters in the domain give no key, let alone a new one', () => {
  for (const variant of ['dupmb@gmail.com\r\nq1.org', 'dupmb@gmail.com\r\nq2.org', 'dupmb@gmail.com\tq4.org']) {
    assert.equal(normalizeEmail(variant), null, JSON.stringify(variant));
  }
  // Hidden characters anywhere give no key either: none can mint a second key for one mailbox.
  for (const variant of ['dup\u200bmb@gmail.com', 'dupmb@gmail\u00ad.com', 'dupmb@gmail.com\u2060', 'd.u.p.m.b@gmail\u0085.com', 'dupmb\u202e@gmail.com']) {
    assert.equal(normalizeEmail(variant), null, JSON.stringify(variant));
  }
  assert.equal(normalizeEmail(' dupmb@GMAIL.com\r\n'), 'dupmb@gmail.com', 'a line break around the whole input is trimmed');
});

test('the key is made from the parse: emailKey(parseEmailAddress(x)) is normalizeEmail(x)', () => {
  for (const typed of ['Ivan.Petrov+gp@GoogleMail.com', 'ivan.petrov@ya.ru', 'anna+x@example.org', 'user@Пример.РФ']) {
    const parsed = parseEmailAddress(typed);
    assert.ok(parsed.ok, typed);
    assert.equal(emailKey(parsed), normalizeEmail(typed), typed);
  }
  const tagOnly = parseEmailAddress('+tag@gmail.com');
  assert.ok(tagOnly.ok);
  assert.equal(emailKey(tagOnly), null, 'nothing is left of a Gmail +tag alone');
});

test('an RFC 2047 encoded word gives no key', () => {
  assert.equal(normalizeEmail('=?utf-8?q?a?=@example.com'), null);
});

test('the disposable check takes the parsed ASCII domain; Unicode list entries are matched in punycode', () => {
  const require = createRequire(import.meta.url);
  const list = require('disposable-email-domains') as string[];
  // eslint-disable-next-line no-control-regex
  const unicode = list.find((d) => /[^\x00-\x7f]/.test(d))!;
  const parsed = parseEmailAddress(`x@${unicode}`);
  assert.ok(parsed.ok, unicode);
  assert.equal(isDisposable(parsed.domain), true, `${unicode} as ${parsed.domain}`);
  // The tricks that once slipped a list domain past the check do not even parse.
  for (const trick of ['x@mailinator.com\r\n.org', 'x@mailinator\u200b.com', 'x@mailinator.com\t.org', 'x@mailinator.com.', 'x@MAILINATOR.COM\u00ad']) {
    assert.equal(parseEmailAddress(trick).ok, false, JSON.stringify(trick));
  }
  const upper = parseEmailAddress('x@MAILINATOR.COM');
  assert.ok(upper.ok && isDisposable(upper.domain));
});
