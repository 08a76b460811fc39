/** Small text helpers shared by the NLU, the engine and the validators. */

/** Lower-case, strip accents, collapse every run of non-letters/digits to one space. For matching only. */
export function normaliseForMatch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Truncate to `max` characters with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** Map a BCP 47 tag to one of `supported` by primary language ("fr-CA" -> "fr"), else `fallback`. */
export function pickLocale(requested: string | undefined, supported: readonly string[], fallback: string): string {
  if (!requested) return fallback;
  const lower = requested.toLowerCase();
  if (supported.includes(lower)) return lower;
  const primary = lower.split(/[-_]/)[0] ?? '';
  return supported.includes(primary) ? primary : fallback;
}
