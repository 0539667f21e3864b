import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarize } from './summarize';
import { analyzeSentence, Lexicon } from './terms';

test('a full lexicon is emptied only between documents, so one document never sees a word under two ids', () => {
  const lexicon = new Lexicon('en', 5);
  const sentence = 'Engines, engines and more engines: the engine plant builds gearboxes, axles and engines for trucks and buses.';
  const first = analyzeSentence(sentence, lexicon.ready());
  // Far past the limit within one document: the same stem keeps its id.
  const again = analyzeSentence(sentence, lexicon);
  assert.deepEqual(Array.from(again.ids), Array.from(first.ids));
  const engine = first.terms.indexOf('engin');
  assert.ok(engine >= 0);
  assert.ok(first.terms.every((t, i) => t !== 'engin' || first.ids[i] === first.ids[engine]));
  assert.ok(lexicon.size > 5);
  lexicon.ready();
  assert.equal(lexicon.size, 0, 'emptied before the next document');
  assert.deepEqual(analyzeSentence(sentence, lexicon).terms, first.terms);
});

test('a summary does not depend on what was summarized before it', () => {
  const article = [
    'The Kama plant will build a compact electric car from next spring, the company said on Tuesday.',
    'Its battery pack comes from a supplier in Tatarstan and gives a range of about 300 kilometres.',
    'The car is meant for city taxi fleets first and private buyers a year later.',
    'Dealers expect the price to sit below that of imported rivals, thanks to local parts.',
    'A second plant in Moscow will assemble a crossover on the same platform from 2026.',
    'Analysts say charging stations remain scarce outside the largest cities.',
  ].join('\n\n');
  const fresh = summarize(article, { lang: 'en', points: 3 });
  for (let i = 0; i < 50; i++) {
    summarize(`Unrelated story number ${i} about tractors, ferries and ${i * 7} harvesters. Farmers bought harvester ${i}. Prices rose by ${i} per cent in the region.`, { lang: 'en' });
    summarize(`Завод выпустил ${i} грузовиков. Продажи выросли на ${i} процентов. Дилеры ждут новую модель весной.`, { lang: 'ru' });
  }
  assert.deepEqual(summarize(article, { lang: 'en', points: 3 }), fresh);
});

test('words are split as lower-casing the text and matching its letters would, whatever the script and case', () => {
  const samples: Array<[string, 'en' | 'ru', RegExp]> = [
    ['İstanbul taxi DRIVERS in Kelvin-rated ÉLAN coupés: 4×4, x5 and ǅemal’s straße', 'en', /[a-z0-9\u00e0-\u024f]+/g],
    ['ЁЛКА и Ёжик: «Лада» X-Ray 2026 года выпуска, Москва', 'ru', /[а-яёa-z0-9]+/g],
    [`${'x'.repeat(300)} end`, 'en', /[a-z0-9\u00e0-\u024f]+/g],
  ];
  for (const [text, lang, letters] of samples) {
    const expected = text.toLowerCase().match(letters) ?? [];
    const reference = new Lexicon(lang);
    const got = analyzeSentence(text, new Lexicon(lang));
    assert.equal(got.words, expected.length, text);
    assert.deepEqual(got.terms, expected.map((w) => reference.word(w).term).filter((t) => t !== null), text);
  }
});
