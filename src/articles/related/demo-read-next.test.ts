import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadDemoContentIfEmpty } from '../../demo-content';
import { buildTestApp, testConfig } from '../../../test/support/app';
import { openTestDatabase, type TestDatabase } from '../../../test/support/engines';

let database: TestDatabase;
let app: FastifyInstance;
before(async () => {
  database = await openTestDatabase('sqlite');
  await loadDemoContentIfEmpty(database, testConfig({ PADDOCK_DEMO: '1' }), () => {});
  app = await buildTestApp(database);
});
after(async () => {
  await app.close();
  await database.close();
});

test('someone trying the demo finds "Read next" under every demo article, never the page\'s own previous or next', async () => {
  const rows = await database.db.selectFrom('articles').select('slug').where('status', '=', 'published').where('published_at', '<=', new Date().toISOString()).execute();
  assert.ok(rows.length >= 10, `${rows.length} demo articles`);
  for (const { slug } of rows) {
    const page = (await app.inject(`/news/${slug}`)).body;
    const block = /<section class="read-next"[\s\S]*?<\/section>/.exec(page)?.[0];
    assert.ok(block, `${slug} has a Read next block`);
    const linked = [...block.matchAll(/<h3[^>]*>\s*<a href="\/news\/([^"]+)"/g)].map((m) => m[1]);
    assert.ok(linked.length >= 3 && linked.length <= 4, `${slug}: ${linked.length} related articles`);
    assert.ok(!linked.includes(slug), `${slug} is not related to itself`);
    const neighbours = [...page.matchAll(/rel="(?:prev|next)"[^>]*href="\/news\/([^"]+)"|href="\/news\/([^"]+)"[^>]*rel="(?:prev|next)"/g)].map((m) => m[1] ?? m[2]);
    assert.ok(neighbours.length >= 1, `${slug} links a previous or next article`);
    for (const n of neighbours) assert.ok(!linked.includes(n), `${slug}: ${n} is already its previous or next`);
  }
});
