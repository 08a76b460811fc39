/**
 * How fast this instance takes in file bytes, all uploads together. Reading, hashing, scanning and storing a file
 * costs this server's one thread 10-30 ms per MB, and clamd as much again on the same machine: 50 uploads taken in as
 * fast as they came kept both cores busy, and every chat reply waited about a second behind them. Files are
 * background work and chat is not, so their bytes are admitted through a token bucket (a burst of a few MB passes at
 * once, so one photo never waits) whose rate adapts like a congestion window: halved whenever the event loop was late
 * (the thread or the machine is busy), raised a step whenever it kept time, never above the configured ceiling. An
 * upload over the pace is paused, its bytes left in the kernel's socket buffers until its turn: TCP slows the sender,
 * nothing is dropped, and the customer sees progress.
 */
import type { Clock } from '../domain/ports.js';
import { CHECK_EVERY_MS, LoopWatch } from '../load/loop-watch.js';

/** The loop counts as late past this (a chat reply is a few ms of work: more than this is waiting). */
export const LATE_MS = 2;
/** Keeping time all along, the pace climbs from nothing to the ceiling in this long. */
export const RISE_MS = 8_000;
/** The slowest the pace goes: files always move. */
export const FLOOR_BYTES_PER_SECOND = 512 * 1024;

export class IntakePace {
  private tokens: number;
  private last: number;
  private rate: number;
  private readonly floor: number;
  private readonly watch: LoopWatch;

  /**
   * @param ceiling most bytes per second for all uploads together (0: no limit, no adapting)
   * @param burstBytes what may pass at once after a quiet spell
   */
  constructor(
    private readonly clock: Clock,
    readonly ceiling: number,
    private readonly burstBytes: number,
  ) {
    this.tokens = burstBytes;
    this.last = clock.now();
    this.floor = Math.min(ceiling, FLOOR_BYTES_PER_SECOND);
    this.rate = ceiling / 4;
    this.watch = new LoopWatch(clock, (late) => this.observe(late));
  }

  /** The pace now, bytes per second. */
  get bytesPerSecond(): number {
    return this.rate;
  }

  /** Takes `bytes` that have arrived; how many ms the stream they came from should now rest (0: none). */
  take(bytes: number): number {
    if (this.ceiling <= 0) return 0;
    const now = this.clock.now();
    this.tokens = Math.min(this.burstBytes, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
    this.tokens -= bytes;
    // In debt: rest until the debt is paid. Every stream in debt rests, so the total stays at the pace however many
    // there are; the one whose bytes came last rests longest, which keeps them roughly fair.
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.rate);
  }

  /** The event loop ran `lateMs` behind a check: halve the pace when late, else raise it a step (RISE_MS). */
  observe(lateMs: number): void {
    if (lateMs > LATE_MS) this.rate = Math.max(this.floor, this.rate / 2);
    else this.rate = Math.min(this.ceiling, this.rate + (this.ceiling * CHECK_EVERY_MS) / RISE_MS);
  }

  /** A file starts coming in: the loop is watched while any does. Returns the call that says it has stopped. */
  started(): () => void {
    return this.ceiling > 0 ? this.watch.start() : () => undefined;
  }
}

/** The pace and the timers to rest by: what readCapped needs to pace a stream. */
export interface Paced {
  pace: IntakePace;
  clock: Pick<Clock, 'setTimeout'>;
}
