import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseZone } from '../time/zone.js';
import { checkNumber, checkRate, checkSchedule, parseBusinessHours } from './policy.js';

const ALLOWED = ['GB', 'IE', 'US'];

describe('checkNumber', () => {
  test('accepts valid landline and mobile numbers in allowed countries and normalises them', () => {
    const landline = checkNumber(' +442079460000 ', ALLOWED);
    assert.equal(landline.ok, true);
    assert.deepEqual(
      landline.ok && { e164: landline.value.e164, country: landline.value.country, cc: landline.value.callingCode },
      { e164: '+442079460000', country: 'GB', cc: '44' },
    );
    const mobile = checkNumber('+353851234567', ALLOWED);
    assert.equal(mobile.ok && mobile.value.type, 'MOBILE');
  });

  test('refuses anything that is not E.164', () => {
    for (const n of [
      '02079460000',
      '0044 20 7946 0000',
      '+44 20 7946 0000',
      '',
      '+0123456789',
      'tel:+442079460000',
      '+44207946000000000',
    ]) {
      assert.deepEqual(checkNumber(n, ALLOWED), { ok: false, reason: 'invalid_number' }, n);
    }
  });

  test('refuses short and emergency-style numbers', () => {
    for (const n of ['+44999', '+44112', '+1911'])
      assert.deepEqual(checkNumber(n, ALLOWED), { ok: false, reason: 'short_number' }, n);
  });

  test('refuses numbers outside the allowed countries, including non-geographic ones', () => {
    assert.deepEqual(checkNumber('+33142685300', ALLOWED), { ok: false, reason: 'country_not_allowed' });
    // +800 international freephone has no country
    assert.deepEqual(checkNumber('+80012345678', [...ALLOWED, 'FR']), { ok: false, reason: 'country_not_allowed' });
    // Isle of Man shares +44 but is its own country
    assert.deepEqual(checkNumber('+447624123456', ALLOWED), { ok: false, reason: 'country_not_allowed' });
  });

  test('calling codes in the allow-list match every country of that code', () => {
    assert.equal(checkNumber('+447624123456', ['44']).ok, true);
    assert.equal(checkNumber('+33142685300', ['44']).ok, false);
  });

  test('refuses premium-rate, shared-cost, UAN, personal and pager numbers', () => {
    const cases: Array<[string, string]> = [
      ['+449098790000', 'premium_rate'],
      ['+448431234567', 'premium_rate'],
      ['+19005551234', 'premium_rate'],
      ['+445512345678', 'shared_cost'],
      ['+447012345678', 'personal_number'],
      ['+447640123456', 'unsupported_number_type'],
    ];
    for (const [n, reason] of cases) assert.deepEqual(checkNumber(n, ['GB', 'US']), { ok: false, reason }, n);
  });

  test('refuses numbers that are possible but not valid', () => {
    assert.deepEqual(checkNumber('+447700900123', ALLOWED), { ok: false, reason: 'invalid_number' });
  });
});

describe('checkRate', () => {
  const limits = { perNumberPerDay: 3, perConversation: 2, perClientPerHour: 5 };
  test('allows while every count is below its limit', () => {
    assert.equal(checkRate({ numberLastDay: 2, conversationTotal: 1, clientLastHour: 4 }, limits), undefined);
  });
  test('names the exceeded limit', () => {
    assert.equal(
      checkRate({ numberLastDay: 3, conversationTotal: 0, clientLastHour: 0 }, limits),
      'rate_limited_number',
    );
    assert.equal(
      checkRate({ numberLastDay: 0, conversationTotal: 2, clientLastHour: 0 }, limits),
      'rate_limited_conversation',
    );
    assert.equal(
      checkRate({ numberLastDay: 0, conversationTotal: 0, clientLastHour: 5 }, limits),
      'rate_limited_client',
    );
  });
});

describe('business hours', () => {
  const zone = (name: string) => parseZone(name);

  test('parses hours and day ranges (with wrap)', () => {
    const h = parseBusinessHours('09:00-17:30', '1-5', zone('+0530'));
    assert.deepEqual(
      [h.openMinute, h.closeMinute, [...h.days].sort(), h.zone.name],
      [540, 1050, [1, 2, 3, 4, 5], '+0530'],
    );
    assert.deepEqual([...parseBusinessHours('09:00-17:00', '6-1', zone('-0500')).days].sort(), [0, 1, 6]);
    assert.equal(parseBusinessHours('00:00-24:00', '0-6', zone('0000')).days.size, 7);
    assert.throws(() => parseBusinessHours('9-17', '1-5', zone('0000')), RangeError);
  });

  // Monday 2025-06-02 08:00 UTC
  const monday0800Z = Date.UTC(2025, 5, 2, 8, 0);
  const hour = 3_600_000;

  test('accepts a future time inside business hours in the configured zone', () => {
    const utc = parseBusinessHours('09:00-17:30', '1-5', zone('0000'));
    assert.equal(checkSchedule(monday0800Z + 2 * hour, monday0800Z, utc, 7), undefined);
    // 08:00Z is 13:30 in +0530, so "now + 1 min" is inside hours there but not in UTC
    const india = parseBusinessHours('09:00-17:30', '1-5', zone('+0530'));
    assert.equal(checkSchedule(monday0800Z + 60_000, monday0800Z, india, 7), undefined);
    assert.equal(checkSchedule(monday0800Z + 60_000, monday0800Z, utc, 7), 'outside_business_hours');
  });

  test('refuses past, too-far, weekend and after-hours times', () => {
    const h = parseBusinessHours('09:00-17:30', '1-5', zone('0000'));
    assert.equal(checkSchedule(monday0800Z, monday0800Z, h, 7), 'schedule_in_past');
    assert.equal(checkSchedule(monday0800Z - hour, monday0800Z, h, 7), 'schedule_in_past');
    assert.equal(checkSchedule(Number.NaN, monday0800Z, h, 7), 'schedule_in_past');
    assert.equal(checkSchedule(monday0800Z + 8 * 24 * hour + 2 * hour, monday0800Z, h, 7), 'schedule_too_far');
    assert.equal(checkSchedule(monday0800Z + 5 * 24 * hour + 2 * hour, monday0800Z, h, 7), 'outside_business_hours'); // Saturday 10:00
    assert.equal(checkSchedule(monday0800Z + 9.5 * hour, monday0800Z, h, 7), 'outside_business_hours'); // 17:30 closes
    assert.equal(checkSchedule(monday0800Z + 9.5 * hour - 60_000, monday0800Z, h, 7), undefined); // 17:29
  });

  test('refuses a holiday (local date) with its own reason, the day after is open', () => {
    const h = parseBusinessHours('09:00-17:30', '1-5', zone('+0530'), ['2025-06-03']);
    // Tuesday 2025-06-03 04:00Z is 09:30 there; 2025-06-02 20:00Z is already the 3rd locally (01:30).
    assert.equal(checkSchedule(Date.UTC(2025, 5, 3, 4, 0), monday0800Z, h, 7), 'holiday');
    assert.equal(checkSchedule(Date.UTC(2025, 5, 2, 20, 0), monday0800Z, h, 7), 'holiday');
    assert.equal(checkSchedule(Date.UTC(2025, 5, 4, 4, 0), monday0800Z, h, 7), undefined);
  });

  /** The verdict for `atUtc`, checked from a week before (always in the future, never too far). */
  const verdict = (h: ReturnType<typeof parseBusinessHours>, atUtc: number) =>
    checkSchedule(atUtc, atUtc - 6 * 24 * hour, h, 7) ?? 'open';

  test('Europe/London opens at 09:00 local on both sides of the March and October changes', () => {
    const london = parseBusinessHours('09:00-17:30', '1-5', zone('Europe/London'));
    // Friday 28 March 2025 is GMT (UTC+0); Monday 31 March is BST (UTC+1) after Sunday 30 March.
    assert.equal(verdict(london, Date.UTC(2025, 2, 28, 8, 59)), 'outside_business_hours');
    assert.equal(verdict(london, Date.UTC(2025, 2, 28, 9, 0)), 'open');
    assert.equal(verdict(london, Date.UTC(2025, 2, 31, 7, 59)), 'outside_business_hours');
    assert.equal(verdict(london, Date.UTC(2025, 2, 31, 8, 0)), 'open');
    assert.equal(verdict(london, Date.UTC(2025, 2, 31, 16, 29)), 'open');
    assert.equal(verdict(london, Date.UTC(2025, 2, 31, 16, 30)), 'outside_business_hours');
    // Friday 24 October 2025 is BST; Monday 27 October is GMT again after Sunday 26 October.
    assert.equal(verdict(london, Date.UTC(2025, 9, 24, 8, 0)), 'open');
    assert.equal(verdict(london, Date.UTC(2025, 9, 24, 16, 30)), 'outside_business_hours');
    assert.equal(verdict(london, Date.UTC(2025, 9, 27, 8, 0)), 'outside_business_hours');
    assert.equal(verdict(london, Date.UTC(2025, 9, 27, 9, 0)), 'open');
    assert.equal(verdict(london, Date.UTC(2025, 9, 27, 17, 29)), 'open');
    // The fixed 0000 offset, the old default, is an hour late all summer.
    assert.equal(
      verdict(parseBusinessHours('09:00-17:30', '1-5', zone('0000')), Date.UTC(2025, 2, 31, 8, 0)),
      'outside_business_hours',
    );
  });

  test('the local day of the week decides, not the UTC one', () => {
    // Sunday 23:30 UTC in summer is already Monday 09:30 in Sydney (AEST, no DST in June).
    const sydney = parseBusinessHours('09:00-17:30', '1-5', zone('Australia/Sydney'));
    assert.equal(verdict(sydney, Date.UTC(2025, 5, 1, 23, 30)), 'open');
    // After the first Sunday of October Sydney is on AEDT (UTC+11): Monday 6 October 09:00 is 22:00Z Sunday.
    assert.equal(verdict(sydney, Date.UTC(2025, 9, 5, 22, 0)), 'open');
    assert.equal(verdict(sydney, Date.UTC(2025, 9, 5, 21, 59)), 'outside_business_hours');
    // New York: Monday 10 March 2025 (EDT, UTC-4) 09:00 is 13:00Z; Friday 7 March (EST, UTC-5) it is 14:00Z.
    const newYork = parseBusinessHours('09:00-17:00', '1-5', zone('America/New_York'));
    assert.equal(verdict(newYork, Date.UTC(2025, 2, 10, 13, 0)), 'open');
    assert.equal(verdict(newYork, Date.UTC(2025, 2, 7, 13, 0)), 'outside_business_hours');
    assert.equal(verdict(newYork, Date.UTC(2025, 2, 7, 14, 0)), 'open');
  });
});
