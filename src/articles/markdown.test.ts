import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSafeUrl, renderMarkdown, sanitizeArticleHtml } from './markdown';

test('raw HTML in Markdown is shown as text, never executed', () => {
  const html = renderMarkdown('Hello <script>alert(1)</script> <img src=x onerror=alert(1)>');
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.match(html, /&lt;script&gt;/);
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
});

test('isSafeUrl accepts http(s) and site paths only', () => {
  assert.equal(isSafeUrl('/static/a.svg'), true);
  assert.equal(isSafeUrl('https://cdn.example/a.jpg'), true);
  assert.equal(isSafeUrl('javascript:alert(1)'), false);
  assert.equal(isSafeUrl('//evil.example/a.jpg'), false);
  assert.equal(isSafeUrl('data:image/svg+xml,<svg/>'), false);
});
