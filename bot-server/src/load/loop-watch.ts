/**
 * Watches how late the event loop runs while someone needs to know: a timer every CHECK_EVERY_MS whose lateness (how
 * long after it was due it fired) is reported. Late means the thread was busy (or the machine's cores were): work that
 * can wait (file intake) backs off on it so that what someone is waiting on (chat replies) keeps its latency. The
 * timer runs only while at least one user has started it.
 */
import type { Clock, TimerHandle } from '../domain/ports.js';

/** How often the loop is checked while watched. */
export const CHECK_EVERY_MS = 10;

export class LoopWatch {
  private users = 0;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>,
    private readonly observe: (lateMs: number) => void,
  ) {}

  /** Someone needs the watch: it runs until every start has been matched by a call of what it returned. */
  start(): () => void {
    if (this.users++ === 0) this.check(this.clock.now());
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      if (--this.users === 0 && this.timer !== undefined) {
        this.clock.clearTimeout(this.timer);
        this.timer = undefined;
      }
    };
  }

  private check(from: number): void {
    this.timer = this.clock.setTimeout(() => {
      const now = this.clock.now();
      this.observe(now - from - CHECK_EVERY_MS);
      this.check(now);
    }, CHECK_EVERY_MS);
  }
}
