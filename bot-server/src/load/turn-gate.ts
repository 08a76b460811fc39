/**
 * How many pieces of work that can wait (a messaging customer's inbox turns) run at once: a window that halves when the
 * event loop runs late and grows by one each time it keeps time (additive increase, multiplicative decrease, as TCP's
 * congestion window), between 1 and `max`. With every waiting turn started at once, a burst of webhooks put hundreds of
 * turns' steps between two of the loop's I/O rounds, and each webhook's acknowledgement, a few loop turns of work,
 * waited behind them all (p99 358 ms at 500 webhooks/s). Turns past the window wait their turn in order; none is
 * dropped, and the window is back at its maximum within a second of quiet.
 */
import type { Clock } from '../domain/ports.js';
import { LoopWatch } from './loop-watch.js';

export interface TurnGateOptions {
  /** Most turns at once. */
  max: number;
  /** Fewest turns at once, however late the loop: each turn mostly waits (a commit, a post), so too few idle the CPU. */
  min: number;
  /** The loop counts as late past this many ms. */
  lateMs: number;
}

export class TurnGate {
  private window: number;
  private inFlight = 0;
  private waiting: Array<() => void> = [];
  private head = 0;
  private readonly watch: LoopWatch;
  private stopWatch: (() => void) | undefined;

  constructor(
    clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>,
    private readonly opts: TurnGateOptions,
  ) {
    this.window = opts.max;
    this.watch = new LoopWatch(clock, (late) => this.observe(late));
  }

  /** Turns allowed at once now. */
  get size(): number {
    return this.window;
  }

  /** Turns started and not yet left. */
  get running(): number {
    return this.inFlight;
  }

  /** Resolves when the turn may start, with the call that ends it. */
  async enter(): Promise<() => void> {
    this.stopWatch ??= this.watch.start();
    if (this.inFlight < this.window && this.head === this.waiting.length) this.inFlight++;
    // Let in by admit(), which counts it as running.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.inFlight--;
      this.admit();
    };
  }

  /** The loop ran `lateMs` behind a check: halve the window when late, else widen it by one. */
  observe(lateMs: number): void {
    this.window =
      lateMs > this.opts.lateMs ? Math.max(this.opts.min, this.window >> 1) : Math.min(this.opts.max, this.window + 1);
    this.admit();
  }

  private admit(): void {
    while (this.inFlight < this.window && this.head < this.waiting.length) {
      const next = this.waiting[this.head]!;
      this.waiting[this.head++] = () => undefined;
      this.inFlight++;
      next();
    }
    if (this.head === this.waiting.length) [this.waiting, this.head] = [[], 0];
    else if (this.head >= 1024 && this.head * 2 >= this.waiting.length)
      [this.waiting, this.head] = [this.waiting.slice(this.head), 0];
    if (this.inFlight === 0 && this.waiting.length === 0 && this.stopWatch) {
      this.stopWatch();
      this.stopWatch = undefined;
    }
  }
}
