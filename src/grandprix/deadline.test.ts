import { test } from 'node:test';
import assert from 'node:assert/strict';
import { campaignStatus, formatDeadline, toIsoWithOffset } from './deadline';
import { parseCampaignTime } from './campaign-schema';

function instant(local: string, zone: string): Date {
  const r = parseCampaignTime(local, zone);
  if (!r.ok) throw new Error(r.message);
  return r.instant;
}

const moscow = {
  timezone: 'Europe/Moscow',
  opensAt: instant('2023-01-10T00:00:00', 'Europe/Moscow'),
  closesAt: instant('2023-02-28T00:00:00', 'Europe/Moscow'),
};

test('status changes exactly at the opening and closing instants', () => {
  const close = moscow.closesAt.getTime();
  const open = moscow.opensAt.getTime();
  assert.equal(campaignStatus(moscow, new Date(open - 1)), 'upcoming');
  assert.equal(campaignStatus(moscow, new Date(open)), 'open');
  assert.equal(campaignStatus(moscow, new Date(close - 1)), 'open');
  assert.equal(campaignStatus(moscow, new Date(close)), 'closed');
  assert.equal(campaignStatus(moscow, new Date(close + 1000)), 'closed');
});

test('closing midnight in Moscow is 21:00 UTC the day before', () => {
  assert.equal(moscow.closesAt.toISOString(), '2023-02-27T21:00:00.000Z');
  assert.equal(campaignStatus(moscow, new Date('2023-02-27T20:59:59.999Z')), 'open');
  assert.equal(campaignStatus(moscow, new Date('2023-02-27T21:00:00.000Z')), 'closed');
});

test('the deadline is shown in the campaign zone with name and offset', () => {
  assert.equal(formatDeadline(moscow.closesAt, 'Europe/Moscow', 'en-GB'), '28 February 2023, 00:00 (Europe/Moscow, UTC+3)');
  assert.equal(toIsoWithOffset(moscow.closesAt, 'Europe/Moscow'), '2023-02-28T00:00:00+03:00');
  assert.match(formatDeadline(moscow.closesAt, 'Europe/Moscow', 'ru'), /^28 февраля 2023.*00:00 \(Europe\/Moscow, UTC\+3\)$/);
});

test('offsets shown across DST switches and fractional zones', () => {
  // Just before and after New York springs forward (07:00Z on 2023-03-12).
  assert.equal(toIsoWithOffset(new Date('2023-03-12T06:59:59Z'), 'America/New_York'), '2023-03-12T01:59:59-05:00');
  assert.equal(toIsoWithOffset(new Date('2023-03-12T07:00:00Z'), 'America/New_York'), '2023-03-12T03:00:00-04:00');
  assert.equal(formatDeadline(new Date('2023-03-12T07:00:00Z'), 'America/New_York'), '12 March 2023, 03:00 (America/New_York, UTC-4)');
  // Berlin's fold: the same wall time twice, told apart by the offset.
  assert.equal(toIsoWithOffset(new Date('2023-10-29T00:30:00Z'), 'Europe/Berlin'), '2023-10-29T02:30:00+02:00');
  assert.equal(toIsoWithOffset(new Date('2023-10-29T01:30:00Z'), 'Europe/Berlin'), '2023-10-29T02:30:00+01:00');
  assert.equal(formatDeadline(new Date('2023-06-01T06:30:00Z'), 'Asia/Kolkata'), '1 June 2023, 12:00 (Asia/Kolkata, UTC+5:30)');
  assert.equal(toIsoWithOffset(new Date('2023-06-01T12:00:00Z'), 'UTC'), '2023-06-01T12:00:00+00:00');
});

test('a deadline set in New York summer time closes at the right UTC second', () => {
  const c = {
    timezone: 'America/New_York',
    opensAt: instant('2023-03-01T00:00:00', 'America/New_York'),
    closesAt: instant('2023-03-31T23:59:59', 'America/New_York'),
  };
  assert.equal(c.opensAt.toISOString(), '2023-03-01T05:00:00.000Z'); // EST
  assert.equal(c.closesAt.toISOString(), '2023-04-01T03:59:59.000Z'); // EDT
  assert.equal(campaignStatus(c, new Date('2023-04-01T03:59:58.999Z')), 'open');
  assert.equal(campaignStatus(c, new Date('2023-04-01T03:59:59.000Z')), 'closed');
});

test('deadlines are named in the campaign zone', () => {
  assert.equal(formatDeadline(moscow.closesAt, moscow.timezone), '28 February 2023, 00:00 (Europe/Moscow, UTC+3)');
  assert.equal(formatDeadline(moscow.opensAt, moscow.timezone), '10 January 2023, 00:00 (Europe/Moscow, UTC+3)');
});
