/**
 * A light French stemmer for NLP.js (which ships no French package in this install): folds plural
 * and feminine endings so "factures", "facturé" and "facture" meet. Tokens arrive lower-cased and
 * without accents (NLP.js's default normaliser).
 */
const SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['ements', ''],
  ['ement', ''],
  ['aux', 'al'],
  ['ees', ''],
  ['ee', ''],
  ['es', ''],
  ['er', ''],
  ['ez', ''],
  ['s', ''],
  ['x', ''],
  ['e', ''],
];

/** Stems one token; short words are left alone. */
export function stemFrench(token: string): string {
  if (token.length <= 3) return token;
  for (const [suffix, replacement] of SUFFIXES) {
    if (token.endsWith(suffix) && token.length - suffix.length >= 3)
      return token.slice(0, -suffix.length) + replacement;
  }
  return token;
}

/** Shaped like an NLP.js stemmer (registered as `stemmer-fr`). */
export const frenchLightStemmer = {
  stem(tokens: string[]): string[] {
    return tokens.map(stemFrench);
  },
};
