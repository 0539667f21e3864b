import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMBED_ORIGINS } from '../web/embed-origins';
import { composeBody } from './compose';
import { renderMarkdown } from './markdown';

const embedSrcOf = (html: string) => /data-embed-src="([^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;

const VIDEO_LINKS: Array<[string, string]> = [
  ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
  ['https://youtube.com/watch?v=dQw4w9WgXcQ&list=PL123&index=2', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
  ['https://m.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
  ['http://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=1m30s', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90'],
  ['https://youtu.be/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
  ['https://youtu.be/dQw4w9WgXcQ?si=abcDEF&t=42', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42'],
  ['https://www.youtube.com/shorts/aBcD3fGh1_-', 'https://www.youtube-nocookie.com/embed/aBcD3fGh1_-'],
  ['https://www.youtube.com/live/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
  ['https://www.youtube.com/embed/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
  ['https://vimeo.com/76979871', 'https://player.vimeo.com/video/76979871?dnt=1'],
  ['https://www.vimeo.com/76979871', 'https://player.vimeo.com/video/76979871?dnt=1'],
  ['https://vimeo.com/channels/staffpicks/76979871', 'https://player.vimeo.com/video/76979871?dnt=1'],
  ['https://vimeo.com/groups/cars/videos/76979871', 'https://player.vimeo.com/video/76979871?dnt=1'],
  ['https://vimeo.com/76979871/8b3a1c9d2e', 'https://player.vimeo.com/video/76979871?dnt=1&h=8b3a1c9d2e'],
  ['https://player.vimeo.com/video/76979871', 'https://player.vimeo.com/video/76979871?dnt=1'],
  ['https://vk.com/video-22822305_456242186', 'https://vk.com/video_ext.php?oid=-22822305&id=456242186'],
  ['https://vk.com/video12345_678', 'https://vk.com/video_ext.php?oid=12345&id=678'],
  ['https://m.vk.com/video-22822305_456242186', 'https://vk.com/video_ext.php?oid=-22822305&id=456242186'],
  ['https://vk.com/clip-22822305_456242186', 'https://vk.com/video_ext.php?oid=-22822305&id=456242186'],
  ['https://vk.com/video?z=video-22822305_456242186%2Fpl_cat_trends', 'https://vk.com/video_ext.php?oid=-22822305&id=456242186'],
  ['https://vkvideo.ru/video-22822305_456242186', 'https://vk.com/video_ext.php?oid=-22822305&id=456242186'],
  ['https://vk.ru/video-22822305_456242186', 'https://vk.com/video_ext.php?oid=-22822305&id=456242186'],
  ['https://rutube.ru/video/c6cc4d620b1d4338901770a44b3e82f4/', 'https://rutube.ru/play/embed/c6cc4d620b1d4338901770a44b3e82f4'],
  ['https://rutube.ru/video/c6cc4d620b1d4338901770a44b3e82f4/?r=wd', 'https://rutube.ru/play/embed/c6cc4d620b1d4338901770a44b3e82f4'],
  ['https://rutube.ru/play/embed/c6cc4d620b1d4338901770a44b3e82f4', 'https://rutube.ru/play/embed/c6cc4d620b1d4338901770a44b3e82f4'],
];

for (const [link, expected] of VIDEO_LINKS) {
  test(`a bare ${link} on its own line becomes a click-to-load player for ${expected}`, () => {
    const html = renderMarkdown(`Before.\n\n${link}\n\nAfter.`);
    assert.equal(embedSrcOf(html), expected);
    assert.ok((Object.values(EMBED_ORIGINS) as string[]).includes(new URL(expected).origin), 'the player is on a host the CSP frames');
    // No request to the host before the click: no iframe, no image, nothing but a link to the video.
    assert.doesNotMatch(html, /<iframe|<img|<script/);
    const poster = /<a class="embed-poster" href="([^"]+)">/.exec(html);
    assert.equal(poster?.[1]?.replace(/&amp;/g, '&'), new URL(link).href, 'the placeholder is a real link to the video');
    assert.match(html, /<p>Before.<\/p>\n<figure class="embed embed-\w+[^"]*" data-widget="embed"/);
    assert.match(html, /<\/figure>\n<p>After.<\/p>/);
  });
}

test('an <autolink> on its own line is an embed too; a Short gets an upright placeholder', () => {
  assert.equal(embedSrcOf(renderMarkdown('<https://youtu.be/dQw4w9WgXcQ>')), 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
  assert.match(renderMarkdown('https://www.youtube.com/shorts/aBcD3fGh1_-'), /class="embed embed-youtube embed-portrait"/);
});

test('a video link inside a sentence, with words of its own, in a list or a quote stays a link', () => {
  for (const source of [
    'Watch https://youtu.be/dQw4w9WgXcQ before the launch.',
    'https://youtu.be/dQw4w9WgXcQ is the teaser.',
    '[the teaser](https://youtu.be/dQw4w9WgXcQ)',
    '- https://youtu.be/dQw4w9WgXcQ',
    '> https://youtu.be/dQw4w9WgXcQ',
    'https://youtu.be/dQw4w9WgXcQ\nhttps://vimeo.com/76979871',
  ]) {
    const html = renderMarkdown(source);
    assert.equal(embedSrcOf(html), null, source);
    assert.match(html, /<a href="https:\/\/youtu.be\/dQw4w9WgXcQ">/, source);
  }
});

test('links that only look like videos stay links', () => {
  for (const link of [
    'https://www.youtube.com/watch?v=short',
    'https://www.youtube.com/channel/UCabcdefghijk',
    'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
    'https://evil.example/youtu.be/dQw4w9WgXcQ',
    'https://vimeo.com/about',
    'https://vk.com/durov',
    'https://rutube.ru/video/not-a-video-id/',
    'https://user:pass@youtu.be/dQw4w9WgXcQ',
    'https://youtu.be:8443/dQw4w9WgXcQ',
  ]) {
    const html = renderMarkdown(link);
    assert.equal(embedSrcOf(html), null, link);
    assert.match(html, /^<p><a href="/, link);
  }
});

test('the widget is made by us: its placeholder text cannot be forged from the body', () => {
  const html = renderMarkdown('paddock-widget-0-0\n\n<p>paddock-widget-abc-0</p>\n\nhttps://youtu.be/dQw4w9WgXcQ');
  assert.equal((html.match(/data-embed-src=/g) ?? []).length, 1);
  assert.match(html, /<p>paddock-widget-0-0<\/p>\n<p>paddock-widget-abc-0<\/p>/);
});

const POSTS: Array<[string, string, string, string]> = [
  ['https://x.com/Lada_Official/status/1790000000000000001', 'x', '@Lada_Official', 'https://x.com/Lada_Official/status/1790000000000000001'],
  ['https://twitter.com/avtovaz/status/42?s=20', 'x', '@avtovaz', 'https://x.com/avtovaz/status/42'],
  ['https://mobile.twitter.com/avtovaz/status/42', 'x', '@avtovaz', 'https://x.com/avtovaz/status/42'],
  ['https://t.me/autonews_channel/12345', 'telegram', 'autonews_channel', 'https://t.me/autonews_channel/12345'],
  ['https://t.me/s/autonews_channel/12345', 'telegram', 'autonews_channel', 'https://t.me/autonews_channel/12345'],
  ['https://telegram.me/autonews_channel/7', 'telegram', 'autonews_channel', 'https://t.me/autonews_channel/7'],
];

for (const [link, network, author, canonical] of POSTS) {
  test(`a bare ${link} on its own line becomes a quote card linking to the post`, () => {
    const html = renderMarkdown(`Intro.\n\n${link}\n\nOutro.`);
    const card = /<blockquote class="post-card post-card-(\w+)" data-widget="post" cite="([^"]+)">(.*?)<\/blockquote>/.exec(html);
    assert.ok(card, html);
    assert.equal(card[1], network);
    assert.equal(card[2], canonical);
    assert.match(card[3]!, new RegExp(`>${network === 'x' ? 'X' : 'Telegram'}</span> <span class="post-card-author">${author}</span>`));
    assert.match(card[3]!, new RegExp(`<a href="${canonical}">${canonical.replace('https://', '')}</a>`));
    assert.doesNotMatch(html, /<script|<iframe|platform\.twitter|telegram-widget/);
  });
}

test('a post link in a sentence, or to a profile, stays a link', () => {
  for (const source of ['As https://x.com/avtovaz/status/42 says.', 'https://x.com/avtovaz', 'https://t.me/autonews_channel', 'https://t.me/c/123456/7']) {
    const html = renderMarkdown(source);
    assert.doesNotMatch(html, /post-card/, source);
    assert.match(html, /<a href=/, source);
  }
});

test('a saved body keeps its widgets and figures, and its text and summary leave the widgets out', () => {
  const body = [
    'The new hatchback goes on sale in March with a 1.6-litre engine and a six-speed gearbox.',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    '<figure><img src="/static/demo/a.jpg" alt="The hatchback" /><figcaption>The hatchback at its launch in Togliatti.</figcaption></figure>',
    'https://t.me/autonews_channel/12345',
    '<table><caption>Prices</caption><tr><th scope="row">Base</th><td>1.2 million roubles</td></tr></table>',
    'Dealers expect strong demand in the regions, where the previous model sold best last year.',
  ].join('\n\n');
  const composed = composeBody(body, 'The new hatchback');
  assert.equal(
    composed.plainText,
    'The new hatchback goes on sale in March with a 1.6-litre engine and a six-speed gearbox.\n\nThe hatchback at its launch in Togliatti.\n\n' +
      'Prices\n\nBase\n\n1.2 million roubles\n\nDealers expect strong demand in the regions, where the previous model sold best last year.',
  );
  assert.match(composed.bodyHtml, /data-embed-src="https:\/\/www.youtube-nocookie.com\/embed\/dQw4w9WgXcQ"/);
  assert.match(composed.bodyHtml, /<span class="embed-host">YouTube<\/span>/);
  assert.match(composed.bodyHtml, /<blockquote class="post-card post-card-telegram"/);
  assert.match(composed.bodyHtml, /<figcaption><span class="s" data-s="\d+" id="s-\d+">The hatchback at its launch in Togliatti.<\/span><\/figcaption>/);
  for (const point of composed.summary.points) assert.doesNotMatch(JSON.stringify(point), /YouTube|youtu|Telegram|t\.me/);
});
