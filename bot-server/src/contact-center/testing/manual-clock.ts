/**
 * A Clock whose time only moves when a test says so. Timers fire in due order during advance();
 * timers scheduled by a firing timer fire in the same advance if they fall due within it.
 */
import type { Clock, TimerHandle } from '../../domain/ports.js';

interface Pending {
  id: number;
  at: number;
  fn: () => void;
}

export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.pending.set(id, { id, at: this.time + Math.max(0, ms), fn });
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending.delete(handle as unknown as number);
  }

  /** Number of timers not yet fired or cleared. */
  get timerCount(): number {
    return this.pending.size;
  }

  /** Move time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const next = [...this.pending.values()]
        .filter((p) => p.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (next === undefined) break;
      this.pending.delete(next.id);
      this.time = next.at;
      next.fn();
    }
    this.time = target;
  }
}
