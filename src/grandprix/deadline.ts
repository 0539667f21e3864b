import { formatOffset, offsetMinutesAt, wallClockAt } from './zoned-time';

export type CampaignStatus = 'upcoming' | 'open' | 'closed';

/**
 * Open on [opensAt, closesAt): the rules promise entries "before" the closing
 * instant, so a submission stamped exactly at closesAt is already too late.
 */
export function campaignStatus(
  campaign: { opensAt: Date; closesAt: Date },
  now: Date,
): CampaignStatus {
  const t = now.getTime();
  if (t < campaign.opensAt.getTime()) return 'upcoming';
  if (t < campaign.closesAt.getTime()) return 'open';
  return 'closed';
}

/** "UTC+3", "UTC-4", "UTC+5:30", "UTC" — the short form readers recognise. */
export function utcOffsetLabel(date: Date, timeZone: string): string {
  const minutes = offsetMinutesAt(date, timeZone);
  if (minutes === 0) return 'UTC';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/**
 * "28 February 2023, 00:00 (Europe/Moscow, UTC+3)" for en-GB. The zone name and
 * the offset are both given: the name tells readers whose clock, the offset
 * lets them convert without knowing the zone.
 */
export function formatDeadline(date: Date, timeZone: string, locale = 'en-GB'): string {
  const { day, time } = deadlineFormats(locale, timeZone);
  return `${day.format(date)}, ${time.format(date)} (${timeZone}, ${utcOffsetLabel(date, timeZone)})`;
}

/** formatDeadline's locale for a site or mail language. */
export const deadlineLocale = (lang: 'en' | 'ru'): string => (lang === 'ru' ? 'ru' : 'en-GB');

// Building an Intl.DateTimeFormat costs far more than using one; every confirmation mail needs two.
const formats = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();
function deadlineFormats(locale: string, timeZone: string) {
  const key = `${locale}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    f = {
      day: new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'long', year: 'numeric' }),
      time: new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    };
    formats.set(key, f);
  }
  return f;
}

/** RFC 3339 local time with the zone's offset at that instant, for <time datetime> and APIs. */
export function toIsoWithOffset(date: Date, timeZone: string): string {
  const w = wallClockAt(date, timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const local = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  return local + formatOffset(offsetMinutesAt(date, timeZone));
}

