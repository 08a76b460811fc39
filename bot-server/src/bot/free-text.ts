/**
 * Values customers type in the chat box instead of a form, and follow-ups that lean on the last
 * topic: a phone number anywhere in a sentence ("my number is 07 81 23 45 67"), a name correction
 * ("actually it's Ann, not Anne"), "and for gas?".
 */
import { findNumbers, type CountryCode } from 'libphonenumber-js/max';
import { normaliseForMatch } from './text.js';

/** The first valid phone number in free text, as E.164, read with `country` for national numbers. */
export function findPhone(text: string, country: string): string | undefined {
  try {
    const found = findNumbers(text, { defaultCountry: country as CountryCode, v2: true });
    return found.find((f) => f.number.isValid())?.number.number;
  } catch {
    return undefined;
  }
}

const NAME_WORD = "[\\p{Lu}][\\p{L}'’-]*";
const CORRECTION = new RegExp(
  `(?:it'?s|its|my name is|the name is|name's|i'?m|c'est|je m'appelle|je suis)\\s+(${NAME_WORD}(?:\\s+${NAME_WORD})?)[,.]?\\s+(?:not|pas|and not|et pas)\\s+(${NAME_WORD})`,
  'iu',
);

/**
 * The corrected full name when the text corrects part of `known` ("it's Ann, not Anne": "Anne Smith"
 * becomes "Ann Smith"); the new name alone when the wrong one is not part of it.
 */
export function nameCorrection(text: string, known: string | undefined): string | undefined {
  const m = CORRECTION.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  const right = m[1].trim();
  const wrong = m[2].trim();
  if (!known) return right;
  const words = known.split(/\s+/);
  const at = words.findIndex((w) => w.toLowerCase() === wrong.toLowerCase());
  if (at < 0) return right;
  words.splice(at, 1, right);
  return words.join(' ');
}

const FOLLOW_UP = /^(and|what about|how about|same for|same with|also|et|et pour|pareil pour|idem pour)\b/;
/** What a follow-up may vary while keeping the topic: the fuel, the property, the other meter. */
const MODIFIERS = new Set(
  'gas electricity electric elec power both other one second meter my the for with a an about then too please gaz electricite courant les deux autre le la pour mon ma mes du de aussi'.split(
    ' ',
  ),
);

/** True for a short follow-up that only changes the fuel or the meter of the previous topic ("and for gas?"). */
export function isFollowUp(text: string): boolean {
  const norm = normaliseForMatch(text);
  const m = FOLLOW_UP.exec(norm);
  if (!m) return false;
  const rest = norm.slice(m[0].length).trim();
  return rest !== '' && rest.split(' ').every((w) => MODIFIERS.has(w));
}
