/**
 * At most `permits` holders at a time (one by default); waiters are let in in the order they came, and only the next
 * one is woken at each release (a lock that wakes every waiter is O(n²) under a queue of hundreds).
 *
 * The queue is read from a moving head rather than with `shift()`: V8 shifts an array of more than ~16,000 elements
 * (too large to trim in place) by copying it, 30-40 µs a shift, and the store's lock queues 10,000 greetings' queries
 * at once: a burst of releases held the event loop for 394 ms in the 10,000-conversation benchmark.
 */
export class FifoLock {
  private holders = 0;
  private waiters: Array<(() => void) | undefined> = [];
  private head = 0;

  constructor(private readonly permits = 1) {}

  acquire(): Promise<void> {
    if (this.holders < this.permits) {
      this.holders++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters[this.head];
    if (!next) return void this.holders--;
    this.waiters[this.head++] = undefined;
    if (this.head === this.waiters.length) [this.waiters, this.head] = [[], 0];
    // Dropped once the head is past half: each waiter is copied once at most, O(1) a release on average.
    else if (this.head >= 1024 && this.head * 2 >= this.waiters.length)
      [this.waiters, this.head] = [this.waiters.slice(this.head), 0];
    next();
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
