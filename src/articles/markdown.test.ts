import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSafeUrl, renderMarkdown, sanitizeArticleHtml } from './markdown';

test('raw HTML in Markdown keeps its allowed tags and loses scripts and handlers', () => {
  const html = renderMarkdown('Hello <script>alert(1)</script> <img src=x onerror=alert(1)>');
  assert.doesNotMatch(html, /<script|alert|onerror/i);
  assert.match(html, /<img src="x" \/>/);
});

test('javascript: links lose their href', () => {
  const html = renderMarkdown('[click](javascript:alert(1)) and [ok](https://example.com/a)');
  assert.doesNotMatch(html, /href="javascript:/i);
  assert.match(html, /<a href="https:\/\/example.com\/a">ok<\/a>/);
});

test('the sanitizer strips event handlers, styles and unknown tags from HTML', () => {
  const html = sanitizeArticleHtml('<p onclick="x()" style="color:red">Hi <iframe src="https://evil"></iframe><a href="JaVaScRiPt:alert(1)">x</a><img src="data:text/html,x" onerror="y"></p>');
  assert.equal(html, '<p>Hi <a>x</a><img /></p>');
});

test('a level-1 heading in the body becomes h2 so the page keeps one h1', () => {
  assert.match(renderMarkdown('# Inside'), /^<h2>Inside<\/h2>/);
  assert.equal(sanitizeArticleHtml('<h1>Pasted</h1>'), '<h2>Pasted</h2>');
});

test('pasted <b> and <i> keep their emphasis as strong and em', () => {
  assert.equal(renderMarkdown('A <b>bold</b> and <i>slanted</i> claim.'), '<p>A <strong>bold</strong> and <em>slanted</em> claim.</p>\n');
});

test('a figure with a responsive picture and a caption survives as written', () => {
  const figure =
    '<figure><picture>' +
    '<source srcset="/media/a-640.avif 640w, /media/a-1280.avif 1280w" sizes="(max-width: 40rem) 100vw, 40rem" type="image/avif" media="(min-width: 20rem)" />' +
    '<img src="/media/a-640.jpg" srcset="/media/a-640.jpg 640w, https://cdn.example/a-1280.jpg 1280w" sizes="100vw" alt="The new Niva on a gravel road" width="1280" height="720" loading="lazy" />' +
    '</picture><figcaption>The new Niva. Photo: the maker</figcaption></figure>';
  assert.equal(renderMarkdown(figure), figure);
});

test('a spec-sheet table keeps its caption, header scope, spans and footer', () => {
  const table =
    '<table><caption>Engines</caption>' +
    '<thead><tr><th scope="col">Engine</th><th scope="col" colspan="2">Power</th></tr></thead>' +
    '<tbody><tr><th scope="row" rowspan="2">1.6</th><td>90 hp</td><td colspan="1" rowspan="1">66 kW</td></tr></tbody>' +
    '<tfoot><tr><td colspan="3">Maker\'s figures</td></tr></tfoot></table>';
  assert.equal(renderMarkdown(table), table);
});

test('a quote keeps an http(s) cite, details/summary and definition lists survive', () => {
  assert.equal(
    sanitizeArticleHtml('<blockquote cite="https://example.com/speech"><p>We will build it.</p></blockquote>'),
    '<blockquote cite="https://example.com/speech"><p>We will build it.</p></blockquote>',
  );
  for (const cite of ['javascript:alert(1)', 'mailto:a@example.com', 'data:text/html,x', '//evil.example/x']) {
    assert.equal(sanitizeArticleHtml(`<blockquote cite="${cite}">q</blockquote>`), '<blockquote>q</blockquote>', cite);
  }
  const details = '<details open><summary>Full specifications</summary><dl><dt>Length</dt><dd>4,100 mm</dd></dl></details>';
  assert.equal(sanitizeArticleHtml(details), details);
});

test('attribute values outside their lists are dropped: loading, scope', () => {
  assert.equal(sanitizeArticleHtml('<img src="/a.jpg" alt="" loading="sometimes">'), '<img src="/a.jpg" alt="" />');
  assert.equal(sanitizeArticleHtml('<table><tr><th scope="x">a</th></tr></table>'), '<table><tr><th>a</th></tr></table>');
});

test('no script, style, frames, plugins, forms, SVG or MathML from authors, with or without their content', () => {
  const html = renderMarkdown(
    [
      '<script>alert(1)</script>',
      '<style>body{display:none}</style>',
      '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>',
      '<object data="x.swf"></object><embed src="x.swf">',
      '<form action="https://evil.example"><input name="card"><button>Pay</button><select><option>1</option></select><textarea>t</textarea></form>',
      '<svg onload="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)"><text>svg</text></a></svg>',
      '<math><mtext><img src=x onerror=alert(4)></mtext></math>',
      '<noscript><img src=x onerror=alert(5)></noscript><template><img src=x></template>',
      '<div style="position:fixed" class="x" id="y" onmouseover="alert(6)">kept text</div>',
    ].join('\n'),
  );
  assert.doesNotMatch(html, /<(script|style|iframe|object|embed|form|input|button|select|textarea|svg|math|noscript|template|div)\b/i);
  assert.doesNotMatch(html, /alert|onload|onerror|onmouseover|style=|class=|id=|javascript|display:none|\.swf/i);
  assert.match(html, /kept text/);
});

test('dangerous URL schemes are refused in every disguise, in href, src, srcset and cite (mail only in a link)', () => {
  const disguises = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java&#x09;script:alert(1)',
    'java&#10;script:alert(1)',
    '&#106;avascript:alert(1)',
    '&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)',
    'javascript&colon;alert(1)',
    '\u0001javascript:alert(1)',
    'vbscript:msgbox(1)',
    'VBScript:msgbox(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'DATA:image/svg+xml,<svg onload=alert(1)>',
    'livescript:alert(1)',
    'mailto:a@example.com',
  ];
  for (const url of disguises) {
    const html = sanitizeArticleHtml(
      `<a href="${url}">a</a><img src="${url}" alt=""><img srcset="${url} 1x" alt=""><picture><source srcset="${url} 2x"></picture><blockquote cite="${url}">q</blockquote>`,
    );
    const linkOnly = url.startsWith('mailto:') ? '<a href="mailto:a@example.com">a</a>' : '<a>a</a>';
    assert.equal(html, `${linkOnly}<img alt="" /><img alt="" /><picture><source /></picture><blockquote>q</blockquote>`, url);
  }
});

test('a srcset keeps its good candidates and loses a smuggled one', () => {
  const html = sanitizeArticleHtml('<img alt="" srcset="/a-640.jpg 640w, javascript:alert(1) 800w, data:image/png;base64,AAAA 900w, //evil.example/x.jpg 1000w, https://cdn.example/a-1280.jpg 1280w">');
  assert.equal(html, '<img alt="" srcset="/a-640.jpg 640w, https://cdn.example/a-1280.jpg 1280w" />');
});

test('an author cannot write an embed: data-embed-src and the widget marker are dropped', () => {
  const html = renderMarkdown(
    '<figure data-widget="embed" data-embed-src="https://evil.example/player" class="embed"><a href="https://youtu.be/dQw4w9WgXcQ">x</a></figure>\n\n' +
      '<p data-embed-src="javascript:alert(1)">p</p>',
  );
  assert.doesNotMatch(html, /data-embed-src|data-widget|evil|javascript/);
  assert.match(html, /<figure><a href="https:\/\/youtu.be\/dQw4w9WgXcQ">x<\/a><\/figure>/);
});

test('isSafeUrl accepts http(s) and site paths only', () => {
  assert.equal(isSafeUrl('/static/a.svg'), true);
  assert.equal(isSafeUrl('https://cdn.example/a.jpg'), true);
  assert.equal(isSafeUrl('javascript:alert(1)'), false);
  assert.equal(isSafeUrl('//evil.example/a.jpg'), false);
  assert.equal(isSafeUrl('data:image/svg+xml,<svg/>'), false);
});
