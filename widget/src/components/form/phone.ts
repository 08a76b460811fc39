/**
 * Phone normalisation to E.164 with libphonenumber-js (core + metadata). This module is its own lazy
 * chunk, loaded only when a form has a phone field. The production build swaps the metadata for a
 * reduced set of countries (see build.mjs); numbers from other countries typed with a + prefix are
 * passed on in plain E.164 form and the server, which is authoritative, validates them.
 */
import { parsePhoneNumberFromString, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/metadata.min.json';

const metadata = metadataJson as unknown as MetadataJson;
const E164 = /^\+[1-9]\d{6,14}$/;

/** Normalises `raw` to E.164 (`+442079460958`), or returns undefined if it is not a valid number. */
export function toE164(raw: string, defaultCountry: string | undefined): string | undefined {
  const trimmed = raw.trim();
  if (!trimmed) return undefined;
  const country = defaultCountry && Object.hasOwn(metadata.countries, defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  try {
    const parsed = parsePhoneNumberFromString(trimmed, country ? { defaultCountry: country } : {}, metadata);
    if (parsed) return parsed.isValid() ? parsed.number : undefined;
  } catch {
    // Not parseable with the metadata we carry: fall through to the plain E.164 check.
  }
  const compact = trimmed.replace(/[\s().-]/g, '');
  return E164.test(compact) && !knownCallingCode(compact) ? compact : undefined;
}

/** Whether we hold metadata for the number's calling code (then libphonenumber's verdict stands). */
function knownCallingCode(e164: string): boolean {
  for (let len = 1; len <= 3; len++) if (Object.hasOwn(metadata.country_calling_codes, e164.slice(1, 1 + len))) return true;
  return false;
}
