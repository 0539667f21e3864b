import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseCampaign } from '../../test/support/grandprix-fixtures';
import { ballotListCsv, ballotOf, buildBallotList, DECIMAL, listDefinition, plainDecimal } from './ballot-list';
import { ballotCheckIdOf, newBallotSecret, parseBallotSecret } from './ballot-secret';

test('a plain decimal reads back as the same double and never has an exponent', () => {
  const cases: Array<[number, string]> = [
    [0, '0'], [-0, '0'], [34, '34'], [-2.5, '-2.5'], [1e21, '1000000000000000000000'], [1.5e-7, '0.00000015'],
    [-1.2345e-9, '-0.0000000012345'], [123456789012345680000, '123456789012345680000'], [0.1 + 0.2, '0.30000000000000004'],
  ];
  for (const [n, text] of cases) assert.equal(plainDecimal(n), text, String(n));
  for (let i = 0; i < 2000; i++) {
    const n = (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 60 - 30);
    const text = plainDecimal(n);
    assert.match(text, DECIMAL);
    assert.equal(Number(text), n, text);
  }
  assert.throws(() => plainDecimal(Infinity), RangeError);
});

test('a ballot secret: 125 random bits in five groups, read as people type it, hashed in its canonical form', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const s = newBallotSecret();
    assert.match(s, /^[2-9A-HJ-NP-Z]{5}(?:-[2-9A-HJ-NP-Z]{5}){4}$/);
    seen.add(s);
  }
  assert.equal(seen.size, 500);
  const secret = 'TXZSQ-3R9WY-TT9D8-FXMCH-8DRW3';
  assert.equal(parseBallotSecret(' txzsq 3r9wy tt9d8fxmch-8drw3 '), secret);
  assert.equal(ballotCheckIdOf(secret), 'b7e74af036d170f6bf90d649ee9b7824c96db8eae9e3ea8fda89875b5dc709a5');
  for (const bad of ['', 'TXZSQ-3R9WY-TT9D8-FXMCH-8DRW', 'TXZSQ-3R9WY-TT9D8-FXMCH-8DRW33', 'OXZSQ-3R9WY-TT9D8-FXMCH-8DRW3', 'TXZSQ-3R9WY-TT9D8-FXMCH-8DRW1', 'GP-7KQM-3XWD']) {
    assert.equal(parseBallotSecret(bad), null, bad);
  }
});

test('a ballot row keeps only what the results count: no free text, no unknown ids, nothing out of range', () => {
  const definition = listDefinition(baseCampaign());
  const ballot = ballotOf(definition, {
    ballotCheckId: 'a'.repeat(64),
    ballot: { 'city-car': 'vesta', suv: 'no-such-car', ghost: 'x' },
    answers: { 'q-plans': 'maybe', 'q-brands': ['kia', 'lada', 'kia', 'nope'], 'q-rate': 11, 'q-age': 34, 'q-wish': 'My phone is 555-0199', extra: 'x' },
  });
  assert.deepEqual(ballot, { id: 'a'.repeat(64), votes: { 'city-car': 'vesta' }, answers: { 'q-age': '34', 'q-brands': ['kia', 'lada'], 'q-wish': 'answered' } });
  const fraction = ballotOf(definition, { ballotCheckId: 'b'.repeat(64), ballot: {}, answers: { 'q-age': 34.5, 'q-rate': 7 } });
  assert.deepEqual(fraction.answers, { 'q-rate': '7' }, 'an integer question keeps whole numbers only, as the results count them');
  assert.ok(!JSON.stringify(ballot).includes('555'), 'the free text never reaches the list');
});

test('the list sorts counted and disqualified ballots by id, whatever the entry order', () => {
  const ids = ['c', 'a', 'd', 'b'].map((x) => x.repeat(64));
  const list = buildBallotList(
    baseCampaign(),
    ids.map((id, i) => ({ ballotCheckId: id, ballot: { 'city-car': 'vesta' }, answers: {}, disqualifiedReason: i === 2 ? 'fraud' : null })),
    new Date('2023-02-27T21:00:00Z'),
  );
  assert.deepEqual(list.ballots.map((b) => b.id[0]), ['a', 'b', 'c']);
  assert.deepEqual(list.disqualified, [{ id: 'd'.repeat(64), reason: 'fraud' }]);
  assert.equal(list.ballots_count, 3);
  assert.deepEqual(list.questions.find((q) => q.id === 'q-rate'), { id: 'q-rate', type: 'rating', min: 1, max: 10 }, 'the rating scale is in the list');
  assert.deepEqual(list.questions.find((q) => q.id === 'q-age'), { id: 'q-age', type: 'number', min: 14, max: 100, integer: true, unit: 'years' });
  const csv = ballotListCsv(list).split('\n');
  for (const line of csv.slice(0, -1)) assert.equal(line.split(',').length, csv[0]!.split(',').length, 'every line has as many cells as the header');
  assert.equal(csv[1], `counted,${'a'.repeat(64)},,vesta,,,,,,`);
  assert.equal(csv[4], `disqualified,${'d'.repeat(64)},fraud,,,,,,,`);
});
