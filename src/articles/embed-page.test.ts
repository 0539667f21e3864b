import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/support/app';
import { articleInput } from '../../test/support/articles';
import { openTestDatabase, type TestDatabase } from '../../test/support/engines';
import { articlesRepository } from './repository';

let database: TestDatabase;
let app: FastifyInstance;
before(async () => {
  database = await openTestDatabase('sqlite');
  const repo = articlesRepository(database);
  await repo.save(
    articleInput({
      slug: 'teaser',
      title: 'The teaser is out',
      bodyMd:
        'The maker showed the new crossover in a short film on Monday, a week before the launch.\n\n' +
        'https://youtu.be/dQw4w9WgXcQ\n\n' +
        'https://t.me/autonews_channel/12345\n\n' +
        '<figure><img src="/static/demo/x.jpg" alt="The crossover" onerror="alert(1)"><figcaption>The crossover in the film.</figcaption></figure>\n\n' +
        'Sales begin in the spring, and the first cars go to dealers in Moscow and St Petersburg.',
    }),
  );
  await repo.save(articleInput({ slug: 'plain' }));
  app = await buildTestApp(database);
});
after(async () => {
  await app.close();
  await database.close();
});

test('an article with a video shows a click-to-load placeholder, loads the player script and frames only the video hosts', async () => {
  const res = await app.inject('/news/teaser');
  assert.equal(res.statusCode, 200);
  const embed = /<figure class="embed embed-youtube" data-widget="embed" data-embed-src="https:\/\/www.youtube-nocookie.com\/embed\/dQw4w9WgXcQ"><a class="embed-poster" href="https:\/\/youtu.be\/dQw4w9WgXcQ">(.*?)<\/a><\/figure>/.exec(res.body);
  assert.ok(embed, 'the placeholder links to the video');
  assert.match(embed[1]!, /YouTube/);
  assert.doesNotMatch(res.body, /<iframe|youtube\.com\/vi|ytimg|i\.vimeocdn|<script[^>]*(youtube|vimeo|vk\.com|rutube|twitter|telegram)/i, 'nothing from a third party before the click');
  assert.match(res.body, /<script src="\/static\/embeds.js" defer><\/script>/);
  assert.match(res.body, /<blockquote class="post-card post-card-telegram"[^>]*>.*<a href="https:\/\/t.me\/autonews_channel\/12345">/s);
  assert.match(res.body, /<figure><img src="\/static\/demo\/x.jpg" alt="The crossover"><figcaption>/);
  assert.doesNotMatch(res.body, /onerror/);
  const csp = res.headers['content-security-policy'] as string;
  assert.match(csp, /(?:^|;)frame-src https:\/\/www.youtube-nocookie.com https:\/\/player.vimeo.com https:\/\/vk.com https:\/\/rutube.ru(?:;|$)/);
  assert.match(csp, /(?:^|;)script-src 'self'(?:;|$)/);

  const script = await app.inject('/static/embeds.js');
  assert.equal(script.statusCode, 200);
  assert.match(script.headers['content-type'] as string, /javascript/);
});

test('an article without a video does not load the player script', async () => {
  const res = await app.inject('/news/plain');
  assert.equal(res.statusCode, 200);
  assert.doesNotMatch(res.body, /embeds\.js|data-embed-src/);
});
