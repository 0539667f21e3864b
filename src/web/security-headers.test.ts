import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { buildTestApp } from '../../test/support/app';
import { openTestDatabase } from '../../test/support/engines';
import { siteHelmet } from './security-headers';

/** The headers helmet itself writes on a real response, with the site's options. */
async function helmetOnARealResponse(siteUrl: string): Promise<Record<string, string>> {
  const middleware = siteHelmet(siteUrl);
  const server = http.createServer((req, res) => middleware(req, res, () => res.end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const out: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name)) out[name] = value;
    });
    return out;
  } finally {
    server.close();
  }
}

for (const siteUrl of ['http://paddock.test', 'https://paddock.example']) {
  test(`pages and the API carry exactly the headers helmet writes (${siteUrl})`, async () => {
    const expected = await helmetOnARealResponse(siteUrl);
    assert.match(expected['content-security-policy'] ?? '', /script-src 'self'/);
    // Pages may frame the four video players of click-to-load embeds and nothing else.
    const frameSrc = /(?:^|;)frame-src ([^;]*)/.exec(expected['content-security-policy'] ?? '')?.[1]?.split(' ');
    assert.deepEqual(frameSrc, ['https://www.youtube-nocookie.com', 'https://player.vimeo.com', 'https://vk.com', 'https://rutube.ru']);
    const database = await openTestDatabase('sqlite');
    const app = await buildTestApp(database, { env: { SITE_URL: siteUrl } });
    try {
      for (const url of ['/', '/api/v1/campaigns/none', '/no-such-page']) {
        const res = await app.inject(url);
        for (const [name, value] of Object.entries(expected)) assert.equal(res.headers[name], value, `${url}: ${name}`);
      }
    } finally {
      await app.close();
      await database.close();
    }
  });
}
