import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { test } from 'node:test';
import { emptyChannel, readWxr } from './wxr-reader';

/** A WXR 1.2 export of `n` Russian posts, each a few kilobytes of two-byte characters. */
function russianExport(n: number): { xml: string; bodies: string[] } {
  const bodies = Array.from({ length: n }, (_, i) => `<p>Пост ${i}: ${'Ёлка, щётка и въезд на трассу «Формулы». '.repeat(40 + (i % 7))}</p>`);
  const items = bodies.map(
    (body, i) => `<item><title><![CDATA[Заголовок ${i}]]></title><content:encoded><![CDATA[${body}]]></content:encoded><wp:post_id>${i + 1}</wp:post_id><wp:post_type><![CDATA[post]]></wp:post_type></item>`,
  );
  const xml = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Трасса</title><wp:wxr_version>1.2</wp:wxr_version>
${items.join('\n')}
</channel></rss>`;
  return { xml, bodies };
}

test('a character split between two chunks of the file is read whole, plain or gzipped (no U+FFFD in a Russian export)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-wxr-'));
  try {
    const { xml, bodies } = russianExport(300);
    const plain = path.join(dir, 'ru.xml');
    fs.writeFileSync(plain, xml);
    fs.writeFileSync(`${plain}.gz`, zlib.gzipSync(xml));
    for (const file of [plain, `${plain}.gz`]) {
      const read: string[] = [];
      for await (const item of readWxr(file, emptyChannel())) read.push(item.fields.get('content:encoded') ?? '');
      assert.equal(read.length, bodies.length, file);
      const broken = read.findIndex((body, i) => body !== bodies[i]);
      assert.equal(broken, -1, `${path.basename(file)}: post ${broken} differs${broken >= 0 && read[broken]!.includes('\uFFFD') ? ' (U+FFFD)' : ''}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
