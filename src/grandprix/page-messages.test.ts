import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { groupCommit } from '../db/group-commit';
import type { Database } from '../db/schema';
import { createI18n } from '../i18n/messages';
import { Refusal } from '../errors';
import { describeRefusal } from '../web/refusals';
import type { StoredCampaign } from './campaigns-repository';
import { EntryValidationError, entryService } from './entry-service';
import { validateEntry, type EntryError, type EntryInput } from './entry-validate';
import { entryErrorText } from './page-messages';
import { baseCampaign } from '../../test/support/grandprix-fixtures';

const campaign = baseCampaign();
const en = createI18n('en', 'Europe/Moscow');
const ru = createI18n('ru', 'Europe/Moscow');
const cyrillic = /[а-яё]/i;

const good: EntryInput = {
  name: 'Anna',
  email: 'anna@example.com',
  adult: 'on',
  consent: 'on',
  ballot: { 'city-car': 'vesta' },
  answers: { 'q-plans': 'yes', 'q-rate': '7' },
};

// One input for every error validateEntry can make.
const bad: EntryInput[] = [
  { ...good, name: '' },
  { ...good, name: 'An\u0001na' },
  { ...good, name: 'x'.repeat(101) },
  { ...good, email: '' },
  { ...good, email: 'anna@' },
  { ...good, email: 'anna@mailinator.com' },
  { ...good, adult: 'maybe', consent: 'perhaps' },
  { ...good, ballot: {} },
  { ...good, ballot: { premium: 'x', 'city-car': ['vesta', 'omoda-c5'], suv: 'lada' } },
  { ...good, answers: { 'q-zzz': '1', 'q-rate': '7' } },
  { ...good, answers: { 'q-plans': 5, 'q-rate': '11', 'q-wish': 7 } },
  { ...good, answers: { 'q-plans': 'maybe', 'q-rate': '7', 'q-wish': 'x'.repeat(21) } },
  { ...good, answers: { 'q-plans': ['yes', 'no'], 'q-rate': '7', 'q-age': 'old' } },
  { ...good, answers: { 'q-plans': 'yes', 'q-rate': '7', 'q-age': '34.5' } },
  { ...good, answers: { 'q-plans': 'yes', 'q-rate': '7', 'q-age': '150' } },
];

const allErrors: EntryError[] = bad.flatMap((input) => {
  const r = validateEntry(campaign, input);
  assert.equal(r.ok, false, JSON.stringify(input));
  return r.ok ? [] : r.errors;
});

test('every ballot error has a catalogue key, and in English the page shows exactly the API message', () => {
  const codes = new Set(allErrors.map((e) => `${e.field.split('.')[0]}:${e.code}`));
  assert.ok(codes.size >= 20, [...codes].join(' '));
  for (const e of allErrors) {
    assert.ok(e.key, `${e.field} ${e.code} has no key`);
    assert.ok(entryErrorText(e, en).length > 10, `${e.field} ${e.code} says something`);
  }
});

test('in Russian every ballot error is written in Russian and keeps what it names', () => {
  for (const e of allErrors) {
    const text = entryErrorText(e, ru);
    assert.match(text, cyrillic, text);
    // The test campaign is English: what it names stands inside «…».
    assert.doesNotMatch(text.replace(/«[^»]*»/g, ''), /\b(the|your|enter|choose|please)\b/i, text);
    assert.doesNotMatch(text, /\{\w+\}/, `unfilled parameter: ${text}`);
  }
  const byCode = (field: string, code: string) => entryErrorText(allErrors.find((e) => e.field === field && e.code === code)!, ru);
  assert.equal(byCode('email', 'invalid_email'), '«anna@» — неверный адрес электронной почты; проверьте его: адрес выглядит так: name@example.com.');
  assert.match(byCode('ballot.suv', 'unknown_nominee'), /^«lada» не участвует в номинации «Crossover»/);
  assert.equal(byCode('answers.q-plans', 'required'), 'Ответьте на вопрос «Buying a car this year?»: он обязательный.');
  assert.match(byCode('answers.q-age', 'out_of_range'), /^150 years — за пределами допустимого для вопроса «Your age»; введите число от 14 до 100 years\.$/);
  assert.match(byCode('name', 'too_long'), /символов: 101, допустимо не больше 100/);
});

test('a fractional number is written with a decimal comma in Russian, unchanged in English', () => {
  const e: EntryError = {
    field: 'answers.q-litres',
    code: 'out_of_range',
    key: 'entry.number-range',
    params: { value: 12.5, unit: ' l', question: 'Fuel use', min: 3, max: 9.5 },
  };
  assert.equal(entryErrorText(e, en), '12.5 l is outside the allowed range for "Fuel use"; enter a number from 3 to 9.5 l.');
  assert.equal(entryErrorText(e, ru), '12,5 l — за пределами допустимого для вопроса «Fuel use»; введите число от 3 до 9,5 l.');
});

// check() adds the adult/consent requirement and the deadline refusal; it touches neither the database nor mail.
const noDatabase = {} as Kysely<Database>;
const service = entryService({ db: noDatabase, commits: groupCommit(noDatabase), mailDelivery: { nudge: () => undefined }, siteUrl: 'http://paddock.test', lang: 'en' });
const stored = { definition: campaign } as StoredCampaign;
const during = new Date('2023-02-01T12:00:00Z');

function checkErrors(input: EntryInput, now = during): EntryError[] {
  try {
    service.check(stored, input, now);
  } catch (error) {
    if (error instanceof EntryValidationError) return error.errors;
  }
  assert.fail('expected the entry to be refused');
}

test("check()'s adult and consent requirements read the same in English and in Russian on the form", () => {
  const errors = checkErrors({ ...good, adult: '', consent: '' });
  const adult = errors.find((e) => e.field === 'adult')!;
  const consent = errors.find((e) => e.field === 'consent')!;
  assert.equal(entryErrorText(adult, en), 'Confirm that you are 18 or older: the vote and the prize draw are for adults only.');
  assert.equal(entryErrorText(consent, en), 'Accept the rules to take part: they say how we use your name and email.');
  assert.equal(entryErrorText(adult, ru), 'Подтвердите, что вам исполнилось 18 лет: голосование и розыгрыш призов — только для совершеннолетних.');
  assert.equal(entryErrorText(consent, ru), 'Примите правила, чтобы участвовать: в них сказано, как мы используем ваше имя и адрес почты.');
});

test('the deadline refusal names the deadline in the campaign zone, in English and in Russian', () => {
  const closed = new Date('2023-02-27T21:00:00Z');
  const early = new Date('2023-01-01T00:00:00Z');
  const refusalAt = (at: Date) => {
    try {
      service.check(stored, good, at);
    } catch (error) {
      if (error instanceof Refusal) return error;
    }
    return assert.fail('expected a refusal');
  };
  const late = refusalAt(closed);
  assert.equal(late.code, 'campaign_closed');
  assert.equal(describeRefusal(late, en), 'Voting closed on 28 February 2023, 00:00 (Europe/Moscow, UTC+3); entries received at or after that moment cannot be accepted.');
  const upcoming = refusalAt(early);
  assert.equal(upcoming.code, 'campaign_not_open');
  assert.match(describeRefusal(upcoming, en), /^Voting has not started yet: it opens on 10 January 2023, 00:00 \(Europe\/Moscow, UTC\+3\)\.$/);
  assert.match(describeRefusal(new Refusal('campaign_closed', { deadline: '28 февраля 2023 г., 00:00 (Europe/Moscow, UTC+3)' }), ru), /^Голосование завершилось 28 февраля 2023 г\., 00:00 \(Europe\/Moscow, UTC\+3\); заявки, поступившие в этот момент или позже, не принимаются\.$/);
});

test('confirmation-link refusals read in the site language', () => {
  assert.match(describeRefusal(new Refusal('token_used'), ru), /уже использована/);
  assert.match(describeRefusal(new Refusal('token_expired', { hours: 48 }), ru), /истёк.*48 ч/);
  assert.match(describeRefusal(new Refusal('token_expired', { hours: 48 }), en), /^This confirmation link has expired \(links work for 48 hours\)/);
});
