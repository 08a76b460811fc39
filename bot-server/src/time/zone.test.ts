import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixedOffsetZone, parseUtcOffset, parseZone } from './zone.js';

const HOUR = 3_600_000;

describe('parseZone', () => {
  test('IANA names are canonicalised; Koopid offsets keep their +hhmm form', () => {
    assert.equal(parseZone('Europe/London').name, 'Europe/London');
    assert.equal(parseZone(' europe/london ').name, 'Europe/London');
    assert.equal(parseZone('+0530').name, '+0530');
    assert.equal(parseZone('0000').name, '+0000');
    assert.equal(parseZone('-0500').name, '-0500');
    assert.equal(String(parseZone('America/New_York')), 'America/New_York');
    assert.equal(JSON.stringify({ tz: parseZone('+0530') }), '{"tz":"+0530"}');
  });

  test('unknown names and impossible offsets are refused with what is accepted', () => {
    assert.throws(() => parseZone('Europe/Lundon'), { name: 'RangeError', message: /"Europe\/Lundon".*IANA name/ });
    assert.throws(() => parseZone('GMT+1 please'), RangeError);
    assert.throws(() => parseZone('+2500'), { name: 'RangeError', message: /\+hhmm/ });
    assert.throws(() => parseZone('+0575'), RangeError);
    assert.throws(() => parseZone('+05'), RangeError);
  });

  test('parseUtcOffset reads both the Koopid and the ISO 8601 form', () => {
    assert.deepEqual(['+0530', '+05:30', '-0500', '0000', '0100', '+1400', '+1401', 'x'].map(parseUtcOffset), [
      330,
      330,
      -300,
      0,
      60,
      840,
      undefined,
      undefined,
    ]);
  });
});

describe('a fixed offset', () => {
  const india = parseZone('+0530');
  test('is the same all year', () => {
    assert.equal(india.offsetAt(Date.UTC(2025, 0, 1)), 330);
    assert.equal(india.offsetAt(Date.UTC(2025, 6, 1)), 330);
    assert.equal(india.instantOf({ year: 2025, month: 7, day: 1, hour: 10, minute: 30 }), Date.UTC(2025, 6, 1, 5, 0));
    assert.deepEqual(india.wallTime(Date.UTC(2025, 5, 1, 20, 0)), {
      year: 2025,
      month: 6,
      day: 2,
      hour: 1,
      minute: 30,
      second: 0,
      weekday: 1,
    });
    assert.equal(fixedOffsetZone(-90).name, '-0130');
  });
});

describe('Europe/London across the changes (last Sunday of March and of October)', () => {
  const london = parseZone('Europe/London');
  // 2025: BST from 30 March 01:00Z to 26 October 01:00Z.
  const springChange = Date.UTC(2025, 2, 30, 1, 0);
  const autumnChange = Date.UTC(2025, 9, 26, 1, 0);

  test('offset is 0 in winter and 60 in summer, switching at 01:00Z', () => {
    assert.equal(london.offsetAt(springChange - 1000), 0);
    assert.equal(london.offsetAt(springChange), 60);
    assert.equal(london.offsetAt(autumnChange - 1000), 60);
    assert.equal(london.offsetAt(autumnChange), 0);
  });

  test('wall time -> instant on both sides', () => {
    const wall = (month: number, day: number, hour: number, minute = 0) => ({ year: 2025, month, day, hour, minute });
    assert.equal(london.instantOf(wall(3, 29, 10, 30)), Date.UTC(2025, 2, 29, 10, 30));
    assert.equal(london.instantOf(wall(3, 31, 10, 30)), Date.UTC(2025, 2, 31, 9, 30));
    assert.equal(london.instantOf(wall(10, 25, 10, 30)), Date.UTC(2025, 9, 25, 9, 30));
    assert.equal(london.instantOf(wall(10, 27, 10, 30)), Date.UTC(2025, 9, 27, 10, 30));
    // 01:30 does not exist on 30 March (the gap moves it to 02:30 BST) and happens twice on 26 October.
    assert.equal(london.instantOf(wall(3, 30, 1, 30)), Date.UTC(2025, 2, 30, 1, 30));
    assert.equal(london.instantOf(wall(10, 26, 1, 30)), Date.UTC(2025, 9, 26, 0, 30));
    assert.equal(london.instantOf(wall(10, 26, 2, 0)), autumnChange + HOUR);
  });

  test('instant -> wall time and day of the week on both sides', () => {
    const clock = (instant: number) => {
      const w = london.wallTime(instant);
      return `${w.weekday} ${w.day}/${w.month} ${w.hour}:${String(w.minute).padStart(2, '0')}`;
    };
    assert.equal(clock(springChange - 1000), '0 30/3 0:59');
    assert.equal(clock(springChange), '0 30/3 2:00');
    assert.equal(clock(autumnChange - 1000), '0 26/10 1:59');
    assert.equal(clock(autumnChange), '0 26/10 1:00');
    // Saturday 23:30Z in summer is already Sunday in London.
    assert.equal(clock(Date.UTC(2025, 6, 5, 23, 30)), '0 6/7 0:30');
  });

  test('date labels show local time, in the conversation language', () => {
    assert.equal(london.formatLabel(Date.UTC(2025, 2, 28, 10, 30), 'en-GB'), 'Fri 28 Mar, 10:30');
    assert.equal(london.formatLabel(Date.UTC(2025, 2, 31, 9, 30), 'en-GB'), 'Mon 31 Mar, 10:30');
    assert.equal(london.formatLabel(Date.UTC(2025, 9, 24, 9, 30), 'en-GB'), 'Fri 24 Oct, 10:30');
    assert.equal(london.formatLabel(Date.UTC(2025, 9, 27, 10, 30), 'en-GB'), 'Mon 27 Oct, 10:30');
    assert.equal(london.formatLabel(Date.UTC(2025, 9, 27, 10, 30), 'fr'), 'lun. 27 oct., 10:30');
    assert.equal(parseZone('+0530').formatLabel(Date.UTC(2025, 9, 27, 5, 0), 'en-GB'), 'Mon 27 Oct, 10:30');
  });
});

describe('the southern hemisphere and America', () => {
  test('Australia/Sydney is on daylight time in the southern summer', () => {
    const sydney = parseZone('Australia/Sydney');
    assert.equal(sydney.offsetAt(Date.UTC(2025, 0, 15)), 660);
    assert.equal(sydney.offsetAt(Date.UTC(2025, 6, 15)), 600);
    // Ends the first Sunday of April (6 April 2025, 03:00 AEDT -> 02:00 AEST).
    assert.equal(
      sydney.instantOf({ year: 2025, month: 4, day: 5, hour: 10, minute: 30 }),
      Date.UTC(2025, 3, 4, 23, 30),
    );
    assert.equal(sydney.instantOf({ year: 2025, month: 4, day: 7, hour: 10, minute: 30 }), Date.UTC(2025, 3, 7, 0, 30));
    assert.equal(sydney.formatLabel(Date.UTC(2025, 3, 7, 0, 30), 'en-GB'), 'Mon 7 Apr, 10:30');
  });

  test('America/New_York changes on the second Sunday of March and the first of November', () => {
    const ny = parseZone('America/New_York');
    assert.equal(ny.instantOf({ year: 2025, month: 3, day: 8, hour: 10, minute: 30 }), Date.UTC(2025, 2, 8, 15, 30));
    assert.equal(ny.instantOf({ year: 2025, month: 3, day: 10, hour: 10, minute: 30 }), Date.UTC(2025, 2, 10, 14, 30));
    assert.equal(ny.instantOf({ year: 2025, month: 11, day: 3, hour: 10, minute: 30 }), Date.UTC(2025, 10, 3, 15, 30));
    assert.equal(ny.wallTime(Date.UTC(2025, 2, 10, 3, 0)).weekday, 0); // Sunday 23:00 EDT
  });
});
