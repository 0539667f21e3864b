import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/support/app';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { articlesRepository } from '../articles/repository';

interface ApiPoint { text: string; sentence: number; start: number; end: number }
interface ApiSummary { points: ApiPoint[]; lang: string; revision: number | null }

// Six paragraphs, about 300 words: long enough for a three-point summary.
const LONG_BODY = [
  'Avtovaz will start building the new Lada Iskra hatchback at its Togliatti plant in March, the company said on Monday. The car replaces the ageing Granta in the budget segment.',
  'Prices for the Iskra start at 1.2 million roubles for the base version with a 1.6-litre engine and a five-speed manual gearbox. A continuously variable transmission will follow later in the year.',
  'The company expects to build 80,000 Iskras this year and plans to export part of them to Kazakhstan and Uzbekistan. Dealers say that demand in the regions is already strong.',
  'Engineers spent three years on the new platform, which shares about forty per cent of its parts with the Vesta. Local suppliers make most of the components, the plant said.',
  'The cabin gets a ten-inch touch screen, heated seats and a rear-view camera as standard. Higher trims add climate control and alloy wheels.',
  'Analysts at Autostat think the Iskra could become one of the three best-selling cars in Russia next year. They warn, however, that the price of loans remains a risk for buyers.',
].join('\n\n');

const RU_BODY = [
  'Набережные Челны, 14 марта — ТАСС. ПАО «КамАЗ» в 2025 г. выпустило 38,5 тыс. грузовиков, т.е. на 12% больше, чем годом ранее, сообщил генеральный директор компании С. Когогин.',
  'По его словам, рост обеспечили поставки магистральных тягачей К5 и заказы от государственных компаний. «Мы впервые за пять лет загрузили конвейер на полную мощность», — сказал С. Когогин журналистам на заводе.',
  'Выручка группы выросла до 420 млрд руб. Экспорт при этом сократился: в страны СНГ ушло около 4 тыс. машин против 5,2 тыс. в 2024 г.',
  'В 2026 г. «КамАЗ» рассчитывает продать не менее 40 тыс. автомобилей и начать серийный выпуск электробусов нового поколения.',
  'Аналитики агентства «Автостат» считают план выполнимым, но предупреждают о рисках. Высокая ключевая ставка ЦБ удорожает лизинг.',
].join('\n\n');

function sentences(n: number): string {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    out.push(
      `Report ${i} says the factory in city number ${i} built ${i * 1000} trucks for customers in region ${i} last year. ` +
        `Workers at plant ${i} expect more orders from fleet operators when new rules on emissions come in.`,
    );
  }
  return out.join('\n\n');
}

forEachEngine('summary over HTTP', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const now = new Date('2026-11-24T12:00:00Z');

  before(async () => {
    database = await open();
    const repo = articlesRepository(database);
    await repo.save(articleInput({ slug: 'iskra', title: 'Lada Iskra goes into production', bodyMd: LONG_BODY, publishedAt: new Date('2026-11-20T09:00:00Z') }));
    await repo.save(articleInput({ slug: 'kamaz', title: '«КамАЗ» увеличил выпуск грузовиков', bodyMd: RU_BODY, publishedAt: new Date('2026-11-19T09:00:00Z') }));
    await repo.save(articleInput({ slug: 'draft-story', status: 'draft', bodyMd: LONG_BODY }));
    await repo.save(articleInput({ slug: 'tomorrow', bodyMd: LONG_BODY, publishedAt: new Date('2026-11-25T00:00:00Z') }));
    app = await buildTestApp(database, { now: () => now });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const postSummarize = (payload: unknown) => app.inject({ method: 'POST', url: '/api/v1/summarize', payload: payload as Record<string, unknown> });

  test('the article summary API returns sentences of the article, in order, with their offsets', async () => {
    const res = await app.inject('/api/v1/articles/iskra/summary');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /application\/json/);
    const body = res.json<ApiSummary>();
    assert.equal(body.lang, 'en');
    assert.equal(body.revision, 1);
    assert.equal(body.points.length, 3);
    const article = await articlesRepository(database).findBySlug('iskra');
    assert.ok(article);
    for (const p of body.points) {
      assert.deepEqual(Object.keys(p).sort(), ['end', 'sentence', 'start', 'text']);
      assert.equal(article.plainText.slice(p.start, p.end), p.text);
    }
    const starts = body.points.map((p) => p.start);
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b), 'points follow the article order');
    const indexes = body.points.map((p) => p.sentence);
    assert.deepEqual(indexes, [...new Set(indexes)].sort((a, b) => a - b));
    assert.match(body.points[0]!.text, /^Avtovaz will start building/);
  });

  test('after an edit the summary follows the new text and the revision goes up; nothing stale is served', async () => {
    const repo = articlesRepository(database);
    await repo.save(articleInput({ slug: 'edited', title: 'Lada Iskra goes into production', bodyMd: LONG_BODY, publishedAt: new Date('2026-11-21T09:00:00Z') }));
    const before = await app.inject('/api/v1/articles/edited/summary');
    const page1 = await app.inject('/news/edited/summary');
    assert.equal(before.json<ApiSummary>().revision, 1);
    assert.match(page1.body, /Avtovaz will start building/);

    const newBody = LONG_BODY.replace(
      'Avtovaz will start building the new Lada Iskra hatchback at its Togliatti plant in March, the company said on Monday.',
      'Avtovaz has postponed production of the new Lada Iskra hatchback until June because of a shortage of electronic parts, the company said on Tuesday.',
    );
    await repo.save(articleInput({ slug: 'edited', title: 'Lada Iskra goes into production', bodyMd: newBody, publishedAt: new Date('2026-11-21T09:00:00Z') }));
    const afterEdit = await app.inject('/api/v1/articles/edited/summary');
    const body = afterEdit.json<ApiSummary>();
    assert.equal(body.revision, 2);
    assert.match(body.points[0]!.text, /postponed production/);
    assert.ok(!body.points.some((p) => /will start building/.test(p.text)), 'no point from the old text');
    const article = await repo.findBySlug('edited');
    for (const p of body.points) assert.equal(article!.plainText.slice(p.start, p.end), p.text);

    const page2 = await app.inject('/news/edited/summary');
    assert.match(page2.body, /postponed production/);
    assert.doesNotMatch(page2.body, /will start building/);
  });

  test('unknown, draft and scheduled articles have no summary: 404 JSON', async () => {
    for (const slug of ['no-such-story', 'draft-story', 'tomorrow']) {
      const res = await app.inject(`/api/v1/articles/${slug}/summary`);
      assert.equal(res.statusCode, 404, slug);
      assert.match(res.headers['content-type'] as string, /application\/json/);
      const body = res.json<{ error: { code: string; message: string } }>();
      assert.equal(body.error.code, 'no_article');
      assert.equal(body.error.message, 'There is no published article at this address.');
      assert.doesNotMatch(JSON.stringify(body), /Avtovaz/);
    }
    for (const slug of ['draft-story', 'tomorrow']) {
      const page = await app.inject(`/news/${slug}/summary`);
      assert.equal(page.statusCode, 404, slug);
      assert.doesNotMatch(page.body, /Avtovaz will start/);
    }
  });

  test('the summary page has a heading, points linking to their sentences, and the automatic-summary label', async () => {
    const res = await app.inject('/news/iskra/summary');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.equal((res.body.match(/<h1[ >]/g) ?? []).length, 1);
    assert.match(res.body, /<h1>Summary: Lada Iskra goes into production<\/h1>/);
    assert.match(res.body, /Automatic summary/);
    const api = (await app.inject('/api/v1/articles/iskra/summary')).json<ApiSummary>();
    const links = [...res.body.matchAll(/<a href="\/news\/iskra#s-(\d+)"[^>]*>/g)].map((m) => Number(m[1]));
    assert.deepEqual(links, api.points.map((p) => p.sentence));
    // Every link lands on an anchor that exists on the article page.
    const article = await app.inject('/news/iskra');
    for (const n of links) assert.match(article.body, new RegExp(`id="s-${n}"`));
    assert.match(res.body, /href="\/news\/iskra"/, 'a way back to the article');
  });

  test('POST /api/v1/summarize summarizes any text, in order, with offsets into it', async () => {
    const text = sentences(12);
    const res = await postSummarize({ text, points: 5 });
    assert.equal(res.statusCode, 200);
    const body = res.json<ApiSummary>();
    assert.equal(body.points.length, 5);
    assert.equal(body.lang, 'en');
    for (const p of body.points) assert.equal(text.slice(p.start, p.end), p.text);
    const starts = body.points.map((p) => p.start);
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b));

    const one = await postSummarize({ text, points: 1 });
    assert.equal(one.json<ApiSummary>().points.length, 1);
  });

  test('a missing, empty, blank or non-string text gets 400 naming the field', async () => {
    for (const payload of [{}, { text: '' }, { text: '   \n\t ' }, { text: 42 }, { text: ['a sentence.'] }, { text: null }, { text: { a: 1 } }]) {
      const res = await postSummarize(payload);
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      const body = res.json<{ error: { code: string; message: string; field: string } }>();
      assert.equal(body.error.field, 'text', JSON.stringify(payload));
      assert.match(body.error.code, /^field_(required|type|repeated)$/, JSON.stringify(payload));
      assert.match(body.error.message, /“text”/);
    }
  });

  test('bad points and lang get 400 saying what is allowed', async () => {
    const text = sentences(4);
    const badPoints: [unknown, string][] = [
      [0, '“points” must be at least 1.'],
      [-1, '“points” must be at least 1.'],
      [11, '“points” must be at most 10.'],
      ['3', '“points” must be a whole number.'],
      [2.5, '“points” must be a whole number.'],
      [null, '“points” must be a whole number.'],
      [true, '“points” must be a whole number.'],
    ];
    for (const [points, message] of badPoints) {
      const res = await postSummarize({ text, points });
      assert.equal(res.statusCode, 400, `points ${JSON.stringify(points)}`);
      const body = res.json<{ error: { field: string; message: string } }>();
      assert.equal(body.error.field, 'points');
      assert.equal(body.error.message, message, `points ${JSON.stringify(points)}`);
    }
    for (const lang of ['xx', '', 42]) {
      const res = await postSummarize({ text, lang });
      assert.equal(res.statusCode, 400, `lang ${JSON.stringify(lang)}`);
      const body = res.json<{ error: { field: string; message: string } }>();
      assert.equal(body.error.field, 'lang');
      assert.match(body.error.message, /“lang” must be (one of: en, ru|one text)/, `lang ${JSON.stringify(lang)}`);
    }
    const unknown = await postSummarize({ text, point: 3 });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(unknown.json<{ error: { code: string; field: string } }>().error, { code: 'field_unknown', field: 'point', message: '“point” is not a known field here: leave it out.' });
    const title = await postSummarize({ text, title: 7 });
    assert.equal(title.statusCode, 400);
    assert.equal(title.json<{ error: { field: string } }>().error.field, 'title');
    const ok = await postSummarize({ text, lang: 'en', points: 10, title: 'Trucks' });
    assert.equal(ok.statusCode, 200);
  });

  test('texts above 200 KB get 413, even a 5 MB body; 200 KB itself is accepted', async () => {
    const unit = 'The plant built more trucks this year than last. ';
    const atLimit = unit.repeat(Math.floor((200 * 1024) / unit.length));
    const ok = await postSummarize({ text: atLimit });
    assert.equal(ok.statusCode, 200);
    assert.ok(ok.json<ApiSummary>().points.length >= 1);

    for (const size of [200 * 1024 + 1, 230 * 1024, 5 * 1024 * 1024]) {
      const text = 'a'.repeat(size);
      const res = await postSummarize({ text });
      assert.equal(res.statusCode, 413, `${size} bytes`);
      const body = res.json<{ error: { code: string; message: string; field: string } }>();
      assert.deepEqual([body.error.code, body.error.field], ['too_large', 'text'], `${size} bytes`);
      assert.match(body.error.message, /200 KB/, `${size} bytes: the message says the limit`);
    }
  });

  test('malformed or non-object JSON bodies get 400, not 500', async () => {
    for (const payload of ['{"text": "unterminated', '{text: 1}', '{"text": "a"} trailing']) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/summarize', payload, headers: { 'content-type': 'application/json' } });
      assert.equal(res.statusCode, 400, payload);
      assert.match(res.headers['content-type'] as string, /application\/json/);
    }
    const bodies: Array<[string, string]> = [
      ['"just a string"', 'application/json'],
      ['[1, 2, 3]', 'application/json'],
      ['null', 'application/json'],
      ['', 'application/json'],
      ['plain words.', 'text/plain'],
    ];
    for (const [payload, type] of bodies) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/summarize', payload, headers: { 'content-type': type } });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${JSON.stringify(payload)} → ${res.statusCode}`);
      assert.equal(typeof res.json<{ error: { message: string } }>().error.message, 'string');
    }
  });

  test('odd inputs get a summary of what there is, never a 5xx', async () => {
    const garbage = crypto.randomBytes(20_000).toString('latin1');
    const utf8Garbage = crypto.randomBytes(20_000).toString('utf8');
    const loneSurrogates = '\ud800 text \udfff.'.repeat(100);
    const nested = '<div>'.repeat(5000) + 'The new van goes on sale in May. It costs less than the old one.' + '</div>'.repeat(5000);
    const noSpaces = 'x'.repeat(150_000);
    for (const text of [garbage, utf8Garbage, loneSurrogates, nested, noSpaces, '?!...;:—«»', '.']) {
      const res = await postSummarize({ text });
      assert.ok(res.statusCode < 500, `${res.statusCode} for ${JSON.stringify(text.slice(0, 30))}`);
      if (res.statusCode === 200) {
        const body = res.json<ApiSummary>();
        assert.ok(Array.isArray(body.points));
        for (const p of body.points) assert.equal(text.slice(p.start, p.end).length, p.text.length);
      }
    }
    const punct = (await postSummarize({ text: '?!...;:—«»' })).json<ApiSummary>();
    assert.deepEqual(punct.points, [], 'punctuation alone has no key point');

    const nestedBody = (await postSummarize({ text: nested })).json<ApiSummary>();
    assert.equal(nestedBody.lang, 'en');
    assert.deepEqual(nestedBody.points.map((p) => p.text), ['The new van goes on sale in May.'], 'the sentence inside the markup, without the markup');

    const single = await postSummarize({ text: 'The new van goes on sale in May.' });
    assert.equal(single.statusCode, 200);
    assert.deepEqual(single.json<ApiSummary>().points.map((p) => p.text), ['The new van goes on sale in May.']);
  });

  test('a Russian article gets a Russian summary of whole sentences that link to the article', async () => {
    const body = (await app.inject('/api/v1/articles/kamaz/summary')).json<ApiSummary>();
    assert.equal(body.lang, 'ru');
    assert.ok(body.points.length >= 1);
    const article = await articlesRepository(database).findBySlug('kamaz');
    for (const p of body.points) assert.equal(article!.plainText.slice(p.start, p.end), p.text);
    assert.match(body.points[0]!.text, /^ПАО «КамАЗ» в 2025 г\. выпустило .* С\. Когогин\.$/);
    assert.ok(!body.points.some((p) => /ТАСС/.test(p.text)), 'the dateline is not a key point');
    const page = await app.inject('/news/kamaz/summary');
    assert.match(page.body, /href="\/news\/kamaz#s-\d+"[^>]*>ПАО «КамАЗ» в 2025 г\./);
  });

  test('the language is detected: Russian text is summarized as Russian', async () => {
    const text =
      'Автоваз начнёт выпуск новой модели в марте, сообщила пресс-служба компании. Машина заменит устаревшую «Гранту» в бюджетном сегменте. ' +
      'Цены начнутся от 1,2 млн рублей за базовую версию. Дилеры ожидают высокого спроса в регионах.';
    const res = await postSummarize({ text });
    assert.equal(res.statusCode, 200);
    const body = res.json<ApiSummary>();
    assert.equal(body.lang, 'ru');
    assert.ok(body.points.length >= 1);
    for (const p of body.points) assert.equal(text.slice(p.start, p.end), p.text);
    assert.equal(body.revision, null);
  });
});
