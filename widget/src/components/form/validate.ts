import type { FormField } from '@parley/protocol';
import type { StringKey } from '../../i18n/en.js';

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
/** What a typed phone number may contain: digits, spaces and + ( ) - . / (the server's own rule). */
const PHONE_CHARS = /^[0-9+()./\s-]+$/;
/** The server refuses longer raw phone values outright. */
const PHONE_MAX_CHARS = 40;
/**
 * Digit counts no real number falls outside of, whatever the country: national numbers can be as short
 * as 4 digits (AT, DE, NU...), and a 17-digit national number (ID, JP) typed with its calling code and an
 * international prefix (`00`, `011`, `0011`) stays under 24. Anything in between goes to the server.
 */
const PHONE_MIN_DIGITS = 4;
const PHONE_MAX_DIGITS = 24;

/** The outcome for one field: the value to send, or the message key of the problem. */
export type FieldResult = { ok: true; value: string } | { ok: false; key: StringKey };

/**
 * Instant, light checks of one form field, so the visitor hears about an obvious slip without a round
 * trip. The server is authoritative (bot-server/src/bot/validators.ts): it parses phone numbers with
 * full metadata, normalises them to E.164 and answers `form.invalid` with the same `<kind>.<problem>`
 * keys. These checks therefore never refuse a value the server would accept; phone numbers are sent
 * as typed (trimmed). Datetimes from the picker become ISO 8601 UTC.
 */
export function validateField(field: FormField, raw: string, now = Date.now()): FieldResult {
  const value = raw.trim();
  // A consent box is "yes" or "no", never left out (an unticked box withdraws an earlier consent).
  if (field.kind === 'checkbox')
    return value === 'yes' || !field.required
      ? { ok: true, value: value === 'yes' ? 'yes' : 'no' }
      : { ok: false, key: 'checkbox.required' };
  if (!value) {
    if (!field.required) return { ok: true, value: '' };
    return { ok: false, key: `${field.kind}.required` };
  }
  if (field.maxLength !== undefined && value.length > field.maxLength)
    return {
      ok: false,
      key: field.kind === 'choice' || field.kind === 'datetime' ? `${field.kind}.invalid` : `${field.kind}.too_long`,
    };
  switch (field.kind) {
    case 'text':
      return { ok: true, value };
    case 'name':
      return /\p{L}/u.test(value)
        ? { ok: true, value: value.replace(/\s+/g, ' ') }
        : { ok: false, key: 'name.invalid' };
    case 'email':
      return EMAIL.test(value) ? { ok: true, value } : { ok: false, key: 'email.invalid' };
    case 'phone':
      return checkPhone(value);
    case 'datetime': {
      const at = new Date(value).getTime();
      if (!Number.isFinite(at)) return { ok: false, key: 'datetime.invalid' };
      return at > now ? { ok: true, value: new Date(at).toISOString() } : { ok: false, key: 'datetime.past' };
    }
    case 'choice':
      return field.options?.some((o) => o.value === value) ? { ok: true, value } : { ok: false, key: 'choice.invalid' };
  }
}

/**
 * Whether `field` applies given the form's current `values`: a field with `onlyWhen` is shown,
 * validated and sent only while the other field has that value (e.g. a callback time only for "later").
 */
export function isFieldActive(field: FormField, values: Readonly<Record<string, string>>): boolean {
  return !field.onlyWhen || values[field.onlyWhen.field] === field.onlyWhen.value;
}

/** Plausibility only: allowed characters and a digit count some country could use. */
function checkPhone(value: string): FieldResult {
  if (!PHONE_CHARS.test(value)) return { ok: false, key: 'phone.invalid_chars' };
  if (value.length > PHONE_MAX_CHARS) return { ok: false, key: 'phone.too_long' };
  const digits = value.replace(/\D/g, '').length;
  if (digits < PHONE_MIN_DIGITS) return { ok: false, key: 'phone.too_short' };
  if (digits > PHONE_MAX_DIGITS) return { ok: false, key: 'phone.too_long' };
  return { ok: true, value };
}
