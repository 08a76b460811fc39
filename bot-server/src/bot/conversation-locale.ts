/** What the conversation's language and the customer's browser tag say about dates and phone numbers. */

/** National numbers are read with the country of the conversation's language when nothing else says. */
const LANGUAGE_COUNTRY: Readonly<Record<string, string>> = { fr: 'FR' };

/** The customer's own tag (en-GB, fr-CA) when it is of the language spoken: it sets the date order they expect. */
export function labelLocale(tag: string, language: string): string {
  try {
    if (tag.toLowerCase().startsWith(`${language}-`)) return Intl.getCanonicalLocales(tag)[0] ?? language;
  } catch {
    // A malformed tag from the browser: the flow's language will do.
  }
  return language;
}

/**
 * Country for phone numbers typed without a +prefix: the customer's details.defaultCountry, else the
 * region of their tag when it is of the language spoken (fr-BE: BE), else the language's country
 * (fr: FR), else the server's DEFAULT_COUNTRY.
 */
export function phoneCountry(
  details: Readonly<Record<string, string>>,
  tag: string,
  language: string,
  fallback: string,
): string {
  const c = details['defaultCountry'];
  if (c && /^[A-Z]{2}$/.test(c)) return c;
  const [lang, region] = tag.split(/[-_]/);
  if (lang?.toLowerCase() === language && region && /^[A-Za-z]{2}$/.test(region)) return region.toUpperCase();
  return LANGUAGE_COUNTRY[language] ?? fallback;
}
