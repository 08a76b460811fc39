/**
 * Phone numbers as AACC holds them for a callback: country calling code, area code and subscriber
 * number as separate parts (`requestCallback {countryCode, areaCode, phone}`).
 */
import type { Customer } from './types.js';

const digits = (s: string | undefined): string => (s ?? '').replace(/\D/g, '');

/**
 * The customer's number in international form for people and for matching: "+44 7400 123471"
 * from {country: '44', phone: '7400123471'}. A phone that is already international ("+...") is
 * shown as given (the parts would repeat the country code); without a country the parts are joined.
 */
export function internationalNumber(c: Pick<Customer, 'country' | 'area' | 'phone'>): string {
  const phone = (c.phone ?? '').trim();
  if (phone === '' || phone.startsWith('+')) return phone;
  const country = digits(c.country);
  const rest = [c.area?.trim(), phone].filter(Boolean).join(' ');
  return country ? `+${country} ${rest}` : rest;
}

/** The digits that identify a number whichever way its parts were sent (for per-number limits). */
export function numberKey(c: Pick<Customer, 'country' | 'area' | 'phone'>): string {
  return digits(internationalNumber(c));
}
