import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captionGlue, leadingNoise } from './dateline';

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
  assert.equal(rest('Tuesday, August 25, 2015, 12:41 AM A Kansas man used his dog.'), 'A Kansas man used his dog.');
  assert.equal(rest('Friday, May 5th 2000, 2:12AM GLADIATOR.'), 'GLADIATOR.');
  assert.equal(rest('(Instagram) A young woman set her sights on a 10 km race.'), 'A young woman set her sights on a 10 km race.');
  assert.equal(rest('(9NEWS) 9NEWS reporter Chris Hale has won an award.'), '9NEWS reporter Chris Hale has won an award.');
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

test('a source in brackets glued to the first word is furniture too', () => {
  assert.equal(rest('(The Hollywood Reporter)Stan Freberg, the adman, has died.'), 'Stan Freberg, the adman, has died.');
  assert.equal(rest('(EW.com)The show returns in May.'), 'The show returns in May.');
  assert.equal(rest('(Not a source) but a real opening.'), '(Not a source) but a real opening.');
  assert.equal(rest('(And that is the point of the whole test drive.) The car is quick.'), '(And that is the point of the whole test drive.) The car is quick.');
});

test('a photo caption glued onto the opening sentence is found, titles and ordinary capitals are not', () => {
  const story = (s: string): string => s.slice(captionGlue(s));
  assert.equal(
    story('Tom Ballard plans to climb K2, 20 years after his mother died descending from its peak A climber has set his sights on the summit of K2.'),
    'A climber has set his sights on the summit of K2.',
  );
  assert.equal(
    story('Haul: The cherry picker collecting drugs from the roof of the prison in Liverpool The amount of drugs being thrown over the fence is so high.'),
    'The amount of drugs being thrown over the fence is so high.',
  );
  assert.equal(story('Shooter: Terry Martin, 48, shot his girlfriend after she asked for half of his winnings.'), 'Terry Martin, 48, shot his girlfriend after she asked for half of his winnings.');
  for (const s of [
    'Film comedy Meet The Fockers, sequel to Meet The Parents, has topped the US box office this weekend.',
    'Napoli ended their winless streak at home with a victory in Serie A on Saturday in a key match for the top places.',
    'Her debut novel is a thriller called The night manager and it sold a million copies in its first year.',
    'He said: the plant will close in May and about 2,000 workers will lose their jobs there.',
    'Some new products claim to stop the damage from infra-red A rays, too.',
  ]) {
    assert.equal(captionGlue(s), 0, s);
  }
});
