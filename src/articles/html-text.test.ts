import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annotateSentences, htmlToPlainText, walkHtml } from './html-text';

test('plain text separates blocks with a blank line and folds white space', () => {
  const plain = htmlToPlainText('<h2>Title</h2>\n<p>One   two\nthree &amp; four.</p><ul><li>a</li><li>b</li></ul>');
  assert.equal(plain, 'Title\n\nOne two three & four.\n\na\n\nb');
});

test('each sentence is wrapped, with an anchor where it starts, even across inline markup', () => {
  const walked = walkHtml('<p>First <em>bold</em> claim. Second one &lt;here&gt;.</p>');
  assert.equal(walked.plain, 'First bold claim. Second one <here>.');
  const html = annotateSentences(walked, [
    { start: 0, end: 17 },
    { start: 18, end: 36 },
  ]);
  assert.equal(
    html,
    '<p><span class="s" data-s="0" id="s-0">First </span><em><span class="s" data-s="0">bold</span></em>' +
      '<span class="s" data-s="0"> claim.</span> <span class="s" data-s="1" id="s-1">Second one &lt;here&gt;.</span></p>',
  );
  // Re-walking the annotated HTML gives the same text: offsets stay valid.
  assert.equal(htmlToPlainText(html), walked.plain);
});

test('attributes are re-escaped when the HTML is rebuilt', () => {
  const walked = walkHtml('<p><a href="https://x.example/?a=1&amp;b=&quot;2&quot;">link</a></p>');
  assert.equal(annotateSentences(walked, []), '<p><a href="https://x.example/?a=1&amp;b=&quot;2&quot;">link</a></p>');
});

test('captions, table cells, summaries of details and definitions are blocks of their own', () => {
  const plain = htmlToPlainText(
    '<p>The car is new.</p><figure><img src="/a.jpg" alt="Side view" /><figcaption>The car at the launch.</figcaption></figure>' +
      '<table><caption>Engines</caption><thead><tr><th scope="col">Engine</th><th>Power</th></tr></thead>' +
      '<tbody><tr><td>1.6</td><td>90 hp</td></tr></tbody><tfoot><tr><td colspan="2">Maker data</td></tr></tfoot></table>' +
      '<details><summary>Specifications</summary><dl><dt>Length</dt><dd>4,100 mm</dd></dl></details><p>After.</p>',
  );
  assert.equal(plain, 'The car is new.\n\nThe car at the launch.\n\nEngines\n\nEngine\n\nPower\n\n1.6\n\n90 hp\n\nMaker data\n\nSpecifications\n\nLength\n\n4,100 mm\n\nAfter.');
});

test('a picture\'s sources are void: rebuilt without a closing tag, and the image stays', () => {
  const walked = walkHtml('<figure><picture><source srcset="/a.avif" type="image/avif" /><img src="/a.jpg" alt="A" /></picture><figcaption>Cap.</figcaption></figure>');
  assert.equal(annotateSentences(walked, []), '<figure><picture><source srcset="/a.avif" type="image/avif"><img src="/a.jpg" alt="A"></picture><figcaption>Cap.</figcaption></figure>');
});

test('a widget\'s text (video placeholder, post card) is shown but is not the article\'s text', () => {
  const html =
    '<p>Before the video.</p><figure class="embed" data-widget="embed" data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ">' +
    '<a href="https://youtu.be/dQw4w9WgXcQ"><span class="embed-host">YouTube</span> <span>youtu.be/dQw4w9WgXcQ</span></a></figure><p>After &amp; more.</p>';
  const walked = walkHtml(html);
  assert.equal(walked.plain, 'Before the video.\n\nAfter & more.');
  const annotated = annotateSentences(walked, [
    { start: 0, end: 17 },
    { start: 19, end: 32 },
  ]);
  assert.match(annotated, /<a href="https:\/\/youtu.be\/dQw4w9WgXcQ"><span class="embed-host">YouTube<\/span> <span>youtu.be\/dQw4w9WgXcQ<\/span><\/a><\/figure>/);
  assert.match(annotated, /<span class="s" data-s="1" id="s-1">After &amp; more.<\/span>/);
  assert.equal(htmlToPlainText(annotated), walked.plain);
});
