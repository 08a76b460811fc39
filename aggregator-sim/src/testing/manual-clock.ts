import type { Clock, TimerHandle } from '../clock.js';

interface Timer {
  handle: TimerHandle;
  due: number;
  fn: () => void;
}

/** A clock that moves only when a test says so; `advance` fires every timer that falls due, in order. */
export class ManualClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private scheduled: Array<() => void> = [];

  constructor(start = Date.UTC(2025, 0, 6, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = { id: Symbol('timer') };
    this.timers.push({ handle, due: this.current + Math.max(0, ms), fn });
    const waiting = this.scheduled;
    this.scheduled = [];
    for (const resolve of waiting) resolve();
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.handle !== handle);
  }

  /** Resolves when the next timer is scheduled (something started waiting on this clock). */
  nextTimer(): Promise<void> {
    return new Promise((resolve) => this.scheduled.push(resolve));
  }

  /** Timers still waiting, soonest first (for asserting a retry schedule). */
  pending(): number[] {
    return this.timers.map((t) => t.due - this.current).sort((a, b) => a - b);
  }

  /** Move time forward by `ms`, firing due timers (including ones they schedule) in due order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = next.due;
      next.fn();
    }
    this.current = target;
  }
}
