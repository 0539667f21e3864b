import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectLanguage } from './language';

test('detects English and Russian news text', () => {
  assert.equal(detectLanguage('The new electric hatchback will go on sale in the spring, the company said on Tuesday.'), 'en');
  assert.equal(detectLanguage('Новый электрический хэтчбек поступит в продажу весной, сообщила компания во вторник.'), 'ru');
  assert.equal(detectLanguage('москва, 1 дек - риа новости. завод начнет выпуск новой модели в 2015 году.'), 'ru');
});

test('a Russian text quoting English names is still Russian', () => {
  assert.equal(detectLanguage('Компания Volkswagen представила новый Golf, и он уже доступен для заказа в России.'), 'ru');
});

test('other languages and non-text are "und"', () => {
  assert.equal(detectLanguage('Le nouveau modèle sera commercialisé au printemps, a annoncé le constructeur mardi.'), 'und');
  assert.equal(detectLanguage('Новий електричний хетчбек надійде у продаж навесні, повідомила компанія у вівторок.'), 'und');
  assert.equal(detectLanguage(''), 'und');
  assert.equal(detectLanguage('12345 !!! ---'), 'und');
  assert.equal(detectLanguage('\u0000\u0001\uffff\ud800garbage\u0007'), 'und');
});

test('markup before the text does not hide its language', () => {
  assert.equal(detectLanguage('<div>'.repeat(5000) + 'The new van goes on sale in May, and it costs less than the old one.'), 'en');
  assert.equal(detectLanguage('<p class="lead">'.repeat(300) + 'Новый фургон поступит в продажу в мае, и он будет дешевле старого.'), 'ru');
});
