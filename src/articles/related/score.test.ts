import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stemWord, indexedText } from '../../db/search-analyzer';
import { rankRelated, scoreCandidate, tagWeights, termSimilarity, termsOf, type RelatedCandidate, type RelatedTarget } from './score';

const DAY = 86_400_000;
const at = Date.UTC(2026, 10, 20);

const target: RelatedTarget = { id: 1, publishedAt: at, rubric: 'industry', tags: ['kamaz', 'trucks'], terms: ['kamaz', 'hydrogen', 'truck', 'prototyp'] };
const candidate = (id: number, over: Partial<RelatedCandidate> = {}): RelatedCandidate => ({ id, publishedAt: at - DAY, rubric: 'news', tags: [], terms: ['weather', 'report'], ...over });

test('shared tags, the same rubric and shared headline words each rank a candidate above one that shares nothing', () => {
  const weights = new Map([
    ['kamaz', 2],
    ['trucks', 1],
  ]);
  const ranked = rankRelated(
    target,
    [candidate(10), candidate(11, { tags: ['kamaz'] }), candidate(12, { rubric: 'industry' }), candidate(13, { terms: ['hydrogen', 'truck', 'bus'] })],
    weights,
  );
  assert.deepEqual(
    ranked.map((r) => r.id),
    [11, 13, 12],
    'a rare shared tag first, then shared words, then the rubric; the unrelated one is never chosen',
  );
  assert.ok(ranked.every((r, i) => i === 0 || ranked[i - 1]!.score >= r.score));
});

test('a rare tag counts more than a common one', () => {
  const weights = new Map([
    ['kamaz', 3],
    ['trucks', 0.7],
  ]);
  const rare = scoreCandidate(target, candidate(2, { tags: ['kamaz'] }), weights);
  const common = scoreCandidate(target, candidate(3, { tags: ['trucks'] }), weights);
  assert.ok(rare > common, `${rare} > ${common}`);
});

test('among equals the one nearer in time ranks first; the target itself and duplicates are dropped; at most the limit', () => {
  const weights = new Map<string, number>();
  const pool = [
    candidate(1, { rubric: 'industry' }),
    candidate(5, { rubric: 'industry', publishedAt: at - 90 * DAY }),
    candidate(6, { rubric: 'industry', publishedAt: at - 2 * DAY }),
    candidate(6, { rubric: 'industry', publishedAt: at - 2 * DAY }),
    candidate(7, { rubric: 'industry', publishedAt: at + DAY / 2 }),
  ];
  assert.deepEqual(
    rankRelated(target, pool, weights).map((r) => r.id),
    [7, 6, 5],
  );
  assert.equal(rankRelated(target, pool, weights, 2).length, 2);
});

test('tag weights are estimated from how much time each window spans: a tag on few articles weighs more', () => {
  const daily = Array.from({ length: 50 }, (_, i) => at - i * DAY);
  const all = Array.from({ length: 50 }, (_, i) => at - i * (DAY / 10));
  const weights = tagWeights(
    [
      { tag: 'everywhere', times: all },
      { tag: 'daily', times: daily },
      { tag: 'once', times: [at - 300 * DAY] },
    ],
    all,
    at,
  );
  assert.ok(Math.abs(weights.get('everywhere')! - Math.log(2)) < 0.01);
  assert.ok(weights.get('daily')! > weights.get('everywhere')!);
  assert.ok(weights.get('once')! > weights.get('daily')!);
  assert.ok(weights.get('once')! <= 6, 'capped');
  // Articles all at one instant (an import): the counts decide alone.
  const flat = tagWeights([{ tag: 'x', times: [at, at] }], Array.from({ length: 50 }, () => at), at);
  assert.ok(Math.abs(flat.get('x')! - Math.log(26)) < 0.01);
  assert.equal(tagWeights([{ tag: 'y', times: [at] }], [], at).get('y'), 1, 'no timeline: every tag weighs 1');
});

test('term sets: stems of headline and standfirst without stop words, compared by cosine', () => {
  const terms = termsOf(indexedText('The new KAMAZ trucks and the hydrogen engines of 2026'), stemWord);
  assert.deepEqual(terms, ['kamaz', 'truck', 'hydrogen', 'engin', '2026']);
  assert.deepEqual(termsOf(indexedText('Новый КАМАЗ и водородные грузовики'), stemWord), ['камаз', 'водородн', 'грузовик']);
  assert.equal(termSimilarity(['a', 'b'], ['a', 'b']), 1);
  assert.equal(termSimilarity(['a', 'b'], ['c']), 0);
  assert.equal(termSimilarity([], ['c']), 0);
  assert.ok(Math.abs(termSimilarity(['a', 'b', 'c', 'd'], ['a']) - 0.5) < 1e-9);
});
