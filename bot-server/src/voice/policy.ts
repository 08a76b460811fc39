/**
 * Abuse and toll-fraud policy for click-to-call. Pure: no I/O, no clock; the voice service passes
 * the current time and the counts it read from the store.
 *
 * A refusal is a `VoiceRefusal` reason key (stable, for logs, metrics and the bot's wording);
 * the service turns it into ParleyError('PARLEY_ERR_VOICE_REFUSED', ..., { reason }).
 */
import { parsePhoneNumberWithError, validatePhoneNumberLength, type NumberType } from 'libphonenumber-js/max';
import { isHolidayAt, isOpenAt, parseOpeningHours, type OpeningHours } from '../time/opening-hours.js';

export type VoiceRefusal =
  | 'invalid_number'
  | 'short_number'
  | 'country_not_allowed'
  | 'premium_rate'
  | 'shared_cost'
  | 'personal_number'
  | 'unsupported_number_type'
  | 'rate_limited_number'
  | 'rate_limited_conversation'
  | 'rate_limited_client'
  | 'schedule_in_past'
  | 'schedule_too_far'
  | 'outside_business_hours'
  | 'holiday';

export type Verdict<T> = { ok: true; value: T } | { ok: false; reason: VoiceRefusal };

export interface DialableNumber {
  /** Normalised E.164, e.g. +442079460000. */
  e164: string;
  /** ISO 3166 alpha-2 country the number belongs to. */
  country: string;
  /** Country calling code without '+', e.g. "44". */
  callingCode: string;
  /** National significant number, e.g. "2079460000". */
  nationalNumber: string;
  type: NumberType;
}

const E164 = /^\+[1-9]\d{1,14}$/;

/** Number types that cost the caller money or can be used to pump revenue to a third party. */
const REFUSED_TYPES: Partial<Record<NonNullable<NumberType>, VoiceRefusal>> = {
  PREMIUM_RATE: 'premium_rate',
  SHARED_COST: 'shared_cost',
  UAN: 'shared_cost',
  PERSONAL_NUMBER: 'personal_number',
  PAGER: 'unsupported_number_type',
  VOICEMAIL: 'unsupported_number_type',
};

/**
 * Accept only a valid E.164 number of a dialable type in an allowed place.
 * `allowed` holds ISO countries ("GB") and/or calling codes ("44"); either form matches.
 */
export function checkNumber(phone: string, allowed: readonly string[]): Verdict<DialableNumber> {
  const raw = phone.trim();
  if (!E164.test(raw)) return { ok: false, reason: 'invalid_number' };
  if (validatePhoneNumberLength(raw) === 'TOO_SHORT') return { ok: false, reason: 'short_number' };
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(raw);
  } catch {
    return { ok: false, reason: 'invalid_number' };
  }
  if (!parsed.isValid())
    return { ok: false, reason: parsed.nationalNumber.length < 6 ? 'short_number' : 'invalid_number' };
  const country = parsed.country;
  const callingCode = String(parsed.countryCallingCode);
  if (!country || !(allowed.includes(country) || allowed.includes(callingCode)))
    return { ok: false, reason: 'country_not_allowed' };
  const type = parsed.getType();
  const refusal = type ? REFUSED_TYPES[type] : undefined;
  if (refusal) return { ok: false, reason: refusal };
  return {
    ok: true,
    value: { e164: parsed.number, country, callingCode, nationalNumber: parsed.nationalNumber, type },
  };
}

export interface RateLimits {
  perNumberPerDay: number;
  perConversation: number;
  perClientPerHour: number;
}

export interface RateCounts {
  numberLastDay: number;
  conversationTotal: number;
  clientLastHour: number;
}

/** Windows the service counts over (ms). */
export const RATE_WINDOWS = { number: 24 * 60 * 60 * 1000, client: 60 * 60 * 1000 } as const;

/** The first exceeded limit, if any; a new call is allowed while every count is below its limit. */
export function checkRate(counts: RateCounts, limits: RateLimits): VoiceRefusal | undefined {
  if (counts.conversationTotal >= limits.perConversation) return 'rate_limited_conversation';
  if (counts.numberLastDay >= limits.perNumberPerDay) return 'rate_limited_number';
  if (counts.clientLastHour >= limits.perClientPerHour) return 'rate_limited_client';
  return undefined;
}

/** Business hours for callbacks: see time/opening-hours.ts (holidays included). */
export type BusinessHours = OpeningHours;
export { parseOpeningHours as parseBusinessHours };

/**
 * A scheduled time must be in the future, within `maxDays`, on a business day that is not a holiday and inside
 * business hours.
 */
export function checkSchedule(
  when: number,
  now: number,
  hours: BusinessHours,
  maxDays: number,
): VoiceRefusal | undefined {
  if (!Number.isFinite(when) || when <= now) return 'schedule_in_past';
  if (when - now > maxDays * 24 * 60 * 60 * 1000) return 'schedule_too_far';
  if (isHolidayAt(hours, when)) return 'holiday';
  if (!isOpenAt(hours, when)) return 'outside_business_hours';
  return undefined;
}
