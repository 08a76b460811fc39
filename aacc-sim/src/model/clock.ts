/** Time as the simulator sees it: the system clock by default, a manual one in tests (src/testing/manual-clock.ts). */
export interface Clock {
  now(): number;
  /** Run `fn` after `ms`; returns a function that cancels it. */
  schedule(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/** Timers by key: setting a key replaces its timer; nothing is scheduled once disposed. */
export class KeyedTimers {
  private readonly cancels = new Map<string, () => void>();
  private disposed = false;

  constructor(private readonly clock: Clock) {}

  set(key: string, ms: number, fn: () => void): void {
    this.clear(key);
    if (this.disposed) return;
    this.cancels.set(
      key,
      this.clock.schedule(ms, () => {
        this.cancels.delete(key);
        fn();
      }),
    );
  }

  has(key: string): boolean {
    return this.cancels.has(key);
  }

  clear(key: string): void {
    this.cancels.get(key)?.();
    this.cancels.delete(key);
  }

  dispose(): void {
    this.disposed = true;
    for (const cancel of this.cancels.values()) cancel();
    this.cancels.clear();
  }
}
