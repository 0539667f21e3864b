import assert from 'node:assert/strict';
import { test } from 'node:test';
import { secureRandomBytes } from './secure-random';

test('secure random bytes never repeat across pool refills and have the asked size', () => {
  const seen = new Set<string>();
  // 3,000 × 32 bytes spans many 4 KB refills.
  for (let i = 0; i < 3000; i++) {
    const bytes = secureRandomBytes(32);
    assert.equal(bytes.length, 32);
    seen.add(bytes.toString('hex'));
  }
  assert.equal(seen.size, 3000);
  assert.equal(secureRandomBytes(5).length, 5);
  assert.equal(secureRandomBytes(10_000).length, 10_000, 'large requests go straight to the system');
});

test('handed-out bytes are copies: changing them does not change later ones', () => {
  const first = secureRandomBytes(16);
  first.fill(0);
  assert.notDeepEqual(secureRandomBytes(16), Buffer.alloc(16));
});
