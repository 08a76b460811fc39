/**
 * Local time for business hours, typed callback times and date labels. A Zone is either an IANA
 * name (daylight saving included, rules from the ICU data Node ships) or a fixed offset in Koopid's
 * TIMEZONE form (+0530, -0500, 0000). The TIMEZONE setting is parsed here and only here.
 */

/** A local calendar date and clock time; month is 1-12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

export interface Zone {
  /** As configured, canonicalised: "Europe/London" or "+0530". */
  readonly name: string;
  /** Offset of local time from UTC at `instant` (epoch ms), in minutes. */
  offsetAt(instant: number): number;
  /** Local wall time at `instant`, with its day of the week (0 = Sunday). */
  wallTime(instant: number): Required<WallTime> & { weekday: number };
  /**
   * The instant a local wall time denotes. A time skipped by a spring-forward gap moves forward by
   * the gap (London 01:30 -> 02:30 BST); a time repeated by a fall-back overlap is its first occurrence.
   */
  instantOf(wall: WallTime): number;
  /** The name, so that printed configuration shows it. */
  toString(): string;
  /** Short local date and time for people, e.g. "Tue 1 Jul, 10:30" (en-GB) or "mar. 1 juil., 10:30" (fr). */
  formatLabel(instant: number, locale: string): string;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const KOOPID_OFFSET = /^([+-]?)(\d{2}):?(\d{2})$/;

class LocalTimeZone implements Zone {
  /** One formatter per locale; labels are formatted in UTC from the already shifted instant. */
  private readonly labelFormats = new Map<string, Intl.DateTimeFormat>();

  constructor(
    readonly name: string,
    private readonly offsetOf: (instant: number) => number,
  ) {}

  offsetAt(instant: number): number {
    return this.offsetOf(instant);
  }

  wallTime(instant: number): Required<WallTime> & { weekday: number } {
    const d = new Date(instant + this.offsetAt(instant) * MINUTE);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      weekday: d.getUTCDay(),
    };
  }

  instantOf(wall: WallTime): number {
    const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
    // Transitions are at least days apart, so the offsets a day either side are the only candidates.
    const before = this.offsetAt(local - DAY);
    const after = this.offsetAt(local + DAY);
    const fits = [before, after]
      .map((offset) => local - offset * MINUTE)
      .filter((instant) => this.offsetAt(instant) * MINUTE === local - instant);
    // In a gap nothing fits: reading the time with the earlier offset lands after the gap.
    return fits.length > 0 ? Math.min(...fits) : local - before * MINUTE;
  }

  formatLabel(instant: number, locale: string): string {
    let format = this.labelFormats.get(locale);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, {
        timeZone: 'UTC',
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      });
      this.labelFormats.set(locale, format);
    }
    return format.format(instant + this.offsetAt(instant) * MINUTE);
  }

  /** Config values are printed (README table, logs) by name. */
  toString(): string {
    return this.name;
  }

  toJSON(): string {
    return this.name;
  }
}

/**
 * Minutes east of UTC for "+0530", "-05:00", "0000" (no sign = east). Undefined when it is not an
 * offset or is out of range (beyond ±14:00, minutes over 59).
 */
export function parseUtcOffset(text: string): number | undefined {
  const m = KOOPID_OFFSET.exec(text.trim());
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** The zone named by a TIMEZONE value; throws RangeError saying what is accepted. */
export function parseZone(text: string): Zone {
  const value = text.trim();
  if (/^[+-]?\d/.test(value)) {
    const minutes = parseUtcOffset(value);
    if (minutes === undefined)
      throw new RangeError(`"${value}" is not a UTC offset: use +hhmm or -hhmm up to 14 hours, e.g. +0530 or -0500`);
    return fixedOffsetZone(minutes);
  }
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: value,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new RangeError(
      `"${value}" is not a time zone: use an IANA name such as Europe/London or America/New_York, or an offset such as +0530`,
    );
  }
  const name = formatter.resolvedOptions().timeZone;
  return new LocalTimeZone(name, (instant) => ianaOffset(formatter, instant));
}

/** A zone that never changes its offset (Koopid's TIMEZONE=+hhmm). */
export function fixedOffsetZone(minutes: number): Zone {
  const abs = Math.abs(minutes);
  const name = `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
  return new LocalTimeZone(name, () => minutes);
}

export const UTC: Zone = fixedOffsetZone(0);

/** Offset at an instant: the zone's wall-clock fields read back as if they were UTC, minus the instant. */
function ianaOffset(formatter: Intl.DateTimeFormat, instant: number): number {
  const f: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const p of formatter.formatToParts(instant)) if (p.type !== 'literal') f[p.type] = Number(p.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = f;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / MINUTE);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
