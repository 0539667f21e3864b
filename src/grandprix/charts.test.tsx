import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'preact-render-to-string';
import { BarChart, Histogram } from './charts';

const bars = [
  { id: 'moskvich-3', label: 'Moskvich 3', count: 42, share: 0.315, ci95: [0.24, 0.4] as [number, number] },
  { id: 'vesta', label: 'Lada Vesta NG <script>alert(1)</script>', count: 30, share: 0.225, ci95: [0.16, 0.3] as [number, number] },
];

test('bar chart: labelled SVG image with values, whiskers and a table for screen readers', () => {
  const html = render(<BarChart id="chart-city-car" title="Compact Car of the Year" bars={bars} />);
  assert.match(html, /<svg[^>]*role="img"[^>]*aria-labelledby="chart-city-car-title chart-city-car-desc"/);
  assert.match(html, /<title id="chart-city-car-title">Compact Car of the Year<\/title>/);
  assert.match(html, /<desc id="chart-city-car-desc">[^<]*Moskvich 3, 42 votes · 31\.5%/);
  assert.ok(html.includes('42 votes · 31.5%'));
  assert.ok(html.includes('30 votes · 22.5%'));
  assert.equal((html.match(/class="chart__whisker"/g) ?? []).length, 2);
  // The table repeats every number.
  assert.match(html, /<table class="chart__table visually-hidden"><caption>Compact Car of the Year<\/caption>/);
  assert.match(html, /<th scope="col">Votes<\/th>/);
  assert.match(html, /<th scope="row">Moskvich 3<\/th><td>42<\/td><td>31\.5%<\/td><td>24\.0% – 40\.0%<\/td>/);
});

test('bar lengths are proportional to shares and the leader is marked', () => {
  const html = render(<BarChart id="c" title="t" bars={bars} />);
  const widths = [...html.matchAll(/class="chart__bar[^"]*"[^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
  assert.equal(widths.length, 2);
  assert.ok(Math.abs(widths[0]! / widths[1]! - 0.315 / 0.225) < 0.01, String(widths));
  assert.match(html, /class="chart__bar chart__bar--leader"/);
});

test('no inline styles or scripts; text is escaped', () => {
  const html = render(
    <>
      <BarChart id="a" title={'Votes & "shares"'} bars={bars} />
      <Histogram id="b" title="Ratings" bins={[{ label: '1', count: 2 }]} />
    </>,
  );
  assert.ok(!/\sstyle=/.test(html));
  assert.ok(!html.includes('<script'));
  assert.ok(html.includes('&lt;script>') || html.includes('&lt;script&gt;'));
  assert.ok(html.includes('Votes &amp; &quot;shares&quot;') || html.includes('Votes &amp; "shares"'));
});

test('labels and counts can be translated', () => {
  const html = render(
    <BarChart
      id="ru"
      title="Городской автомобиль"
      bars={[{ id: 'v', label: 'Lada Vesta NG', count: 1234, share: 0.5 }]}
      locale="ru"
      countLabel={(n) => `${n} голосов`}
      headers={{ item: 'Номинант', count: 'Голоса', share: 'Доля' }}
    />,
  );
  assert.ok(html.includes('1234 голосов · 50,0'));
  assert.ok(html.includes('<th scope="col">Номинант</th>'));
  assert.ok(!html.includes('95% interval'), 'no interval column without intervals');
});

test('histogram: columns scale to the largest bin and the table has every bin', () => {
  const bins = Array.from({ length: 10 }, (_, i) => ({ label: String(i + 1), count: i === 6 ? 40 : i }));
  const html = render(<Histogram id="q-rate" title="Rate us" bins={bins} />);
  assert.match(html, /<svg[^>]*role="img"/);
  assert.match(html, /<desc id="q-rate-desc">[^<]*Most common: 7, 40 answers/);
  const heights = [...html.matchAll(/<rect class="chart__bar"[^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
  assert.equal(heights.length, 10);
  assert.equal(Math.max(...heights), heights[6]);
  assert.equal(heights[0], 0);
  assert.ok(Math.abs(heights[4]! / heights[6]! - 4 / 40) < 0.01);
  const total = bins.reduce((s, b) => s + b.count, 0); // 85
  assert.equal((html.match(/<th scope="row">/g) ?? []).length, 10);
  assert.ok(html.includes(`<th scope="row">7</th><td>40</td><td>${(100 * 40 / total).toFixed(1)}%</td>`));
});

test('empty charts still render a meaningful description', () => {
  assert.match(render(<Histogram id="h" title="t" bins={[{ label: '1', count: 0 }]} />), /No answers yet/);
  assert.match(render(<BarChart id="b" title="t" bars={[{ id: 'x', label: 'X', count: 0, share: 0 }]} />), /no answers yet/);
});
