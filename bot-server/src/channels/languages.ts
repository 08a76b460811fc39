/**
 * The languages Parley's own words for messaging customers come in: those of the default flow (en, fr). A
 * conversation's locale (a BCP 47 tag or a bare language, as the channel's profile gives it) picks one by its primary
 * language, as the bot picks a flow locale (bot/text.ts pickLocale); anything else reads English.
 */
import { pickLocale } from '../bot/text.js';

export const WORD_LANGUAGES = ['en', 'fr'] as const;
export type WordLanguage = (typeof WORD_LANGUAGES)[number];

export function wordLanguage(locale: string | undefined): WordLanguage {
  return pickLocale(locale, WORD_LANGUAGES, 'en') as WordLanguage;
}

/** The catalogue of `locale`'s language. */
export function inLanguage<T>(locale: string | undefined, catalogues: Readonly<Record<WordLanguage, T>>): T {
  return catalogues[wordLanguage(locale)];
}
