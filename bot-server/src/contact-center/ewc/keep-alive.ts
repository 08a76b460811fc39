/**
 * JSON `ping` keep-alive on one upstream socket. Once the server has answered a ping, two silent
 * intervals mean the socket is dead (a stalled server never closes it), and `onDead` is called.
 * Servers that never answer are not judged: silence proves nothing there.
 */
import type { Clock } from '../../domain/ports.js';
import { TimerSet } from './timer-set.js';

export class KeepAlive {
  private readonly timer: TimerSet<'ping'>;
  private lastReceivedAt = 0;
  private repliesSeen = false;

  constructor(
    private readonly clock: Clock,
    private readonly everyMs: number,
    private readonly hooks: { ping: () => void; onDead: (silentFor: number) => void },
  ) {
    this.timer = new TimerSet(clock);
  }

  /** The socket opened: start pinging. */
  start(): void {
    this.lastReceivedAt = this.clock.now();
    this.schedule();
  }

  /** Any frame arrived. */
  received(): void {
    this.lastReceivedAt = this.clock.now();
  }

  /** The server answered a ping (from now on, silence means a dead socket). */
  replied(): void {
    this.repliesSeen = true;
  }

  stop(): void {
    this.timer.clear();
  }

  private schedule(): void {
    this.timer.arm('ping', this.everyMs, () => {
      const silentFor = this.clock.now() - this.lastReceivedAt;
      if (this.repliesSeen && silentFor > 2 * this.everyMs + 1000) return this.hooks.onDead(silentFor);
      this.hooks.ping();
      this.schedule();
    });
  }
}
