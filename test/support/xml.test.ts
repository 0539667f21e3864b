import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseXml } from './xml';
const d = '<?xml version="1.0" encoding="UTF-8"?>\n';
test('strict', () => {
  assert.equal(parseXml(`${d}<a x="1"><b/><c>t &amp; u</c></a>`).children.length, 2);
  for (const bad of ['<a><b></a>', '<a></b></a>', '<a>x & y</a>', '<a/><b/>', '<a><c:x/></a>', '<a>]]></a>', '<a><b></c></b></a>', '<a>']) assert.throws(() => parseXml(d + bad), bad);
  assert.doesNotThrow(() => parseXml(`${d}<a xmlns:c="u"><c:x/></a>`));
});
