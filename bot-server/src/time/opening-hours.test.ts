import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeHours, isOpenAt, nextOpening, parseOpeningHours } from './opening-hours.js';
import { parseZone } from './zone.js';

const london = parseZone('Europe/London');
const weekdays = parseOpeningHours('09:00-17:30', '1-5', london, ['2026-12-25']);

describe('opening hours', () => {
  test('open inside the hours on an open day, local to the zone (summer time included)', () => {
    // Wed 1 Jul 2026, 08:30 UTC = 09:30 BST.
    assert.equal(isOpenAt(weekdays, Date.parse('2026-07-01T08:30:00Z')), true);
    // 07:59 UTC = 08:59 BST: not yet.
    assert.equal(isOpenAt(weekdays, Date.parse('2026-07-01T07:59:00Z')), false);
    // Closing time is exclusive: 17:30 BST = 16:30 UTC.
    assert.equal(isOpenAt(weekdays, Date.parse('2026-07-01T16:29:00Z')), true);
    assert.equal(isOpenAt(weekdays, Date.parse('2026-07-01T16:30:00Z')), false);
  });

  test('closed at weekends and on holidays', () => {
    assert.equal(isOpenAt(weekdays, Date.parse('2026-12-05T12:00:00Z')), false); // Saturday
    assert.equal(isOpenAt(weekdays, Date.parse('2026-12-25T12:00:00Z')), false); // Friday, Christmas
    assert.equal(isOpenAt(weekdays, Date.parse('2026-12-24T12:00:00Z')), true);
  });

  test('days wrap around the week', () => {
    const weekend = parseOpeningHours('10:00-16:00', '6-0', london);
    assert.equal(isOpenAt(weekend, Date.parse('2026-12-05T12:00:00Z')), true); // Saturday
    assert.equal(isOpenAt(weekend, Date.parse('2026-12-06T12:00:00Z')), true); // Sunday
    assert.equal(isOpenAt(weekend, Date.parse('2026-12-07T12:00:00Z')), false); // Monday
  });

  test('the next opening skips evenings, weekends and holidays', () => {
    // Thursday 24 Dec 18:00: Friday is Christmas, then the weekend: Monday 28 Dec 09:00 GMT.
    assert.equal(nextOpening(weekdays, Date.parse('2026-12-24T18:00:00Z')), Date.parse('2026-12-28T09:00:00Z'));
    const open = Date.parse('2026-12-24T10:00:00Z');
    assert.equal(nextOpening(weekdays, open), open);
    const never = parseOpeningHours('09:00-17:00', '1-1', london, []);
    assert.equal(nextOpening({ ...never, days: new Set() }, open), undefined);
  });

  test('described in the customer language', () => {
    assert.equal(describeHours(weekdays, 'en'), 'Mon–Fri, 09:00–17:30 (Europe/London)');
    assert.equal(describeHours(weekdays, 'fr'), 'lun.–ven., 09:00–17:30 (Europe/London)');
    assert.equal(
      describeHours(parseOpeningHours('08:00-20:00', '0-6', london), 'en'),
      'every day, 08:00–20:00 (Europe/London)',
    );
  });

  test('bad times are refused', () => {
    assert.throws(() => parseOpeningHours('25:00-26:00', '1-5', london), RangeError);
  });
});
