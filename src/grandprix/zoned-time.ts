// Wall-clock ↔ instant conversion for IANA time zones, built on Intl only.
// The campaign dates are written as local times in the campaign's zone, and a
// wrong hour around a DST switch would open or close a vote an hour off, so the
// gap (spring forward) and fold (autumn back) are handled explicitly here.

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

// Names like "Europe/Moscow" or "UTC". Intl alone would also take offsets such
// as "+03:00", which carry no DST rules and are not IANA names.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

export function isValidTimeZone(name: string): boolean {
  if (!IANA_NAME.test(name)) return false;
  try {
    wallClockFormatter(name);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const parts = wallClockFormatter(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? NaN);
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = get('year');
  return {
    year: era === 'BC' || era === 'B' ? 1 - year : year,
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

function wallClockAsUtcMs(w: WallClock): number {
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, 0);
  return d.getTime();
}

/** Offset of the zone from UTC at an instant, in minutes (Moscow: 180). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallClockAsUtcMs(wallClockAt(new Date(whole), timeZone)) - whole) / 60_000);
}

export type LocalToInstant =
  | { kind: 'ok'; instant: Date; ambiguous: boolean }
  | { kind: 'nonexistent' };

/**
 * The instant at which clocks in `timeZone` show `w`. In a fold the earlier of
 * the two instants is returned (and flagged), so a deadline never moves later
 * than the first time the clock shows it; a gap has no instant at all.
 */
export function localToInstant(w: WallClock, timeZone: string): LocalToInstant {
  const asUtc = wallClockAsUtcMs(w);
  const day = 86_400_000;
  // Offsets a day either side cover the offsets in force before and after any
  // transition near this wall time (zones change offset at most once a day).
  const offsets = new Set([
    offsetMinutesAt(new Date(asUtc - day), timeZone),
    offsetMinutesAt(new Date(asUtc), timeZone),
    offsetMinutesAt(new Date(asUtc + day), timeZone),
  ]);
  const found: number[] = [];
  for (const off of offsets) {
    const candidate = asUtc - off * 60_000;
    if (offsetMinutesAt(new Date(candidate), timeZone) === off) found.push(candidate);
  }
  if (found.length === 0) return { kind: 'nonexistent' };
  found.sort((a, b) => a - b);
  return { kind: 'ok', instant: new Date(found[0]!), ambiguous: found.length > 1 };
}

/** "+03:00", "-05:00", "+05:30"; "Z"-free so that it reads like the local time. */
export function formatOffset(minutes: number, separator = ':'): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}${separator}${mm}`;
}
