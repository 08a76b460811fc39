/**
 * Phone numbers as AACC holds them for a callback: country calling code, area code and subscriber
 * number as separate parts (`requestCallback {countryCode, areaCode, phone}`).
 */
import type { Customer } from './types.js';

const digits = (s: string | undefined): string => (s ?? '').replace(/\D/g, '');

/**
 * The customer's number in international (E.164) form, the string an agent dials: "+447400123471"
 * from {country: '44', phone: '7400123471'}. A phone that is already international ("+...") is
 * shown as given (the parts would repeat the country code); without a country the parts are joined.
 */
export function internationalNumber(c: Pick<Customer, 'country' | 'area' | 'phone'>): string {
  const phone = (c.phone ?? '').trim();
  if (phone === '' || phone.startsWith('+')) return phone;
  const country = digits(c.country);
  return country ? `+${country}${digits(c.area)}${digits(phone)}` : [c.area?.trim(), phone].filter(Boolean).join(' ');
}

/** The digits that identify a number whichever way its parts were sent (for per-number limits). */
export function numberKey(c: Pick<Customer, 'country' | 'area' | 'phone'>): string {
  return digits(internationalNumber(c));
}
