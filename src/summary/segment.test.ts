import assert from 'node:assert/strict';
import { test } from 'node:test';
import { segment } from './segment';

const texts = (t: string): string[] => segment(t).map((s) => s.text);

test('titles and initials do not end a sentence (Intl.Segmenter splits after "Mr." and "С.")', () => {
  assert.deepEqual(texts('Mr. Smith met Dr. Jones on Monday. They talked. J. K. Rowling agreed.'), [
    'Mr. Smith met Dr. Jones on Monday.',
    'They talked.',
    'J. K. Rowling agreed.',
  ]);
  assert.deepEqual(texts('Гендиректор «КамАЗа» С. Когогин заявил о росте. Завод работает.'), [
    'Гендиректор «КамАЗа» С. Когогин заявил о росте.',
    'Завод работает.',
  ]);
});

test('acronyms split only when the next word opens a sentence', () => {
  assert.deepEqual(texts('The U.S. Senate voted in Washington, D.C. on Friday. He moved to the U.S. The next year he left.'), [
    'The U.S. Senate voted in Washington, D.C. on Friday.',
    'He moved to the U.S.',
    'The next year he left.',
  ]);
  assert.deepEqual(texts('Apple Inc. said sales rose. Shares of Acme Inc. The deal closed.'), [
    'Apple Inc. said sales rose.',
    'Shares of Acme Inc.',
    'The deal closed.',
  ]);
});

test('Russian abbreviations: т.е., г., им.', () => {
  assert.deepEqual(texts('Это дорого, т.е. невыгодно. В 2015 г. компания выросла. В 2016 г. В Москве открыли завод им. Лихачёва.'), [
    'Это дорого, т.е. невыгодно.',
    'В 2015 г. компания выросла.',
    'В 2016 г.',
    'В Москве открыли завод им. Лихачёва.',
  ]);
});

test('decimals, quotes and brackets stay inside their sentence', () => {
  assert.deepEqual(texts('It cost $3.5 million. "Stop!" he said. She replied: "It is over." (It was.) Then he left.'), [
    'It cost $3.5 million.',
    '"Stop!" he said.',
    'She replied: "It is over."',
    '(It was.)',
    'Then he left.',
  ]);
});

test('headings and list items are sentences of their own; list numbers are not', () => {
  assert.deepEqual(texts('New model revealed\n1. It is faster.\n2. It is cheaper.\n- It is green\n***\nThe end.'), [
    'New model revealed',
    '1. It is faster.',
    '2. It is cheaper.',
    '- It is green',
    'The end.',
  ]);
});

test('lower-cased text (as in RIA data) still splits', () => {
  assert.deepEqual(texts('москва, 31 янв - риа новости. большая часть детей не сироты, т.е. у них есть родители. об этом сообщили в воскресенье.'), [
    'москва, 31 янв - риа новости.',
    'большая часть детей не сироты, т.е. у них есть родители.',
    'об этом сообщили в воскресенье.',
  ]);
});

test('offsets are exact and sentences are in order', () => {
  const text = '  First one.  Second one!\n\nThird? Yes.\r\nFourth';
  const sentences = segment(text);
  assert.equal(sentences.length, 5);
  sentences.forEach((s, i) => {
    assert.equal(s.index, i);
    assert.equal(s.text, text.slice(s.start, s.end));
    if (i > 0) assert.ok(s.start >= (sentences[i - 1]?.end ?? 0));
  });
});

test('empty, blank and punctuation-only input give no sentences', () => {
  assert.deepEqual(segment(''), []);
  assert.deepEqual(segment('   \n\t  '), []);
  assert.deepEqual(segment('... !!! ?? -- •'), []);
});

test('pasted HTML: tags glue sentences but never open or close one', () => {
  assert.deepEqual(texts('<div><p>The van goes on sale in May.</p><p>It costs less than the old one.</p></div>'), [
    'The van goes on sale in May.',
    'It costs less than the old one.',
  ]);
  const nested = '<div>'.repeat(5000) + 'The van goes on sale in May. It is cheaper.' + '</div>'.repeat(5000);
  assert.deepEqual(texts(nested), ['The van goes on sale in May.', 'It is cheaper.']);
  assert.deepEqual(texts('<br><hr>'), []);
  // Inline markup inside a sentence stays, and a comparison is not a tag.
  assert.deepEqual(texts('Sales grew <b>fast</b> this year. Prices rose when x < 3 and y > 2.'), ['Sales grew <b>fast</b> this year.', 'Prices rose when x < 3 and y > 2.']);
});

test('Russian news copy: sums and years end sentences, names in quotes and initials do not', () => {
  assert.deepEqual(
    texts('Выручка выросла до 420 млрд руб. Экспорт сократился до 4 тыс. машин в 2024 г. В 2026 г. «КамАЗ» рассчитывает продать 40 тыс. машин, сообщил С. Когогин.'),
    ['Выручка выросла до 420 млрд руб.', 'Экспорт сократился до 4 тыс. машин в 2024 г.', 'В 2026 г. «КамАЗ» рассчитывает продать 40 тыс. машин, сообщил С. Когогин.'],
  );
  // A quotation that opens a sentence still starts a new one.
  assert.deepEqual(texts('Сделка стоила 5 млрд руб. «Мы довольны итогами года и планами на следующий», — сказал он.'), [
    'Сделка стоила 5 млрд руб.',
    '«Мы довольны итогами года и планами на следующий», — сказал он.',
  ]);
});
