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
