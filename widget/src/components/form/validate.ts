import type { FormField } from '@parley/protocol';
import type { StringKey } from '../../i18n/en.js';

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export type PhoneNormaliser = (raw: string, defaultCountry: string | undefined) => string | undefined;

/** The outcome for one field: the normalised value to send, or the message key of the problem. */
export type FieldResult = { ok: true; value: string } | { ok: false; key: StringKey };

/**
 * Validates and normalises one form field the way the server will (the server is authoritative;
 * this only spares the visitor a round trip). Keys match the bot's (`<kind>.<problem>`, see
 * bot-server/src/bot/validators.ts). Phone numbers become E.164; datetimes ISO 8601 UTC.
 */
export function validateField(field: FormField, raw: string, phone: PhoneNormaliser, defaultCountry: string | undefined, now = Date.now()): FieldResult {
  const value = raw.trim();
  if (!value) {
    if (!field.required) return { ok: true, value: '' };
    return { ok: false, key: `${field.kind}.required` };
  }
  if (field.maxLength !== undefined && value.length > field.maxLength) return { ok: false, key: field.kind === 'choice' || field.kind === 'datetime' ? `${field.kind}.invalid` : `${field.kind}.too_long` };
  switch (field.kind) {
    case 'text':
      return { ok: true, value };
    case 'name':
      return /\p{L}/u.test(value) ? { ok: true, value: value.replace(/\s+/g, ' ') } : { ok: false, key: 'name.invalid' };
    case 'email':
      return EMAIL.test(value) ? { ok: true, value } : { ok: false, key: 'email.invalid' };
    case 'phone': {
      const e164 = phone(value, field.defaultCountry ?? defaultCountry);
      return e164 ? { ok: true, value: e164 } : { ok: false, key: 'phone.invalid' };
    }
    case 'datetime': {
      const at = new Date(value).getTime();
      if (!Number.isFinite(at)) return { ok: false, key: 'datetime.invalid' };
      return at > now ? { ok: true, value: new Date(at).toISOString() } : { ok: false, key: 'datetime.past' };
    }
    case 'choice':
      return field.options?.some((o) => o.value === value) ? { ok: true, value } : { ok: false, key: 'choice.invalid' };
  }
}
