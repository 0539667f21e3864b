import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leadingNoise } from './dateline';

const rest = (s: string): string | null => {
  const k = leadingNoise(s);
  return k < 0 ? null : s.slice(k);
};

test('strips datelines and agency tags before the first words of the story', () => {
  assert.equal(rest('(CNN) -- A fiery sunset greeted people.'), 'A fiery sunset greeted people.');
  assert.equal(rest('(CNN)The last time he spoke.'), 'The last time he spoke.');
  assert.equal(rest('LONDON, England (CNN) -- Two men were held.'), 'Two men were held.');
  assert.equal(rest('MOSCOW, Dec 1 - Russia said it would.'), 'Russia said it would.');
  assert.equal(rest('Москва, 1 дек - РИА Новости. Завод начнет выпуск.'), 'Завод начнет выпуск.');
  assert.equal(rest('By Gary Graves, USA TODAY Franchitti topped the session.'), 'Franchitti topped the session.');
});

test('whole-sentence furniture is dropped', () => {
  for (const s of ['By .', 'Daily Mail Reporter .', 'PUBLISHED: 12:00 EST, 1 May 2013 .', 'москва, 31 янв - риа новости.', 'Scroll down for video']) {
    assert.equal(leadingNoise(s), -1, s);
  }
});

test('ordinary sentences are left alone', () => {
  for (const s of ['A man said - no.', 'NATO - the alliance - met.', 'US carmaker Ford posted a profit.', 'Updated models arrive in May and sell well across Europe, dealers say.']) {
    assert.equal(leadingNoise(s), 0, s);
  }
});
