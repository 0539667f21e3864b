import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateResults, numberBins, wilsonInterval, type ResultEntry } from './results';
import { baseCampaign } from '../../test/support/grandprix-fixtures';

const campaign = baseCampaign();

function entries(): ResultEntry[] {
  const city = ['omoda-c5', 'omoda-c5', 'omoda-c5', 'vesta', 'vesta', 'vesta', 'moskvich-3', 'moskvich-3', 'moskvich-3', 'moskvich-3'];
  const plans = ['yes', 'yes', 'no', 'yes', 'yes', 'no', 'yes', 'yes', undefined, undefined];
  const brands = [['lada', 'kia'], ['lada'], ['haval', 'lada']];
  const rates = [7, '7', 8, 10, 1];
  const ages = [14, 25, 34, 34, 100, 99];
  const wishes = ['more about Lada', '   ', 'SECRET-TEXT'];
  const list: ResultEntry[] = city.map((nominee, i) => ({
    ballot: { 'city-car': nominee, suv: 'jolion' },
    answers: {
      'q-plans': plans[i],
      'q-brands': brands[i],
      'q-rate': rates[i],
      'q-age': ages[i],
      'q-wish': wishes[i],
    },
  }));
  // Votes for ids the campaign does not define are not counted.
  list.push({ ballot: { ghost: 'x', suv: 'no-such-car' }, answers: { 'q-plans': 'maybe', 'q-rate': 11, 'q-age': 200 } });
  return list;
}

test('Wilson interval matches hand-computed values', () => {
  // 3 of 10, z = 1.959964: z² = 3.841459; centre = (0.3 + 0.192073) / 1.384146 = 0.355507;
  // half = 1.959964 / 1.384146 · √(0.021 + 0.009604) = 1.416010 · 0.174939 = 0.247715 → [0.1078, 0.6032]
  const [low, high] = wilsonInterval(3, 10);
  assert.equal(Number(low.toFixed(4)), 0.1078);
  assert.equal(Number(high.toFixed(4)), 0.6032);
  // 0 of 10: centre = half = 0.192073 / 1.384146 = 0.138767 → [0, 0.2775]; symmetric for 10 of 10.
  assert.deepEqual(wilsonInterval(0, 10).map((x) => Number(x.toFixed(4))), [0, 0.2775]);
  assert.deepEqual(wilsonInterval(10, 10).map((x) => Number(x.toFixed(4))), [0.7225, 1]);
  assert.deepEqual(wilsonInterval(0, 0), [0, 0]);
});

test('category results: votes, shares, intervals, order', () => {
  const r = aggregateResults(campaign, entries());
  assert.equal(r.entries, 11);
  const city = r.categories[0]!;
  assert.equal(city.id, 'city-car');
  assert.equal(city.total, 10);
  // Moskvich leads; Vesta and Omoda tie on 3 and keep the file's order although Omoda's votes came first.
  assert.deepEqual(city.nominees.map((n) => [n.id, n.votes, n.share]), [
    ['moskvich-3', 4, 0.4],
    ['vesta', 3, 0.3],
    ['omoda-c5', 3, 0.3],
  ]);
  // 4 of 10: centre = 0.592073 / 1.384146 = 0.427753; half = 1.416010 · √(0.024 + 0.009604) = 0.259575
  assert.deepEqual(city.nominees[0]!.ci95, [0.1682, 0.6873]);
  assert.deepEqual(city.nominees[1]!.ci95, [0.1078, 0.6032]);
  const suv = r.categories[1]!;
  assert.equal(suv.total, 10);
  assert.deepEqual(suv.nominees.map((n) => [n.id, n.votes, n.share, n.ci95]), [
    ['jolion', 10, 1, [0.7225, 1]],
    ['monjaro', 0, 0, [0, 0.2775]],
  ]);
});

test('questionnaire summaries', () => {
  const r = aggregateResults(campaign, entries());
  const byId = new Map(r.questions.map((q) => [q.id, q]));

  const plans = byId.get('q-plans');
  assert.ok(plans?.type === 'single');
  assert.equal(plans.respondents, 8);
  assert.deepEqual(plans.options.map((o) => [o.id, o.count, o.share]), [['yes', 6, 0.75], ['no', 2, 0.25]]);

  // Multi: shares are over the 3 people who answered, so they add up to more than 1.
  const brands = byId.get('q-brands');
  assert.ok(brands?.type === 'multi');
  assert.equal(brands.respondents, 3);
  assert.deepEqual(brands.options.map((o) => [o.id, o.count, o.share]), [['lada', 3, 1], ['haval', 1, 0.3333], ['kia', 1, 0.3333]]);

  const rate = byId.get('q-rate');
  assert.ok(rate?.type === 'rating');
  assert.equal(rate.n, 5);
  assert.equal(rate.mean, 6.6); // (7 + 7 + 8 + 10 + 1) / 5
  assert.deepEqual(rate.histogram.map((h) => h.value), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(rate.histogram.map((h) => h.count), [1, 0, 0, 0, 0, 0, 2, 1, 0, 1]);

  const age = byId.get('q-age');
  assert.ok(age?.type === 'number');
  assert.equal(age.n, 6);
  assert.equal(age.mean, 51); // 306 / 6
  assert.equal(age.median, 34); // 14 25 [34 34] 99 100
  assert.equal(age.unit, 'years');
  assert.deepEqual(
    age.bins.filter((b) => b.count > 0).map((b) => [b.label, b.count]),
    [['10–19', 1], ['20–29', 1], ['30–39', 2], ['90–100', 2]],
  );

  const wish = byId.get('q-wish');
  assert.deepEqual(wish, { id: 'q-wish', type: 'text', text: 'What should we write about?', n: 2 });
  assert.ok(!JSON.stringify(r).includes('SECRET-TEXT'), 'free text must never appear in results');
});

test('no entries gives zeros and empty means, never NaN', () => {
  const r = aggregateResults(campaign, []);
  assert.equal(r.entries, 0);
  assert.ok(r.categories.every((c) => c.total === 0 && c.nominees.every((n) => n.share === 0 && n.votes === 0)));
  const rate = r.questions.find((q) => q.id === 'q-rate');
  assert.ok(rate?.type === 'rating');
  assert.equal(rate.mean, null);
  // JSON.stringify turns NaN into null, so look at the numbers themselves.
  const numbers: number[] = [];
  JSON.stringify(r, (_key, value: unknown) => {
    if (typeof value === 'number') numbers.push(value);
    return value;
  });
  assert.ok(numbers.length > 0 && numbers.every((n) => Number.isFinite(n)));
});

test('number bins: one per value for small integer ranges, round steps otherwise', () => {
  assert.deepEqual(numberBins({ min: 0, max: 5, integer: true }).map((b) => b.label), ['0', '1', '2', '3', '4', '5']);
  const budget = numberBins({ min: 0, max: 20000, integer: true });
  assert.equal(budget.length, 10);
  assert.deepEqual([budget[0]!.label, budget[9]!.label], ['0–1999', '18000–20000']);
  const fraction = numberBins({ min: 0, max: 1, integer: false });
  assert.equal(fraction.length, 10);
  assert.deepEqual([fraction[3]!.from, fraction[3]!.to], [0.3, 0.4]);
});

test('a fractional value on a bin edge lands in the upper bin', () => {
  const c = structuredClone(campaign);
  c.questions = [{ id: 'q-x', type: 'number', text: 'x', min: 0, max: 1, integer: false, required: false }];
  const r = aggregateResults(c, [{ ballot: {}, answers: { 'q-x': 0.3 } }]);
  const q = r.questions[0];
  assert.ok(q?.type === 'number');
  assert.equal(q.bins.findIndex((b) => b.count === 1), 3);
});

test('100 000 entries aggregate in well under a second', () => {
  const nominees = campaign.categories[0]!.nominees.map((n) => n.id);
  const big: ResultEntry[] = [];
  for (let i = 0; i < 100_000; i++) {
    big.push({
      ballot: { 'city-car': nominees[i % nominees.length]!, suv: i % 2 ? 'jolion' : 'monjaro' },
      answers: { 'q-plans': i % 3 ? 'yes' : 'no', 'q-brands': ['lada', 'kia'], 'q-rate': (i % 10) + 1, 'q-age': 14 + (i % 87), 'q-wish': 'x' },
    });
  }
  const started = performance.now();
  const r = aggregateResults(campaign, big);
  const elapsed = performance.now() - started;
  assert.equal(r.categories[0]!.total, 100_000);
  assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms`);
});
