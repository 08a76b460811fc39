/**
 * Validation and normalisation of form values (the server is authoritative; the widget mirrors it).
 * Every failure is a stable message key "<kind>.<problem>" that the widget translates, e.g.
 * "name.required", "phone.too_short". Values are only ever treated as text.
 */
import { LIMITS } from '@parley/protocol';
import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';
import { parseUtcOffset, type Zone } from '../time/zone.js';
import { isOpenAt, type OpeningHours } from '../time/opening-hours.js';

export type FieldKind = 'name' | 'phone' | 'email' | 'text' | 'datetime' | 'choice' | 'checkbox';

/** What validation needs to know about a field. */
export interface FieldRule {
  name: string;
  kind: FieldKind;
  required: boolean;
  maxLength?: number;
  /** Allowed values for `choice` fields. */
  options?: readonly string[];
  /** The field applies only when another field of the same form has this value; otherwise its value is ignored. */
  onlyWhen?: { field: string; value: string };
}

export interface ValidationContext {
  /** ISO 3166 alpha-2 country used for numbers without a +prefix. */
  defaultCountry: string;
  /** Epoch ms, for datetime checks. */
  now: number;
  /** Where datetimes given without an offset are local to. */
  zone: Zone;
  /** Furthest a datetime may lie in the future, in ms. */
  maxFutureMs: number;
  /** When a datetime (a callback) may be: business hours and days, minus holidays. Unset: any time. */
  hours?: OpeningHours;
}

export type FieldResult = { ok: true; value: string } | { ok: false; key: string };

export interface FormValidation {
  /** Normalised values of the fields that were filled in and valid. */
  values: Record<string, string>;
  /** Field name -> message key, for every invalid field. Empty when the form is valid. */
  errors: Record<string, string>;
}

// C0/C1 controls, DEL, bidi overrides/isolates, zero-width and BOM characters: never legitimate in a form value.
const CONTROL = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u;
const CONTROL_EXCEPT_NEWLINE = /(?!\n)[\p{Cc}\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u;
const NAME = /^[\p{L}\p{M}](?:[\p{L}\p{M} '’.-]*[\p{L}\p{M}.])?$/u;
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"_]+(?:\.[^\s@<>()[\]\\,;:"_]+)*\.[\p{L}a-zA-Z]{2,63}$/u;
const PHONE_CHARS = /^[0-9+()./\s-]+$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/;

const NAME_MAX = 100;
const EMAIL_MAX = 254;

/** Validates and normalises one value. `raw` undefined or blank means "not given". */
export function validateField(rule: FieldRule, raw: string | undefined, ctx: ValidationContext): FieldResult {
  const k = rule.kind;
  const value = (raw ?? '').trim();
  if (k === 'checkbox') return validateCheckbox(value, rule.required);
  if (value === '') return rule.required ? { ok: false, key: `${k}.required` } : { ok: true, value: '' };
  const max = Math.min(rule.maxLength ?? LIMITS.formValueMaxChars, LIMITS.formValueMaxChars);
  if ((k === 'text' ? CONTROL_EXCEPT_NEWLINE : CONTROL).test(value)) return { ok: false, key: `${k}.invalid_chars` };
  switch (k) {
    case 'name':
      return validateName(value, max);
    case 'phone':
      return validatePhone(value, ctx.defaultCountry);
    case 'email':
      return validateEmail(value);
    case 'text':
      return Array.from(value).length > max ? { ok: false, key: 'text.too_long' } : { ok: true, value };
    case 'datetime':
      return validateDatetime(value, ctx);
    case 'choice':
      return rule.options?.includes(value) ? { ok: true, value } : { ok: false, key: 'choice.invalid' };
  }
}

const TICKED = new Set(['yes', 'true', 'on', 'y', 'oui']);
const UNTICKED = new Set(['', 'no', 'false', 'off', 'n', 'non']);

/**
 * A consent box: "yes" or "no", never left empty, so a consent given earlier is overwritten when the customer
 * does not give it again. Required means it must be ticked. A messaging channel's typed "yes"/"no" counts.
 */
function validateCheckbox(value: string, required: boolean): FieldResult {
  const answer = value.toLowerCase();
  if (TICKED.has(answer)) return { ok: true, value: 'yes' };
  if (!UNTICKED.has(answer)) return { ok: false, key: 'checkbox.invalid' };
  return required ? { ok: false, key: 'checkbox.required' } : { ok: true, value: 'no' };
}

/** Validates every field of a form; unknown keys in `values` are ignored (never stored). */
export function validateForm(
  rules: readonly FieldRule[],
  values: Readonly<Record<string, string>>,
  ctx: ValidationContext,
): FormValidation {
  const out: FormValidation = { values: {}, errors: {} };
  for (const rule of rules) {
    const when = rule.onlyWhen;
    if (when !== undefined && (values[when.field] ?? '').trim() !== when.value) continue;
    const r = validateField(rule, Object.hasOwn(values, rule.name) ? values[rule.name] : undefined, ctx);
    if (!r.ok) out.errors[rule.name] = r.key;
    else if (r.value !== '') out.values[rule.name] = r.value;
  }
  return out;
}

function validateName(value: string, max: number): FieldResult {
  const collapsed = value.replace(/\s+/gu, ' ');
  if (Array.from(collapsed).length > Math.min(max, NAME_MAX)) return { ok: false, key: 'name.too_long' };
  if (!NAME.test(collapsed)) return { ok: false, key: 'name.invalid_chars' };
  return { ok: true, value: collapsed };
}

function validatePhone(value: string, defaultCountry: string): FieldResult {
  if (value.length > 40 || !PHONE_CHARS.test(value)) return { ok: false, key: 'phone.invalid' };
  const country = defaultCountry as CountryCode;
  const length = validatePhoneNumberLength(value, country);
  if (length === 'TOO_SHORT' || length === 'NOT_A_NUMBER') return { ok: false, key: 'phone.too_short' };
  if (length === 'TOO_LONG') return { ok: false, key: 'phone.too_long' };
  if (length === 'INVALID_COUNTRY') return { ok: false, key: 'phone.invalid_country' };
  const parsed = parsePhoneNumberFromString(value, country);
  if (!parsed || !parsed.isValid()) return { ok: false, key: 'phone.invalid' };
  return { ok: true, value: parsed.number };
}

function validateEmail(value: string): FieldResult {
  if (value.length > EMAIL_MAX) return { ok: false, key: 'email.too_long' };
  if (!EMAIL.test(value)) return { ok: false, key: 'email.invalid' };
  const at = value.lastIndexOf('@');
  return { ok: true, value: value.slice(0, at) + value.slice(at).toLowerCase() };
}

function validateDatetime(value: string, ctx: ValidationContext): FieldResult {
  const m = ISO_DATETIME.exec(value);
  if (!m) return { ok: false, key: 'datetime.invalid' };
  const [, y, mo, d, h, mi, s, zone] = m;
  const fields = [y, mo, d, h, mi, s ?? '0'].map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]);
  const check = new Date(utc);
  if (
    check.getUTCMonth() !== fields[1] - 1 ||
    check.getUTCDate() !== fields[2] ||
    fields[3] > 23 ||
    fields[4] > 59 ||
    fields[5] > 59
  ) {
    return { ok: false, key: 'datetime.invalid' };
  }
  const typedOffset = zone === undefined ? undefined : zone === 'Z' ? 0 : parseUtcOffset(zone);
  if (zone !== undefined && typedOffset === undefined) return { ok: false, key: 'datetime.invalid' };
  const [year, month, day, hour, minute, second] = fields;
  const at =
    typedOffset === undefined
      ? ctx.zone.instantOf({ year, month, day, hour, minute, second })
      : utc - typedOffset * 60_000;
  if (at < ctx.now - 60_000) return { ok: false, key: 'datetime.past' };
  if (at > ctx.now + ctx.maxFutureMs) return { ok: false, key: 'datetime.too_far' };
  if (ctx.hours && !isOpenAt(ctx.hours, at)) return { ok: false, key: 'datetime.outside_hours' };
  return { ok: true, value: new Date(at).toISOString() };
}
