import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTRY_CODE_ALPHABET, newEntryCode, parseEntryCode } from './entry-code';

test('codes look like GP-XXXX-XXXX and avoid look-alike characters', () => {
  for (let i = 0; i < 2000; i++) {
    const code = newEntryCode();
    assert.match(code, /^GP-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.ok(!/[01OI]/.test(code.slice(3)), code);
  }
  assert.equal(ENTRY_CODE_ALPHABET.length, 32);
});

test('codes do not repeat and use the whole alphabet evenly', () => {
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const code = newEntryCode();
    seen.add(code);
    for (const ch of code.slice(3).replace('-', '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  // With 2^40 codes a collision among 20 000 has probability ~2·10^-4.
  assert.ok(seen.size >= n - 1);
  assert.equal(counts.size, 32);
  const expected = (n * 8) / 32; // 5000 per symbol
  for (const [ch, c] of counts) assert.ok(Math.abs(c - expected) < expected * 0.1, `${ch}: ${c}`);
});

test('typed codes are read leniently but strictly validated', () => {
  const code = newEntryCode();
  assert.equal(parseEntryCode(code.toLowerCase()), code);
  assert.equal(parseEntryCode(` ${code.slice(3).replace('-', ' ')} `), code);
  assert.equal(parseEntryCode('GPAB-CDEF'), 'GP-GPAB-CDEF');
  assert.equal(parseEntryCode('GP-ABCD-EF0H'), null);
  assert.equal(parseEntryCode('GP-ABCD-EFG'), null);
});
