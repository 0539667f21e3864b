import assert from 'node:assert/strict';
import { test } from 'node:test';
import { opensDangling } from './dangling';
import { summarize } from './summarize';
import { fitLogistic } from './train/logistic';
import { greedyOracle } from './train/oracle';

test('a sentence that needs the one before it is recognised, in English and in Russian, cased or tokenized', () => {
  for (const s of ['It resulted in six patients receiving transplants.', 'That may sound like an esoteric adage.', 'However, the plant stayed shut.', '"But we will try," he said.', 'meanwhile , sales fell .', 'In addition, the car gets a new engine.']) {
    assert.equal(opensDangling(s, 'en'), true, s);
  }
  for (const s of ['Однако завод так и не открылся.', 'При этом цена не изменится.', 'Кроме того, машина получит новый мотор.', '«Это важный шаг», — сказал он.', 'он добавил, что продажи выросли.']) {
    assert.equal(opensDangling(s, 'ru'), true, s);
  }
  for (const s of ['KAMAZ will build a passenger car in Moscow.', 'Italy built the first cars here.', 'Thermal imaging shows the leak.', 'Ожидается, что продажи начнутся летом.', 'Этажи завода заняты станками.', 'Ведущий инженер рассказал о машине.']) {
    assert.equal(opensDangling(s, s.match(/[а-я]/i) ? 'ru' : 'en'), false, s);
  }
});

// A seed-like story: the lede is about one thing, later paragraphs carry the other facts.
const STORY = [
  'KAMAZ has set up a passenger-car division, the truck maker said on Tuesday. The division will report directly to the chief executive.',
  'Its first task is the Moskvich plant in Moscow, which KAMAZ will run under a contract with the city. The plant stood idle for most of last year.',
  'However, the plant needs new tooling before it can build anything. That will take until the spring, engineers at the site said.',
  'The Kama-1 electric hatchback, developed with the Peter the Great Polytechnic University, is the first model planned for the plant. The Kama-1 has a range of 250 kilometres and seats four.',
  'KAMAZ expects the Kama-1 to reach buyers in 2026 at a price below that of imported electric cars. Dealers in Tatarstan and Moscow will sell it first.',
  'Analysts said the move gives KAMAZ a foothold in a market left open by departing foreign brands. Passenger cars made up a growing share of Russian vehicle sales this year.',
].join('\n\n');

test('a summary covers more than the first paragraph, and no point dangles without its antecedent', () => {
  const summary = summarize(STORY, { title: 'KAMAZ goes into passenger cars', lang: 'en' });
  const texts = summary.points.map((p) => p.text);
  assert.ok(summary.points.some((p) => p.sentence >= 2), `points beyond the opening paragraph: ${JSON.stringify(texts)}`);
  assert.ok(texts.some((t) => /Moskvich|Kama-1/.test(t)), 'the plant or the car is mentioned');
  const chosen = new Set(summary.points.map((p) => p.sentence));
  for (const p of summary.points) {
    if (p.sentence > 0 && opensDangling(p.text, 'en')) assert.ok(chosen.has(p.sentence - 1), `"${p.text}" has its antecedent`);
  }
});

test('a point that only restates the standfirst gives way to the next best one', () => {
  const standfirst = 'KAMAZ has set up a passenger-car division, the truck maker said.';
  const without = summarize(STORY, { title: 'KAMAZ goes into passenger cars', lang: 'en', points: 2 });
  const withStandfirst = summarize(STORY, { title: 'KAMAZ goes into passenger cars', lang: 'en', points: 2, standfirst });
  assert.ok(without.points.some((p) => p.sentence === 0), 'the lede is a point when nothing above repeats it');
  assert.ok(!withStandfirst.points.some((p) => p.sentence === 0), 'with the standfirst above, the lede gives way');
  assert.equal(withStandfirst.points.length, 2);
});

test('the greedy oracle takes the sentences that raise ROUGE against the reference, and stops when none does', () => {
  const sentences = [['kamaz', 'builds', 'cars'], ['the', 'weather', 'was', 'fine'], ['kama-1', 'range', '250', 'km']];
  assert.deepEqual(greedyOracle(sentences, ['kamaz', 'builds', 'cars', 'kama-1', 'range'], 3), [0, 2]);
  assert.deepEqual(greedyOracle(sentences, ['nothing', 'matches'], 3), []);
});

test('training is deterministic: the same rows give the same weights, and the weights separate the labels', () => {
  const rows = 200;
  const features = new Float32Array(rows * 2);
  const buckets = new Int16Array(rows).fill(-1);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    features[i * 2] = (i % 10) / 10;
    features[i * 2 + 1] = ((i * 7) % 13) / 13;
    labels[i] = i % 10 >= 7 ? 1 : 0;
  }
  const set = { features, buckets, labels, dims: 2, bucketCount: 4 };
  const options = { iterations: 200, rate: 0.1, l2: 1e-4, lexicalL2: 1e-3 };
  const a = fitLogistic(set, options);
  const b = fitLogistic(set, options);
  assert.deepEqual([a.bias, ...a.weights], [b.bias, ...b.weights]);
  assert.ok((a.weights[0] as number) > 1, `the informative feature gets a large positive weight: ${a.weights[0]}`);
  assert.ok(Math.abs(a.weights[1] as number) < Math.abs(a.weights[0] as number) / 3, 'the noise feature a small one');
});

const RU_STORY = [
  'КАМАЗ создал подразделение легковых автомобилей, сообщила компания во вторник. Его возглавит бывший директор по развитию А. В. Петров.',
  'Первой задачей подразделения станет завод «Москвич» в Москве, которым КАМАЗ будет управлять по контракту с городом. Однако перед запуском заводу нужна новая оснастка.',
  'При этом сроки запуска пока не названы. Инженеры на площадке говорят о весне следующего года.',
  'Первой моделью завода станет электромобиль «Кама-1», созданный вместе с Политехническим университетом Петра Великого. Запас хода «Камы-1» составит 250 километров, машина рассчитана на четырёх человек.',
  'КАМАЗ рассчитывает начать продажи «Камы-1» в 2026 году по цене ниже импортных электромобилей. Первыми машину получат дилеры в Татарстане и Москве.',
  'Аналитики считают, что новое направление позволит КАМАЗу занять место ушедших с рынка иностранных марок. Доля легковых машин в продажах растёт.',
].join('\n\n');

test('a Russian summary reaches past the first paragraph and has no point that needs a sentence left out', () => {
  const summary = summarize(RU_STORY, { title: 'КАМАЗ займётся легковыми машинами' });
  assert.equal(summary.lang, 'ru');
  assert.ok(summary.points.some((p) => p.sentence >= 2), JSON.stringify(summary.points.map((p) => p.text)));
  const chosen = new Set(summary.points.map((p) => p.sentence));
  for (const p of summary.points) {
    if (p.sentence > 0 && opensDangling(p.text, 'ru')) assert.ok(chosen.has(p.sentence - 1), `«${p.text}» has its antecedent`);
  }
  assert.ok(summary.points.every((p) => !/^А\. В\./.test(p.text)), 'initials do not split a sentence');
});
