import { test } from 'node:test';
import assert from 'node:assert/strict';
import { structuralChanges } from './campaign-changes';
import { baseCampaignData, campaignFrom } from '../../test/support/grandprix-fixtures';

type Data = Record<string, unknown>;
const categories = (d: Data) => d.categories as Array<Data & { nominees: Data[] }>;
const questions = (d: Data) => d.questions as Array<Data & { options?: Data[] }>;

function changesAfter(mutate: (d: Data) => void): string[] {
  const before = campaignFrom(baseCampaignData());
  const data = baseCampaignData();
  mutate(data);
  return structuralChanges(before, campaignFrom(data));
}

test('wording changes are allowed', () => {
  assert.deepEqual(
    changesAfter((d) => {
      d.title = 'New title';
      d.description = 'New description';
      d.rules = 'Fixed a typo in the rules.';
      d.promo = { headline: 'Other', text: 'Other text', rubrics: ['news'] };
      categories(d)[0]!.title = 'Town car';
      categories(d)[0]!.nominees[0]!.title = 'LADA Vesta NG';
      categories(d)[0]!.nominees[0]!.article = 'vesta-review';
      questions(d)[0]!.text = 'Are you buying a car?';
      questions(d)[0]!.options![0]!.text = 'Yes, soon';
      (d.prizes as Data[])[0]!.description = 'A comfortable sedan';
      (d.prizes as Data[])[0]!.title = 'A year behind the wheel';
    }),
    [],
  );
});

test('the same instant written differently is not a change', () => {
  assert.deepEqual(changesAfter((d) => { d.closes_at = '2023-02-27T21:00:00Z'; }), []);
});

test('each structural change is named', () => {
  const cases: Array<[string[], (d: Data) => void]> = [
    [['closes_at'], (d) => { d.closes_at = '2023-03-01T00:00:00'; }],
    [['opens_at'], (d) => { d.opens_at = '2023-01-11T00:00:00'; }],
    [['timezone', 'opens_at', 'closes_at'], (d) => { d.timezone = 'Europe/Berlin'; }],
    [['categories'], (d) => { categories(d).pop(); }],
    [['categories'], (d) => { categories(d)[1]!.id = 'crossover'; }],
    [['categories[0].nominees'], (d) => { categories(d)[0]!.nominees.push({ id: 'arrizo-8', title: 'Chery Arrizo 8' }); }],
    [['categories[1].nominees'], (d) => { categories(d)[1]!.nominees.reverse(); }],
    [['questions'], (d) => { questions(d).push({ id: 'q-new', type: 'rating', text: 'New' }); }],
    [['questions[0].options'], (d) => { questions(d)[0]!.options!.push({ id: 'maybe', text: 'Maybe' }); }],
    [['questions[0].type'], (d) => { questions(d)[0]!.type = 'multi'; }],
    [['questions[1].required'], (d) => { questions(d)[1]!.required = true; }],
    [['questions[2].max_length'], (d) => { questions(d)[2]!.max_length = 200; }],
    [['questions[4].max'], (d) => { questions(d)[4]!.max = 120; }],
    [['questions[4].unit'], (d) => { questions(d)[4]!.unit = 'months'; }],
    [['prizes'], (d) => { (d.prizes as Data[]).push({ title: 'Third', value: 1000 }); }],
    [['prizes[0].value'], (d) => { (d.prizes as Data[])[0]!.value = 100; }],
    [['draw.alternates'], (d) => { d.draw = { alternates: 3 }; }],
    [['draw.beacon'], (d) => { d.draw = { beacon: { chain: 'ab'.repeat(32), round: 100 } }; }],
    [['live_results'], (d) => { d.live_results = true; }],
  ];
  for (const [expected, mutate] of cases) {
    assert.deepEqual(changesAfter(mutate), expected);
  }
});
