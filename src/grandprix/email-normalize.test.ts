import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { isDisposable, normalizeEmail } from './email-normalize';

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
