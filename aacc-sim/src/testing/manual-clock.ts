import type { Clock } from '../model/clock.js';

interface Scheduled {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A {@link Clock} that only moves when told: `advance(ms)` runs every timer that falls due, in order, with
 * `now()` at each timer's due time. Lets tests cross timeouts of minutes without waiting.
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly timers = new Set<Scheduled>();

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  schedule(ms: number, fn: () => void): () => void {
    const timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** Number of timers waiting. */
  get pending(): number {
    return this.timers.size;
  }

  /** Move time forward by `ms`, running due timers (including ones they schedule within the span). */
  advance(ms: number): void {
    const end = this.current + ms;
    for (let next = this.due(end); next; next = this.due(end)) {
      this.timers.delete(next);
      this.current = next.at;
      next.fn();
    }
    this.current = end;
  }

  private due(end: number): Scheduled | undefined {
    let first: Scheduled | undefined;
    for (const t of this.timers) {
      if (t.at > end) continue;
      if (!first || t.at < first.at || (t.at === first.at && t.seq < first.seq)) first = t;
    }
    return first;
  }
}
