import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, passwordProblem, verifyPassword } from './password';

test('a password hash is scrypt with its parameters and a random salt; only the right password verifies', async () => {
  const a = await hashPassword('correct horse battery staple');
  const b = await hashPassword('correct horse battery staple');
  assert.match(a, /^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  assert.notEqual(a, b, 'salted');
  assert.equal(await verifyPassword('correct horse battery staple', a), true);
  assert.equal(await verifyPassword('correct horse battery stapler', a), false);
  assert.equal(await verifyPassword('anything', 'garbage'), false);
  assert.equal(await verifyPassword('anything', 'scrypt$99999999$8$1$abc$def'), false, 'absurd parameters are refused, not computed');
});

test('hashes made with other parameters still verify (parameters can be raised later)', async () => {
  const light = await hashPassword('a long passphrase', { N: 1024, r: 8, p: 1, keylen: 32 });
  assert.match(light, /^scrypt\$1024\$/);
  assert.equal(await verifyPassword('a long passphrase', light), true);
});

test('new passwords need some length and must not be the email', () => {
  assert.match(passwordProblem('short', 'a@b.cd')!, /at least 12/);
  assert.match(passwordProblem('ed@example.com', 'ed@example.com')!, /not be your email/);
  assert.match(passwordProblem('aaaaaaaaaaaaaaaa', 'a@b.cd')!, /too few different characters/);
  assert.equal(passwordProblem('correct horse battery staple', 'a@b.cd'), null);
});
