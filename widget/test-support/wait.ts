/**
 * Waits that follow what the code under test announces (events, updateComplete, the peer's answers)
 * instead of polling or sleeping. Each has a bounded deadline that fails the test with what it waited for.
 */

const DEADLINE_MS = 10_000;

/** `promise`, or a rejection naming `what` once `ms` have passed. */
export async function withDeadline<T>(promise: Promise<T>, what: string, ms = DEADLINE_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

type EventOf<K extends string> = K extends keyof GlobalEventHandlersEventMap ? GlobalEventHandlersEventMap[K] : Event;

/** The next `type` event on `target` that `match` accepts, typed after its name (e.g. `parley-unread`). */
export function nextEvent<K extends string>(
  target: EventTarget,
  type: K,
  match: (event: EventOf<K>) => boolean = () => true,
  ms = DEADLINE_MS,
): Promise<EventOf<K>> {
  let listener: ((event: Event) => void) | undefined;
  const seen = new Promise<EventOf<K>>((resolve) => {
    listener = (event) => {
      if (match(event as EventOf<K>)) resolve(event as EventOf<K>);
    };
    target.addEventListener(type, listener);
  });
  return withDeadline(seen, type, ms).finally(() => target.removeEventListener(type, listener!));
}

/** Where a condition may have changed: an event type on a target. */
export type Signal = readonly [target: EventTarget, type: string];

/**
 * Resolves with `check()`'s value once it is truthy: checked at once, then again after each event of
 * `signals()` (asked again each time, so targets that appear later, like a session's store, are followed).
 */
export function whenTrue<T>(
  signals: () => readonly Signal[],
  check: () => T | Promise<T>,
  what: string,
  ms = DEADLINE_MS,
): Promise<NonNullable<T>> {
  const listening: Signal[] = [];
  let wake = (): void => undefined;
  const onEvent = () => wake();
  const subscribe = () => {
    for (const [target, type] of signals()) {
      if (listening.some(([t, k]) => t === target && k === type)) continue;
      listening.push([target, type]);
      target.addEventListener(type, onEvent);
    }
  };
  const met = (async () => {
    for (;;) {
      const woken = new Promise<void>((resolve) => (wake = resolve));
      subscribe();
      const value = await check();
      if (value) return value as NonNullable<T>;
      await woken;
    }
  })();
  return withDeadline(met, what, ms).finally(() => {
    for (const [target, type] of listening) target.removeEventListener(type, onEvent);
  });
}

/** Resolves with `check()`'s value once truthy: checked at once, then after each DOM change under `root`. */
export function whenDom<T>(root: Node, check: () => T, what: string, ms = DEADLINE_MS): Promise<NonNullable<T>> {
  let observer: MutationObserver | undefined;
  const met = new Promise<NonNullable<T>>((resolve) => {
    const test = () => {
      const value = check();
      if (value) resolve(value);
      return Boolean(value);
    };
    if (test()) return;
    observer = new MutationObserver(() => void test());
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  return withDeadline(met, what, ms).finally(() => observer?.disconnect());
}
