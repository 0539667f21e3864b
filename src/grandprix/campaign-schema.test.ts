import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { CampaignFormatError, parseCampaign } from './campaign-schema';
import { numberBins } from './results';
import { campaignWarnings } from './campaign-import';
import { QUICKNET, roundEmittedAt } from './drand-chains';
import { baseCampaignData, campaignFrom } from '../../test/support/grandprix-fixtures';

type Data = Record<string, unknown>;

function formatError(mutate: (d: Data) => void): CampaignFormatError {
  const data = baseCampaignData();
  mutate(data);
  try {
    campaignFrom(data);
  } catch (e) {
    if (e instanceof CampaignFormatError) return e;
    throw e;
  }
  throw new Error('expected the campaign to be refused');
}

const categories = (d: Data) => d.categories as Array<Data & { nominees: Data[] }>;
const questions = (d: Data) => d.questions as Array<Data & { options?: Data[] }>;

test('local opening and closing times become UTC instants', () => {
  const c = campaignFrom(baseCampaignData());
  assert.equal(c.opensAt.toISOString(), '2023-01-09T21:00:00.000Z');
  assert.equal(c.closesAt.toISOString(), '2023-02-27T21:00:00.000Z');
  assert.equal(c.opens_at, '2023-01-10T00:00:00'); // raw field kept
});

test('defaults: required false, live_results false, draw 5 alternates / 7 days, text max 500', () => {
  const data = baseCampaignData();
  questions(data).push({ id: 'q-free', type: 'text', text: 'Anything else?' });
  const c = campaignFrom(data);
  assert.equal(c.live_results, false);
  assert.deepEqual(c.draw, { alternates: 5, claim_days: 7 });
  const brands = c.questions.find((q) => q.id === 'q-brands');
  assert.equal(brands?.required, false);
  const free = c.questions.find((q) => q.id === 'q-free');
  assert.equal(free?.type === 'text' && free.max_length, 500);
  assert.equal(c.prizes[1]?.currency, 'RUB');
  assert.equal(c.confirm_hours, 48);
});

test('settings a real contest needs: its own confirmation window, a prize value as text', () => {
  const c = campaignFrom({ ...baseCampaignData(), confirm_hours: 336, prizes: [{ title: 'Car', value: ' 480 000 ₽ ' }, { title: 'Cap', value: 1500, currency: 'EUR' }] });
  assert.equal(c.confirm_hours, 336);
  assert.equal(c.prizes[0]?.value, '480 000 ₽');
  assert.deepEqual([c.prizes[1]?.value, c.prizes[1]?.currency], [1500, 'EUR']);
});

test('explicit offsets in the YAML are honoured', () => {
  const c = campaignFrom({ ...baseCampaignData(), opens_at: '2023-01-10T00:00:00Z', closes_at: '2023-02-28T00:00:00+05:00' });
  assert.equal(c.opensAt.toISOString(), '2023-01-10T00:00:00.000Z');
  assert.equal(c.closesAt.toISOString(), '2023-02-27T19:00:00.000Z');
});

test('an unquoted YAML timestamp is read as local time in the campaign zone, not UTC', () => {
  const yaml = stringify(baseCampaignData()).replace(/opens_at: .*/, 'opens_at: 2023-01-10T00:00:00');
  assert.equal(parseCampaign(yaml).opensAt.toISOString(), '2023-01-09T21:00:00.000Z');
});

test('a closing time in the spring-forward gap is refused naming the field', () => {
  const e = formatError((d) => {
    d.timezone = 'America/New_York';
    d.closes_at = '2023-03-12T02:30:00';
  });
  assert.equal(e.field, 'closes_at');
  assert.match(e.message, /does not exist in America\/New_York/);
});

test('an ambiguous autumn time takes its first occurrence', () => {
  const c = campaignFrom({ ...baseCampaignData(), timezone: 'Europe/Berlin', closes_at: '2023-10-29T02:30:00' });
  assert.equal(c.closesAt.toISOString(), '2023-10-29T00:30:00.000Z');
});

test('each kind of mistake names its field', () => {
  const cases: Array<[string, (d: Data) => void, RegExp?]> = [
    ['slug', (d) => { d.slug = 'Grand Prix!'; }, /lower-case/],
    ['timezone', (d) => { d.timezone = 'Mars/Olympus'; }, /IANA/],
    ['opens_at', (d) => { d.opens_at = '10.01.2023'; }, /2023-02-28T00:00:00/],
    ['opens_at', (d) => { d.opens_at = '2023-02-30T00:00:00'; }, /calendar/],
    ['closes_at', (d) => { d.closes_at = '2023-01-01T00:00:00'; }, /later than opens_at/],
    ['title', (d) => { delete d.title; }, /missing/],
    ['prizes', (d) => { d.prizes = []; }],
    ['categories[1].id', (d) => { categories(d)[1]!.id = 'city-car'; }, /already used by categories\[0\]/],
    ['categories[0].nominees[2].id', (d) => { categories(d)[0]!.nominees[2]!.id = 'vesta'; }, /unique within a category/],
    ['categories[1].nominees[0].id', (d) => { categories(d)[1]!.nominees[0]!.id = 'Haval Jolion'; }, /lower-case/],
    ['questions[1].id', (d) => { questions(d)[1]!.id = 'q-plans'; }, /unique/],
    ['questions[0].options[1].id', (d) => { questions(d)[0]!.options![1]!.id = 'yes'; }, /unique within a question/],
    ['questions[2].type', (d) => { questions(d)[2]!.type = 'essay'; }, /single, multi, text, rating, number/],
    ['questions[4].max', (d) => { questions(d)[4]!.max = 10; }, /greater than min/],
    ['questions[4].min', (d) => { delete questions(d)[4]!.min; }, /missing/],
    ['questions[0].options', (d) => { questions(d)[0]!.options = [{ id: 'only', text: 'Only' }]; }, /at least 2/],
    ['questions[2]', (d) => { questions(d)[2]!.max_lenght = 10; }, /"max_lenght"/],
    ['draw.beacon.chain', (d) => { d.draw = { beacon: { chain: 'xyz', round: 1 } }; }, /hex/],
    ['draw.beacon.round', (d) => { d.draw = { beacon: { chain: 'ab'.repeat(32), round: 0 } }; }],
    ['promo.headline', (d) => { d.promo = { text: 'x' }; }, /missing/],
    ['live_results', (d) => { d.live_results = 'yes'; }, /boolean/],
    ['confirm_hours', (d) => { d.confirm_hours = 0; }, /at least 1/],
    ['confirm_hours', (d) => { d.confirm_hours = 337; }, /at most 336/],
    ['confirm_hours', (d) => { d.confirm_hours = 1.5; }, /whole number of hours, from 1 to 336/],
    ['confirm_hours', (d) => { d.confirm_hours = '48h'; }, /whole number of hours/],
    ['prizes[0].value', (d) => { (d.prizes as Data[])[0]!.value = true; }, /must be a number, e\.g\. 480000 .*or a text shown as written, e\.g\. "480 000 ₽"/],
    ['prizes[0].value', (d) => { (d.prizes as Data[])[0]!.value = -5; }, /must be at least 0/],
    ['prizes[0].value', (d) => { (d.prizes as Data[])[0]!.value = '  '; }, /or a text shown as written/],
    ['prizes[0].currency', (d) => { (d.prizes as Data[])[0]!.currency = 'rub'; }, /ISO 4217/],
    ['draw.beacon.group_hash', (d) => { d.draw = { beacon: { chain: 'ab'.repeat(32), round: 5, public_key: 'ab'.repeat(48), genesis_time: 1, period: 3, scheme: 'bls-unchained-g1-rfc9380' } }; }, /needs public_key, genesis_time, period, scheme, group_hash/],
    ['draw.beacon.public_key', (d) => { d.draw = { beacon: { chain: 'ab'.repeat(32), round: 5, public_key: 'ab'.repeat(48), genesis_time: 1, period: 3, scheme: 'bls-unchained-g1-rfc9380', group_hash: 'cd'.repeat(32) } }; }, /do not hash to chain abab/],
    ['draw.beacon.scheme', (d) => { d.draw = { beacon: { chain: 'ab'.repeat(32), round: 5, scheme: 'rsa' } }; }, /must be one of bls-unchained-g1-rfc9380, pedersen-bls-chained/],
  ];
  for (const [field, mutate, message] of cases) {
    const e = formatError(mutate);
    assert.equal(e.field, field, `expected ${field}, got ${e.field}: ${e.message}`);
    assert.ok(e.message.startsWith(`${field}:`), e.message);
    if (message) assert.match(e.message, message);
  }
});

test('all problems are reported at once', () => {
  const e = formatError((d) => {
    d.slug = 'BAD SLUG';
    d.prizes = [];
  });
  assert.deepEqual(e.issues.map((i) => i.field).sort(), ['prizes', 'slug']);
});

test('YAML syntax errors say where', () => {
  assert.throws(() => parseCampaign('slug: [unclosed\ntitle: x'), (e: unknown) =>
    e instanceof CampaignFormatError && e.field === '' && /line \d+/.test(e.message));
  assert.throws(() => parseCampaign('- a list'), CampaignFormatError);
});

test('the demo campaign parses and covers every question type', () => {
  const text = readFileSync(new URL('../../content/demo/campaign/grand-prix-2023.yaml', import.meta.url), 'utf8');
  const c = parseCampaign(text);
  assert.equal(c.slug, 'grand-prix-2023');
  assert.equal(c.closesAt.toISOString(), '2023-02-27T21:00:00.000Z');
  assert.ok(c.categories.length >= 4);
  assert.ok(c.categories.every((cat) => cat.nominees.length >= 3));
  assert.deepEqual(new Set(c.questions.map((q) => q.type)), new Set(['single', 'multi', 'text', 'rating', 'number']));
  assert.equal(c.prizes.length, 3);
  assert.match(c.rules, /\/grand-prix\/grand-prix-2023\/draw/);
  // A beacon by default: a quicknet round emitted after the close, and no import warning.
  assert.equal(c.draw.beacon?.chain, QUICKNET.hash);
  assert.ok(roundEmittedAt(QUICKNET, c.draw.beacon.round).getTime() > c.closesAt.getTime());
  assert.deepEqual(campaignWarnings(c), []);
  assert.equal(c.confirm_hours, 48);
  assert.match(c.rules, /within the\s+48 hours its confirmation link is valid/);
});

test('a number question the bins cannot be drawn for is refused at import, naming the field', () => {
  const numberQuestion = (d: Data, extra: Data) => questions(d).push({ id: 'q-n', type: 'number', text: 'How many?', ...extra });
  const none = formatError((d) => numberQuestion(d, { min: 0.2, max: 0.8, integer: true }));
  assert.deepEqual(
    none.issues.map((i) => [i.field, i.message]),
    [[`questions[${questions(baseCampaignData()).length}].max`, 'must allow at least one whole number: integer is true and there is none from 0.2 to 0.8']],
  );
  const huge = formatError((d) => numberQuestion(d, { min: -1.5e308, max: 1.5e308 }));
  assert.match(huge.issues[0]!.message, /max − min must be a finite number/);
  // Numbers so large that adding a bin's width changes nothing: the bins would never end.
  for (const integer of [false, true]) {
    const close = formatError((d) => numberQuestion(d, { min: 1e17, max: 1e17 + 16, integer }));
    assert.match(close.issues[0]!.message, /could not be divided into bins/);
  }
  assert.throws(() => numberBins({ min: 1e17, max: 1e17 + 16, integer: true }), RangeError);
  // Near the largest doubles the bin bounds (rounded to 10 decimals: x × 10^10) would be Infinity.
  const overflow = formatError((d) => numberQuestion(d, { min: 1e300, max: 1.5e300 }));
  assert.match(overflow.issues[0]!.message, /could not be divided into bins/);
  assert.throws(() => numberBins({ min: 1e300, max: 1.5e300, integer: false }), RangeError);
  assert.equal(numberBins({ min: 1e290, max: 1.5e290, integer: false }).every((b) => Number.isFinite(b.to)), true, 'large but finite bounds are fine');
  const tab = formatError((d) => numberQuestion(d, { min: 0, max: 10, unit: 'pie\tces' }));
  assert.match(tab.issues[0]!.field, /\.unit$/);
  assert.match(tab.issues[0]!.message, /must not contain a tab, a line break or another control character/);
  // A whole number in range, however narrow, is fine.
  const data = baseCampaignData();
  numberQuestion(data, { min: 0.5, max: 1.5, integer: true, unit: 'шт.' });
  assert.equal(campaignFrom(data).questions.at(-1)!.id, 'q-n');
});
