/**
 * Waiting helpers shared by the cross-package suites. Every wait has a deadline that FAILS the test
 * with a message saying what was awaited and what was seen instead; none of them sleeps to let
 * things settle.
 */

/** A list of observed items (events, status changes) that waiters can block on. */
export class Observed<T> {
  readonly items: T[] = [];
  private readonly waiters = new Set<() => void>();

  push(item: T): void {
    this.items.push(item);
    for (const w of [...this.waiters]) w();
  }

  /**
   * The first item (already seen or still to come) matching `predicate`. On timeout the error names
   * `what` and lists `describe(item)` of what was seen (only the items `relevant` keeps, if given).
   */
  waitFor<U extends T>(
    predicate: ((item: T) => item is U) | ((item: T) => boolean),
    opts: { what: string; timeoutMs?: number; describe?: (item: T) => string; relevant?: (item: T) => boolean },
  ): Promise<U> {
    const { what, timeoutMs = 10_000, describe = (i: T) => JSON.stringify(i), relevant = () => true } = opts;
    return new Promise<U>((resolve, reject) => {
      const check = (): void => {
        const found = this.items.find(predicate);
        if (found === undefined) return;
        cleanup();
        resolve(found as U);
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.items.filter(relevant).map(describe).join(',');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; saw ${seen || 'nothing'}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }
}

/**
 * The next value a subscription delivers that matches `predicate` (subscribe first, then act).
 * `subscribe` returns its unsubscribe function.
 */
export function nextMatching<T, U extends T = T>(
  subscribe: (listener: (value: T) => void) => () => void,
  predicate: ((value: T) => value is U) | ((value: T) => boolean),
  what: string,
  timeoutMs = 10_000,
): Promise<U> {
  return new Promise<U>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const off = subscribe((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      off();
      resolve(value as U);
    });
  });
}

/**
 * Re-check `check` until it holds, for effects that raise no event (e.g. a row in a store). Fails
 * after `timeoutMs`; the short re-check interval is a poll, not a settle delay.
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
