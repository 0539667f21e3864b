import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardSvg, layoutTitle, xmlText } from './share-card';
import { dateModified, headline, jsonLd } from './structured-data';

test('a headline longer than 110 characters is cut at a word with an ellipsis; a shorter one is kept', () => {
  assert.equal(headline('Lada Vesta NG road test'), 'Lada Vesta NG road test');
  const long = 'The new Lada Vesta NG goes on sale with a continuously variable transmission, a larger screen and a price that starts below two million';
  const cut = headline(long);
  assert.ok(Array.from(cut).length <= 110, cut);
  assert.ok(cut.endsWith('…'));
  assert.ok(long.startsWith(cut.slice(0, -1)), 'the start of the title');
  assert.match(long.slice(cut.length - 1), /^[\s,]/, 'cut between words');
  // Exactly 110 stays; a word without spaces is cut where it must be.
  assert.equal(headline('x'.repeat(110)), 'x'.repeat(110));
  assert.equal(headline('x'.repeat(200)), `${'x'.repeat(109)}…`);
  // Code points: an emoji is never split.
  assert.equal(Array.from(headline('🚗'.repeat(200))).length, 110);
});

test('JSON-LD text has no < > or & and parses back to the same value', () => {
  const value = { headline: '</script><script>alert(1)</script> <!-- & \u2028', n: 1 };
  const text = jsonLd(value);
  assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(text), value);
});

test('dateModified is never before datePublished (an article scheduled after its last edit)', () => {
  assert.equal(dateModified({ publishedAt: '2026-01-10T10:00:00.000Z', updatedAt: '2026-01-09T08:00:00.000Z' }), '2026-01-10T10:00:00.000Z');
  assert.equal(dateModified({ publishedAt: '2026-01-10T10:00:00.000Z', updatedAt: '2026-01-11T08:00:00.000Z' }), '2026-01-11T08:00:00.000Z');
});

test('the card escapes its text and wraps a title into lines; one too long for the card ends with an ellipsis', async () => {
  assert.equal(xmlText('a < b & "c" \u0001'), 'a &lt; b &amp; &quot;c&quot; ');
  const svg = await cardSvg('Kia </text><script>x</script> & Rio', { SITE_NAME: 'Paddock & Co', SITE_URL: 'https://paddock.example' });
  assert.doesNotMatch(svg, /<script|<\/text><script/);
  assert.match(svg, /Paddock &amp; Co/);
  const short = await layoutTitle('Lada Vesta NG');
  assert.equal(short.lines.length, 1);
  assert.equal(short.size, 76);
  const longTitle = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
  const long = await layoutTitle(longTitle);
  assert.ok(long.lines.at(-1)!.endsWith('…'));
  assert.ok(longTitle.startsWith(long.lines.join(' ').slice(0, -1)));
  const cyrillic = await layoutTitle('Зимние шины 2024: какие выбрать для города и трассы — большой тест двенадцати моделей');
  assert.ok(cyrillic.lines.length > 1 && cyrillic.lines.length <= 5);
});
