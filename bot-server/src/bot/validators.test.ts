import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseZone, UTC } from '../time/zone.js';
import { validateField, validateForm, type FieldRule, type ValidationContext } from './validators.js';
import { parseOpeningHours } from '../time/opening-hours.js';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const ctx: ValidationContext = { defaultCountry: 'GB', now: NOW, zone: UTC, maxFutureMs: 14 * 86_400_000 };
const field = (kind: FieldRule['kind'], extra: Partial<FieldRule> = {}): FieldRule => ({
  name: 'f',
  kind,
  required: true,
  ...extra,
});
const check = (rule: FieldRule, raw: string | undefined, c: Partial<ValidationContext> = {}) =>
  validateField(rule, raw, { ...ctx, ...c });

describe('phone', () => {
  const phone = field('phone');
  for (const [input, country, e164] of [
    ['07911 123456', 'GB', '+447911123456'],
    ['+44 (0)7911-123456', 'FR', '+447911123456'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['+49 1512 3456789', 'GB', '+4915123456789'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+353 85 123 4567', 'GB', '+353851234567'],
    ['020 7946 0018', 'GB', '+442079460018'],
  ] as const) {
    test(`${input} (${country}) -> ${e164}`, () =>
      assert.deepEqual(check(phone, input, { defaultCountry: country }), { ok: true, value: e164 }));
  }
  test('the same national digits mean different numbers in different default countries', () => {
    assert.deepEqual(check(phone, '06 12 34 56 78', { defaultCountry: 'GB' }).ok, false);
  });
  for (const [input, key] of [
    ['12', 'phone.too_short'],
    ['+44 7911 123456789', 'phone.too_long'],
    ['+999 123', 'phone.invalid_country'],
    ['<script>alert(1)</script>', 'phone.invalid'],
    ['07911 123456\u0000', 'phone.invalid_chars'],
    ['call me on 07911 123456', 'phone.invalid'],
    ['', 'phone.required'],
    ['   ', 'phone.required'],
  ] as const) {
    test(`rejects ${JSON.stringify(input)} with ${key}`, () =>
      assert.deepEqual(check(phone, input), { ok: false, key }));
  }
});

describe('name', () => {
  const name = field('name');
  for (const ok of [
    'Ann Smith',
    "Seán O'Brien-Murphy",
    'José María',
    'Zoë',
    '王小明',
    'Дмитрий Иванов',
    'Dr. Ann Lee',
    'محمد',
  ]) {
    test(`accepts ${ok}`, () => assert.deepEqual(check(name, `  ${ok}  `), { ok: true, value: ok }));
  }
  test('collapses inner whitespace', () =>
    assert.deepEqual(check(name, 'Ann     Smith'), { ok: true, value: 'Ann Smith' }));
  for (const [input, key] of [
    ['<script>alert(1)</script>', 'name.invalid_chars'],
    ['Ann <b>Smith</b>', 'name.invalid_chars'],
    ['{{constructor.constructor("x")()}}', 'name.invalid_chars'],
    ['Ann\u0007Smith', 'name.invalid_chars'],
    ['Ann\u202eSmith', 'name.invalid_chars'],
    ['R2D2', 'name.invalid_chars'],
    ['a'.repeat(101), 'name.too_long'],
    ['', 'name.required'],
  ] as const) {
    test(`rejects ${JSON.stringify(input.slice(0, 30))} with ${key}`, () =>
      assert.deepEqual(check(name, input), { ok: false, key }));
  }
});

describe('email, text, choice, datetime', () => {
  test('email: normalises the domain only', () =>
    assert.deepEqual(check(field('email'), 'Ann.Smith@Example.COM'), { ok: true, value: 'Ann.Smith@example.com' }));
  for (const bad of ['ann', 'ann@', '@x.com', 'ann@x', 'a b@x.com', '<ann@x.com>', 'ann@x.c']) {
    test(`email: rejects ${bad}`, () =>
      assert.deepEqual(check(field('email'), bad), { ok: false, key: 'email.invalid' }));
  }
  test('email: too long', () =>
    assert.deepEqual(check(field('email'), `${'a'.repeat(60)}@${'b'.repeat(200)}.com`), {
      ok: false,
      key: 'email.too_long',
    }));
  test('text: keeps script as plain text, allows newlines, rejects other controls', () => {
    assert.deepEqual(check(field('text'), '<img src=x onerror=alert(1)>\nthanks'), {
      ok: true,
      value: '<img src=x onerror=alert(1)>\nthanks',
    });
    assert.deepEqual(check(field('text'), 'a\u001bb'), { ok: false, key: 'text.invalid_chars' });
    assert.deepEqual(check(field('text', { maxLength: 5 }), 'abcdef'), { ok: false, key: 'text.too_long' });
  });
  test('choice: only listed values', () => {
    assert.deepEqual(check(field('choice', { options: ['now', 'later'] }), 'later'), { ok: true, value: 'later' });
    assert.deepEqual(check(field('choice', { options: ['now', 'later'] }), 'tomorrow'), {
      ok: false,
      key: 'choice.invalid',
    });
  });
  test('datetime: local time without zone uses the offset; output is UTC ISO', () => {
    assert.deepEqual(check(field('datetime'), '2026-11-22T10:30', { zone: parseZone('+0100') }), {
      ok: true,
      value: '2026-11-22T09:30:00.000Z',
    });
    assert.deepEqual(check(field('datetime'), '2026-11-22T10:30:00+05:30'), {
      ok: true,
      value: '2026-11-22T05:00:00.000Z',
    });
  });
  test('datetime: a callback outside business hours or on a holiday is refused before it is booked', () => {
    const hours = parseOpeningHours('09:00-17:30', '1-5', UTC, ['2026-11-24']);
    // Sunday 22 Nov, then Monday 23 at 08:00 and 10:00, then Tuesday 24 (a holiday).
    assert.deepEqual(check(field('datetime'), '2026-11-22T10:00Z', { hours }), {
      ok: false,
      key: 'datetime.outside_hours',
    });
    assert.deepEqual(check(field('datetime'), '2026-11-23T08:00Z', { hours }), {
      ok: false,
      key: 'datetime.outside_hours',
    });
    assert.equal(check(field('datetime'), '2026-11-23T10:00Z', { hours }).ok, true);
    assert.equal(check(field('datetime'), '2026-11-24T10:00Z', { hours }).ok, false);
  });
  for (const [input, key] of [
    ['2026-11-20T10:00Z', 'datetime.past'],
    ['2027-01-30T10:00Z', 'datetime.too_far'],
    ['2026-02-30T10:00', 'datetime.invalid'],
    ['2026-11-22T25:00', 'datetime.invalid'],
    ['tomorrow at 3', 'datetime.invalid'],
    ['2026-11-22T10:30+25:00', 'datetime.invalid'],
  ] as const) {
    test(`datetime: ${input} -> ${key}`, () => assert.deepEqual(check(field('datetime'), input), { ok: false, key }));
  }
});

describe('datetime in a zone with daylight saving', () => {
  const london = parseZone('Europe/London');
  const at = (now: string, input: string, zone = london) =>
    check(field('datetime'), input, { now: Date.parse(now), zone });

  test('a "later" callback at 10:30 London time is 09:30Z in summer and 10:30Z in winter', () => {
    assert.deepEqual(at('2025-03-28T12:00:00Z', '2025-03-31T10:30'), { ok: true, value: '2025-03-31T09:30:00.000Z' });
    assert.deepEqual(at('2025-03-27T12:00:00Z', '2025-03-28T10:30'), { ok: true, value: '2025-03-28T10:30:00.000Z' });
    assert.deepEqual(at('2025-10-24T12:00:00Z', '2025-10-24T14:30'), { ok: true, value: '2025-10-24T13:30:00.000Z' });
    assert.deepEqual(at('2025-10-24T12:00:00Z', '2025-10-27T10:30'), { ok: true, value: '2025-10-27T10:30:00.000Z' });
  });

  test('times on the change days: the skipped hour moves forward, the repeated hour is its first occurrence', () => {
    assert.deepEqual(at('2025-03-29T12:00:00Z', '2025-03-30T01:30'), { ok: true, value: '2025-03-30T01:30:00.000Z' });
    assert.deepEqual(at('2025-10-25T12:00:00Z', '2025-10-26T01:30'), { ok: true, value: '2025-10-26T00:30:00.000Z' });
  });

  test('New York: 10:30 is 14:30Z after the second Sunday of March, 15:30Z before it', () => {
    const ny = parseZone('America/New_York');
    assert.deepEqual(at('2025-03-06T12:00:00Z', '2025-03-07T10:30', ny), {
      ok: true,
      value: '2025-03-07T15:30:00.000Z',
    });
    assert.deepEqual(at('2025-03-06T12:00:00Z', '2025-03-10T10:30', ny), {
      ok: true,
      value: '2025-03-10T14:30:00.000Z',
    });
  });

  test('an explicit offset in the value wins over the zone', () =>
    assert.deepEqual(at('2025-07-01T00:00:00Z', '2025-07-01T10:30Z'), { ok: true, value: '2025-07-01T10:30:00.000Z' }));
});

describe('validateForm', () => {
  const rules: FieldRule[] = [
    { name: 'phone', kind: 'phone', required: true },
    { name: 'when', kind: 'choice', required: true, options: ['now', 'later'] },
    { name: 'callAt', kind: 'datetime', required: true, onlyWhen: { field: 'when', value: 'later' } },
  ];
  test('a field that does not apply is ignored, even if filled', () => {
    assert.deepEqual(validateForm(rules, { phone: '07911123456', when: 'now', callAt: 'garbage' }, ctx), {
      values: { phone: '+447911123456', when: 'now' },
      errors: {},
    });
  });
  test('a field that applies is required and validated; every error is reported', () => {
    assert.deepEqual(validateForm(rules, { phone: 'x', when: 'later' }, ctx).errors, {
      phone: 'phone.invalid',
      callAt: 'datetime.required',
    });
  });
  test('unknown keys are never returned', () => {
    const r = validateForm(rules, { phone: '07911123456', when: 'now', __proto__x: 'y', admin: 'true' }, ctx);
    assert.deepEqual(Object.keys(r.values).sort(), ['phone', 'when']);
  });
});

describe('the details step: optional e-mail and consent box', () => {
  const rules: FieldRule[] = [
    { name: 'name', kind: 'name', required: true },
    { name: 'email', kind: 'email', required: false },
    { name: 'consent', kind: 'checkbox', required: false },
  ];
  test('an optional consent box reads "yes" ticked and "no" unticked, never empty', () => {
    for (const [raw, value] of [
      ['yes', 'yes'],
      [' YES ', 'yes'],
      ['true', 'yes'],
      ['on', 'yes'],
      ['oui', 'yes'],
      ['', 'no'],
      [undefined, 'no'],
      ['No', 'no'],
      ['non', 'no'],
    ] as const) {
      assert.deepEqual(check(field('checkbox', { required: false }), raw), { ok: true, value }, String(raw));
    }
  });
  test('a required consent box must be ticked', () => {
    assert.deepEqual(check(field('checkbox'), ''), { ok: false, key: 'checkbox.required' });
    assert.deepEqual(check(field('checkbox'), 'no'), { ok: false, key: 'checkbox.required' });
    assert.deepEqual(check(field('checkbox'), 'yes'), { ok: true, value: 'yes' });
  });
  test('anything but yes or no is refused, whether required or not', () => {
    for (const raw of ['maybe', '1; drop table', 'yes\u202e', '<b>yes</b>']) {
      assert.deepEqual(check(field('checkbox', { required: false }), raw), { ok: false, key: 'checkbox.invalid' });
    }
  });
  test('the e-mail may be left out; given, it is checked and its domain lower-cased', () => {
    assert.deepEqual(validateForm(rules, { name: 'Ann' }, ctx), { values: { name: 'Ann', consent: 'no' }, errors: {} });
    assert.deepEqual(validateForm(rules, { name: 'Ann', email: 'Ann@Example.ORG', consent: 'yes' }, ctx), {
      values: { name: 'Ann', email: 'Ann@example.org', consent: 'yes' },
      errors: {},
    });
    assert.deepEqual(validateForm(rules, { name: 'Ann', email: 'ann@', consent: 'perhaps' }, ctx).errors, {
      email: 'email.invalid',
      consent: 'checkbox.invalid',
    });
  });
});
