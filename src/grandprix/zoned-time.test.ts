import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidTimeZone, localToInstant, offsetMinutesAt } from './zoned-time';

test('IANA names are accepted, offsets and nonsense are not', () => {
  assert.equal(isValidTimeZone('Europe/Moscow'), true);
  assert.equal(isValidTimeZone('America/Argentina/Buenos_Aires'), true);
  assert.equal(isValidTimeZone('UTC'), true);
  assert.equal(isValidTimeZone('Europe/Atlantis'), false);
  assert.equal(isValidTimeZone('+03:00'), false);
  assert.equal(isValidTimeZone(''), false);
});

test('offsets follow the zone rules at the instant', () => {
  assert.equal(offsetMinutesAt(new Date('2023-02-27T21:00:00Z'), 'Europe/Moscow'), 180);
  assert.equal(offsetMinutesAt(new Date('2023-01-15T12:00:00Z'), 'America/New_York'), -300);
  assert.equal(offsetMinutesAt(new Date('2023-07-15T12:00:00Z'), 'America/New_York'), -240);
  assert.equal(offsetMinutesAt(new Date('2023-07-15T12:00:00Z'), 'Asia/Kolkata'), 330);
});

test('a local time in the spring-forward gap has no instant', () => {
  const r = localToInstant({ year: 2023, month: 3, day: 12, hour: 2, minute: 30, second: 0 }, 'America/New_York');
  assert.equal(r.kind, 'nonexistent');
  const after = localToInstant({ year: 2023, month: 3, day: 12, hour: 3, minute: 0, second: 0 }, 'America/New_York');
  assert.deepEqual(after, { kind: 'ok', instant: new Date('2023-03-12T07:00:00Z'), ambiguous: false });
});

test('a local time in the autumn fold resolves to its first occurrence', () => {
  // 02:30 happens twice in Berlin on 2023-10-29: at 00:30Z (CEST) and 01:30Z (CET).
  const r = localToInstant({ year: 2023, month: 10, day: 29, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin');
  assert.deepEqual(r, { kind: 'ok', instant: new Date('2023-10-29T00:30:00Z'), ambiguous: true });
});
