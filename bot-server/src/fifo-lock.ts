/**
 * At most `permits` holders at a time (one by default); waiters are let in in the order they came, and only the next
 * one is woken at each release (a lock that wakes every waiter is O(n²) under a queue of hundreds).
 */
export class FifoLock {
  private holders = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly permits = 1) {}

  acquire(): Promise<void> {
    if (this.holders < this.permits) {
      this.holders++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.holders--;
  }

  /** Runs `fn` holding a permit. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}
