import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createI18n } from '../i18n/messages';
import { isCompleteForDraw, validateEntry, type EntryError, type EntryInput } from './entry-validate';
import { entryErrorText } from './page-messages';
import { baseCampaign } from '../../test/support/grandprix-fixtures';

const campaign = baseCampaign();
// The words a reader of the English site (and a JSON client) gets for an error.
const english = createI18n('en', 'UTC');
const said = (e: EntryError) => entryErrorText(e, english);

// What the HTML form posts for a complete entry: strings, "on" checkboxes.
function formInput(overrides: Partial<EntryInput> = {}): EntryInput {
  return {
    name: '  Anna   Ivanova ',
    email: 'Anna.Ivanova+gp@GMAIL.com',
    adult: 'on',
    consent: 'on',
    ballot: { 'city-car': 'vesta', suv: '' },
    answers: { 'q-plans': 'yes', 'q-brands': ['kia', 'lada'], 'q-wish': ' EVs\r\n', 'q-rate': '7', 'q-age': '34' },
    ...overrides,
  };
}

function errorsOf(input: EntryInput) {
  const r = validateEntry(campaign, input);
  assert.equal(r.ok, false, 'expected the entry to be refused');
  return r.ok ? [] : r.errors;
}

function onlyError(input: EntryInput) {
  const errors = errorsOf(input);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  return errors[0]!;
}

test('a complete form entry is normalised', () => {
  const r = validateEntry(campaign, formInput());
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  assert.deepEqual(r.value, {
    name: 'Anna Ivanova',
    email: 'Anna.Ivanova+gp@gmail.com',
    emailShown: 'Anna.Ivanova+gp@gmail.com',
    emailKey: 'annaivanova@gmail.com',
    adult: true,
    consent: true,
    ballot: { 'city-car': 'vesta' },
    answers: { 'q-plans': 'yes', 'q-brands': ['lada', 'kia'], 'q-wish': 'EVs', 'q-rate': 7, 'q-age': 34 },
  });
  assert.equal(isCompleteForDraw(campaign, r.value), true);
});

test('JSON input with real numbers and booleans is accepted too', () => {
  const r = validateEntry(campaign, formInput({ adult: true, consent: false, answers: { 'q-plans': 'no', 'q-rate': 10, 'q-age': 14 } }));
  assert.ok(r.ok);
  assert.equal(r.value.answers['q-rate'], 10);
  assert.equal(r.value.consent, false);
});

test('at least one category must be voted in', () => {
  const e = onlyError(formInput({ ballot: { 'city-car': '', suv: '' } }));
  assert.deepEqual([e.field, e.code], ['ballot', 'no_votes']);
  assert.match(said(e), /at least one category/);
});

test('unknown categories and nominees are named', () => {
  let e = onlyError(formInput({ ballot: { 'city-car': 'vesta', premium: 'bmw-i7' } }));
  assert.deepEqual([e.field, e.code], ['ballot.premium', 'unknown_category']);
  e = onlyError(formInput({ ballot: { suv: 'vesta' } }));
  assert.deepEqual([e.field, e.code], ['ballot.suv', 'unknown_nominee']);
  assert.match(said(e), /"vesta" is not a nominee in "Crossover"/);
  e = onlyError(formInput({ ballot: { suv: ['jolion', 'monjaro'] } }));
  assert.deepEqual([e.field, e.code], ['ballot.suv', 'too_many']);
});

test('a nominee id cannot be smuggled in through the prototype', () => {
  const e = onlyError(formInput({ ballot: { 'city-car': 'toString' } }));
  assert.equal(e.code, 'unknown_nominee');
});

test('each answer problem names its question', () => {
  const cases: Array<[EntryInput['answers'], string, string, RegExp]> = [
    [{ 'q-rate': '7' }, 'answers.q-plans', 'required', /Buying a car this year\?/],
    [{ 'q-plans': 'yes' }, 'answers.q-rate', 'required', /Rate us/],
    [{ 'q-plans': 'maybe', 'q-rate': '7' }, 'answers.q-plans', 'not_offered', /"maybe"/],
    [{ 'q-plans': ['yes', 'no'], 'q-rate': '7' }, 'answers.q-plans', 'too_many', /only one/],
    [{ 'q-plans': 'yes', 'q-brands': ['lada', 'bmw'], 'q-rate': '7' }, 'answers.q-brands', 'not_offered', /"bmw"/],
    [{ 'q-plans': 'yes', 'q-rate': '11' }, 'answers.q-rate', 'out_of_range', /1 to 10/],
    [{ 'q-plans': 'yes', 'q-rate': '0' }, 'answers.q-rate', 'out_of_range', /1 to 10/],
    [{ 'q-plans': 'yes', 'q-rate': '7.5' }, 'answers.q-rate', 'out_of_range', /whole number/],
    [{ 'q-plans': 'yes', 'q-rate': '7', 'q-age': '12' }, 'answers.q-age', 'out_of_range', /from 14 to 100 years/],
    [{ 'q-plans': 'yes', 'q-rate': '7', 'q-age': 'thirty' }, 'answers.q-age', 'not_a_number', /number/],
    [{ 'q-plans': 'yes', 'q-rate': '7', 'q-age': '1e2' }, 'answers.q-age', 'not_a_number', /number/],
    [{ 'q-plans': 'yes', 'q-rate': '7', 'q-age': '30,5' }, 'answers.q-age', 'not_integer', /whole number/],
    [{ 'q-plans': 'yes', 'q-rate': '7', 'q-wish': 'x'.repeat(21) }, 'answers.q-wish', 'too_long', /21 characters.*20/],
    [{ 'q-plans': 'yes', 'q-rate': '7', 'q-colour': 'red' }, 'answers.q-colour', 'unknown_question', /q-colour/],
  ];
  for (const [answers, field, code, message] of cases) {
    const e = onlyError(formInput({ answers }));
    assert.deepEqual([e.field, e.code], [field, code], JSON.stringify(answers));
    assert.match(said(e), message);
  }
});

test('text length counts characters, not UTF-16 units', () => {
  const r = validateEntry(campaign, formInput({ answers: { 'q-plans': 'yes', 'q-rate': '7', 'q-wish': '🚗'.repeat(20) } }));
  assert.ok(r.ok);
});

test('name and email problems', () => {
  const cases: Array<[Partial<EntryInput>, string, string]> = [
    [{ name: '   ' }, 'name', 'required'],
    [{ name: undefined }, 'name', 'required'],
    [{ name: 'A'.repeat(101) }, 'name', 'too_long'],
    [{ name: 'Anna\u0000' }, 'name', 'invalid'],
    [{ email: '' }, 'email', 'required'],
    [{ email: 'anna@gmail' }, 'email', 'invalid_email'],
    [{ email: 'anna@mailinator.com' }, 'email', 'disposable_email'],
    [{ adult: 'perhaps' }, 'adult', 'invalid'],
    [{ consent: 42 }, 'consent', 'invalid'],
  ];
  for (const [override, field, code] of cases) {
    const e = onlyError(formInput(override));
    assert.deepEqual([e.field, e.code], [field, code], JSON.stringify(override));
    assert.ok(said(e).length > 20);
  }
  assert.match(said(onlyError(formInput({ email: 'anna@mailinator.com' }))), /mailinator\.com/);
});

test('all problems are reported together', () => {
  const fields = errorsOf({ name: '', email: 'x', ballot: {}, answers: {} }).map((e) => e.field);
  assert.deepEqual(fields, ['name', 'email', 'ballot', 'answers.q-plans', 'answers.q-rate']);
});

test('voting is possible without the draw; the draw needs 18+, consent and required answers', () => {
  const r = validateEntry(campaign, formInput({ adult: undefined, consent: '' }));
  assert.ok(r.ok);
  assert.equal(isCompleteForDraw(campaign, r.value), false);
  assert.equal(isCompleteForDraw(campaign, { ...r.value, adult: true }), false);
  assert.equal(isCompleteForDraw(campaign, { ...r.value, adult: true, consent: true }), true);
  assert.equal(isCompleteForDraw(campaign, { adult: true, consent: true, answers: { 'q-plans': 'yes' } }), false);
});

// Issue 11, hole 1: one parse gives the address that is stored, mailed and keyed.
test('hidden characters and encoded words in the address are refused as invalid_email', () => {
  const refused = [
    'dupmb@gmail.com\r\nq1.org', 'dupmb@gmail.com\r\nq2.org', 'dupmb@gmail.com\tq4.org',
    'x@mailinator.com\r\n.org', 'x@mailinator\u200b.com', 'x@mailinator.com\u00ad', 'x@mailinator.com\t.org',
    '=?utf-8?q?a?=@example.com', 'anna@gmail\u200d.com', 'anna@gmail.com\ufeff', 'anna@\u202egmail.com',
    '"anna"@gmail.com', 'anna(x)@gmail.com', 'anna@[10.0.0.1]', 'anna@gmail.com.', 'anna@gmail..com', 'anna@gmail',
    'a@b@gmail.com', 'Anna <anna@gmail.com>', 'anna\uff20gmail.com', 'anna@ｇmail.com', 'анна@почта.рф', '+tag@gmail.com',
  ];
  const keys = new Set<string>();
  for (const email of refused) {
    const e = onlyError(formInput({ email }));
    assert.deepEqual([e.field, e.code], ['email', 'invalid_email'], JSON.stringify(email));
    assert.ok(['entry.email-invalid', 'entry.email-hidden', 'entry.email-non-latin'].includes(e.key), `${JSON.stringify(email)}: ${e.key}`);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(said(e), /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060\ufeff]/, 'hidden characters are shown as codes');
    assert.ok(!/[\r\n]/.test(String(e.params?.email)));
    keys.add(String(e.params?.email));
  }
  assert.equal(keys.size, refused.length);
  const dup = onlyError(formInput({ email: 'dupmb@gmail.com\r\nq1.org' }));
  assert.equal(dup.params?.email, 'dupmb@gmail.com[U+000D][U+000A]q1.org');
  assert.match(said(dup), /invisible character/);
  assert.equal(dup.key, 'entry.email-hidden', 'a hidden character is named as the problem');
  assert.match(entryErrorText(dup, createI18n('ru', 'UTC')), /невидимый знак/, 'in Russian too');
  assert.match(said(onlyError(formInput({ email: 'анна@почта.рф' }))), /non-Latin letters/);
});

test('what is stored and mailed is the parsed address, and the key comes from the same parse', () => {
  const cases: Array<[string, string, string, string]> = [
    // typed, email (stored, mailed), emailShown, emailKey
    ['  dupmb@GMAIL.com\r\n', 'dupmb@gmail.com', 'dupmb@gmail.com', 'dupmb@gmail.com'],
    ['D.U.P.M.B+x@GoogleMail.com', 'D.U.P.M.B+x@googlemail.com', 'D.U.P.M.B+x@googlemail.com', 'dupmb@gmail.com'],
    ['anna@news.Example.org', 'anna@news.example.org', 'anna@news.example.org', 'anna@news.example.org'],
    ['user@пример.рф', 'user@xn--e1afmkfd.xn--p1ai', 'user@пример.рф', 'user@xn--e1afmkfd.xn--p1ai'],
    ['User@ПРИМЕР.РФ', 'User@xn--e1afmkfd.xn--p1ai', 'User@пример.рф', 'user@xn--e1afmkfd.xn--p1ai'],
  ];
  for (const [typed, email, emailShown, emailKey] of cases) {
    const r = validateEntry(campaign, formInput({ email: typed }));
    assert.ok(r.ok, JSON.stringify(typed));
    assert.deepEqual([r.value.email, r.value.emailShown, r.value.emailKey], [email, emailShown, emailKey], JSON.stringify(typed));
  }
});

test('the disposable check looks at the parsed domain, in punycode for Unicode list entries', () => {
  for (const email of ['x@mailinator.com', 'x@MAILINATOR.com', ' x@mailinator.com\r\n']) {
    const e = onlyError(formInput({ email }));
    assert.deepEqual([e.field, e.code], ['email', 'disposable_email'], JSON.stringify(email));
    assert.equal(e.params?.domain, 'mailinator.com');
  }
  const e = onlyError(formInput({ email: 'x@instágram.com' }));
  assert.deepEqual([e.code, e.params?.domain], ['disposable_email', 'instágram.com'], 'the reader sees the Unicode form');
});
