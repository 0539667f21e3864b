import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarize } from './index';

const ARTICLE = [
  'MOSCOW, Dec 1 - The Zvezda carmaker will start building an electric pickup at its Kaluga plant next year, the company said on Monday.',
  'The pickup, called Terra, will have a range of 420 km and cost about 3.5 million roubles.',
  'Mr. Petrov, the chief executive, said the plant would hire 1,200 workers.',
  'Production is planned to reach 20,000 vehicles a year by 2027.',
  'Analysts said demand for electric pickups in Russia is still small.',
  'The company did not say which battery supplier it would use.',
  'Zvezda shares rose 4% in Moscow trading after the announcement.',
  'Dealers expect the first cars to arrive in showrooms in the autumn.',
  'The plant currently builds two petrol models and a van.',
  'Last year it produced 85,000 vehicles, up from 70,000 the year before.',
].join(' ');
const LONG = Array.from({ length: 12 }, (_, i) => `${ARTICLE.replace(/Zvezda/g, `Zvezda${i}`)}`).join('\n');

function assertExact(text: string, points: { text: string; start: number; end: number; sentence: number }[]): void {
  for (const p of points) assert.equal(p.text, text.slice(p.start, p.end));
  for (let i = 1; i < points.length; i++) assert.ok((points[i]?.sentence ?? 0) > (points[i - 1]?.sentence ?? 0), 'article order');
}

test('points are exact source slices, in article order, without the dateline', () => {
  const s = summarize(ARTICLE, { points: 3 });
  assert.equal(s.lang, 'en');
  assert.equal(s.points.length, 3);
  assertExact(ARTICLE, s.points);
  for (const p of s.points) assert.ok(!p.text.startsWith('MOSCOW'), `dateline kept in "${p.text}"`);
});

test('an explicit point count is honoured and clamped to 1..10', () => {
  assert.equal(summarize(ARTICLE, { points: 5 }).points.length, 5);
  assert.equal(summarize(LONG, { points: 50 }).points.length, 10);
  assert.equal(summarize(ARTICLE, { points: 0 }).points.length, 1);
  assert.equal(summarize(ARTICLE, { points: -3 }).points.length, 1);
});

test('default count: 1 for a single short paragraph, 3 to 5 for a full article', () => {
  assert.equal(summarize('The plant will build 20,000 pickups a year. Hiring starts in May. Dealers are pleased.').points.length, 1);
  const n = summarize(LONG).points.length;
  assert.ok(n >= 3 && n <= 5, `got ${n}`);
});

test('near-duplicate sentences are not both chosen', () => {
  const dupA = 'The plant will build electric pickups from next year, the company said.';
  const dupB = 'The plant will build electric pickups from next year, the company said today.';
  const s = summarize(`${dupA} ${dupB} ${ARTICLE}`, { points: 3 });
  assert.equal(s.points.length, 3);
  assert.ok(!(s.points.some((p) => p.text === dupA) && s.points.some((p) => p.text === dupB)), JSON.stringify(s.points));
});

test('Russian text: detected, dateline skipped, offsets exact', () => {
  const text = 'Москва, 1 дек - РИА Новости. Завод «Звезда» в Калуге начнет выпуск электрического пикапа в следующем году, сообщила компания. Гендиректор С. Петров заявил, что завод наймет 1200 работников. Выпуск достигнет 20 тыс. машин в год к 2027 г. Аналитики считают спрос на такие машины небольшим. Акции компании выросли на 4%.';
  const s = summarize(text, { points: 2 });
  assert.equal(s.lang, 'ru');
  assert.equal(s.points.length, 2);
  assertExact(text, s.points);
  for (const p of s.points) assert.ok(!/РИА Новости/.test(p.text));
});

test('a realistic Russian news story: whole sentences despite "г.", "т.е.", initials and «quotes»', () => {
  const text = [
    'Набережные Челны, 14 марта — ТАСС. ПАО «КамАЗ» в 2025 г. выпустило 38,5 тыс. грузовиков, т.е. на 12% больше, чем годом ранее, сообщил генеральный директор компании С. Когогин.',
    'По его словам, рост обеспечили поставки магистральных тягачей К5 и заказы от государственных компаний. «Мы впервые за пять лет загрузили конвейер на полную мощность», — сказал С. Когогин журналистам на заводе.',
    'Выручка группы выросла до 420 млрд руб. Экспорт при этом сократился: в страны СНГ ушло около 4 тыс. машин против 5,2 тыс. в 2024 г.',
    'В 2026 г. «КамАЗ» рассчитывает продать не менее 40 тыс. автомобилей и начать серийный выпуск электробусов нового поколения. Часть комплектующих, т.е. кабины и мосты, компания будет делать в Набережных Челнах сама.',
    'Аналитики агентства «Автостат» считают план выполнимым, но предупреждают о рисках. Высокая ключевая ставка ЦБ удорожает лизинг, а спрос на грузовики традиционно зависит от кредита.',
  ].join('\n\n');
  const s = summarize(text);
  assert.equal(s.lang, 'ru');
  assert.equal(s.points.length, 3);
  assertExact(text, s.points);
  assert.equal(
    s.points[0]?.text,
    'ПАО «КамАЗ» в 2025 г. выпустило 38,5 тыс. грузовиков, т.е. на 12% больше, чем годом ранее, сообщил генеральный директор компании С. Когогин.',
    'the dateline is dropped and the lead sentence is whole',
  );
  const five = summarize(text, { points: 5, lang: 'ru' }).points;
  assertExact(text, five);
  for (const p of five) {
    assert.match(p.text, /^[«А-ЯЁ]/u, `starts a sentence: ${p.text}`);
    assert.match(p.text, /[.!?»]$/u, `ends a sentence: ${p.text}`);
    assert.doesNotMatch(p.text, /ТАСС/);
    assert.ok(p.text.split(/\s+/).length >= 6, `a fragment: ${p.text}`);
  }
});

test('the title pulls a matching sentence in', () => {
  const has = (title?: string): boolean => summarize(ARTICLE, { points: 4, title }).points.some((p) => p.text.includes('battery supplier'));
  assert.equal(has(), false);
  assert.equal(has('Zvezda will not say which battery supplier it uses'), true);
});

test('bad inputs never throw', () => {
  const inputs: unknown[] = ['', '   ', '...!!!', 'One sentence only', '\u0000\u0001\u0002\ufffd\ud800', 'x'.repeat(10_000), null, undefined, 42];
  for (const input of inputs) {
    const s = summarize(input as string);
    assert.ok(Array.isArray(s.points));
    assert.equal(typeof s.lang, 'string');
  }
  assert.deepEqual(summarize('').points, []);
  assert.deepEqual(summarize(' .,;!? ').points, []);
  assert.equal(summarize('One sentence only').points[0]?.text, 'One sentence only');
  assert.equal(summarize('Текст на неизвестном языке?', { lang: 'xx' }).lang, 'und');
  const garbage = Array.from({ length: 50_000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
  assertExact(garbage, summarize(garbage).points);
});

// Speed is measured by bench:summary, not asserted here; these inputs once took minutes
// (a quadratic regex on punctuation runs), so a regression shows as a stalled test run.
test('a 5 MB article and 150,000 dots in a row are summarized, deterministically', () => {
  const dots = summarize(`Start here. ${'.'.repeat(150_000)} end. ${'?!'.repeat(50_000)}x`);
  assert.equal(dots.points[0]?.text, 'Start here.');
  let big = '';
  while (big.length < 5_000_000) big += `${ARTICLE}\n`;
  const a = summarize(big);
  assert.ok(a.points.length >= 3);
  assertExact(big, a.points);
  assert.deepEqual(summarize(big), a);
});
