/**
 * At most `permits` holders at a time (one by default); waiters are let in in the order they came (urgent ones first),
 * and only the next one is woken at each release (a lock that wakes every waiter is O(n²) under a queue of hundreds).
 *
 * The queue is read from a moving head rather than with `shift()`: V8 shifts an array of more than ~16,000 elements
 * (too large to trim in place) by copying it, 30-40 µs a shift, and the store's lock queues 10,000 greetings' queries
 * at once: a burst of releases held the event loop for 394 ms in the 10,000-conversation benchmark.
 */
export class FifoLock {
  private holders = 0;
  private waiters: Array<(() => void) | undefined> = [];
  private head = 0;
  /** Waiters that go before every ordinary one (in their own order): short work someone outside is waiting on. */
  private urgent: Array<() => void> = [];

  constructor(private readonly permits = 1) {}

  acquire(urgent = false): Promise<void> {
    if (this.holders < this.permits) {
      this.holders++;
      return Promise.resolve();
    }
    return new Promise((resolve) => (urgent ? this.urgent : this.waiters).push(resolve));
  }

  release(): void {
    // Few and short-lived (an acknowledgement's batch): a plain shift is cheap here.
    const first = this.urgent.shift();
    if (first) return first();
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
