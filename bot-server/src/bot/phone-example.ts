/** A realistic example phone number for a country, to show as a phone field's placeholder. */
import { getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';

/**
 * The country's example mobile number in national format (GB: "07400 123456"), which passes the
 * same validation as the customer's answer; undefined for a country libphonenumber does not know.
 */
export function examplePhone(country: string): string | undefined {
  try {
    return getExampleNumber(country as CountryCode, examples)?.formatNational();
  } catch {
    return undefined;
  }
}
