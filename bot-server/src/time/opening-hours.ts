/**
 * When people are there: weekly hours in a zone, minus holidays. Chat escalation and scheduled callbacks
 * each have their own (CHAT_HOURS/CHAT_DAYS and BUSINESS_HOURS/BUSINESS_DAYS), sharing HOLIDAYS.
 */
import type { Zone } from './zone.js';

export interface OpeningHours {
  /** Minutes after local midnight, inclusive. */
  openMinute: number;
  /** Minutes after local midnight, exclusive. */
  closeMinute: number;
  /** Local week days (0 = Sunday). */
  days: ReadonlySet<number>;
  /** Local dates ("2026-12-25") on which nobody is there, whatever the day of the week. */
  holidays: ReadonlySet<string>;
  zone: Zone;
}

const MINUTE = 60_000;

/** Parse config strings: hours "09:00-17:30", days "1-5" (wraps: "6-1" = Sat, Sun, Mon), holidays "2026-12-25". */
export function parseOpeningHours(
  hours: string,
  days: string,
  zone: Zone,
  holidays: readonly string[] = [],
): OpeningHours {
  const [open = '', close = ''] = hours.split('-');
  const minute = (hhmm: string) => {
    const [h = 'x', m = 'x'] = hhmm.split(':');
    const v = Number(h) * 60 + Number(m);
    if (!Number.isInteger(v) || v < 0 || v > 24 * 60) throw new RangeError(`invalid time "${hhmm}"`);
    return v;
  };
  const [from = NaN, to = NaN] = days.split('-').map(Number);
  const set = new Set<number>();
  for (let d = from; set.size < 7; d = (d + 1) % 7) {
    set.add(d);
    if (d === to) break;
  }
  return { openMinute: minute(open), closeMinute: minute(close), days: set, holidays: new Set(holidays), zone };
}

/** Whether `instant` falls inside the hours, on an open day that is not a holiday. */
export function isOpenAt(h: OpeningHours, instant: number): boolean {
  const local = h.zone.wallTime(instant);
  if (!h.days.has(local.weekday) || h.holidays.has(localDate(local))) return false;
  const minuteOfDay = local.hour * 60 + local.minute;
  return minuteOfDay >= h.openMinute && minuteOfDay < h.closeMinute;
}

/** Whether `instant` falls on one of the holidays (local date). */
export function isHolidayAt(h: OpeningHours, instant: number): boolean {
  return h.holidays.has(localDate(h.zone.wallTime(instant)));
}

/** The next instant at or after `instant` when the hours open, within `horizonDays` (undefined: never). */
export function nextOpening(h: OpeningHours, instant: number, horizonDays = 31): number | undefined {
  if (isOpenAt(h, instant)) return instant;
  for (let day = 0; day <= horizonDays; day++) {
    const local = h.zone.wallTime(instant + day * 24 * 60 * MINUTE);
    const opening = h.zone.instantOf({
      year: local.year,
      month: local.month,
      day: local.day,
      hour: Math.floor(h.openMinute / 60),
      minute: h.openMinute % 60,
    });
    if (opening >= instant && isOpenAt(h, opening)) return opening;
  }
  return undefined;
}

/** Per hours and locale: every bot turn offers {hours}, and an Intl formatter costs far more than the turn's text. */
const described = new WeakMap<OpeningHours, Map<string, string>>();

/** "Mon–Fri, 09:00–17:30 (Europe/London)" in the customer's language, for texts and form hints. */
export function describeHours(h: OpeningHours, locale: string): string {
  let byLocale = described.get(h);
  if (!byLocale) described.set(h, (byLocale = new Map<string, string>()));
  let text = byLocale.get(locale);
  if (text === undefined) byLocale.set(locale, (text = describe(h, locale)));
  return text;
}

function describe(h: OpeningHours, locale: string): string {
  const names = weekdayNames(locale);
  const ordered = [...h.days];
  const first = ordered[0];
  const last = ordered[ordered.length - 1];
  const days =
    ordered.length === 7
      ? names.every
      : ordered.length === 1 || first === undefined || last === undefined
        ? ordered.map((d) => names.day(d)).join(', ')
        : `${names.day(first)}–${names.day(last)}`;
  return `${days}, ${clock(h.openMinute)}–${clock(h.closeMinute)} (${h.zone.name})`;
}

function weekdayNames(locale: string): { every: string; day(d: number): string } {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  // 2026-11-01 was a Sunday: day d of the week is d days later.
  const sunday = Date.UTC(2026, 10, 1);
  return {
    every: locale.startsWith('fr') ? 'tous les jours' : 'every day',
    day: (d) => format.format(sunday + d * 24 * 60 * MINUTE),
  };
}

function clock(minuteOfDay: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

function localDate(w: { year: number; month: number; day: number }): string {
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
