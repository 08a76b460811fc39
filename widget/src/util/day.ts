/** Calendar helpers for the transcript's date separators, in the visitor's local time zone. */

/** A key that is equal for two instants on the same local calendar day. */
export function dayKey(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** Whole local days between two instants (0 = same day, 1 = `then` was yesterday). */
export function daysBetween(then: number, now: number): number {
  const a = new Date(then);
  const b = new Date(now);
  const startA = new Date(a.getFullYear(), a.getMonth(), a.getDate()).getTime();
  const startB = new Date(b.getFullYear(), b.getMonth(), b.getDate()).getTime();
  return Math.round((startB - startA) / 86_400_000);
}
