/**
 * Named one-shot timers on the injected Clock: arming a name replaces its previous timer, so a
 * session can never have two of the same kind running (e.g. two reconnect attempts).
 */
import type { Clock, TimerHandle } from '../../domain/ports.js';

export class TimerSet<Name extends string> {
  private readonly timers = new Map<Name, TimerHandle>();

  constructor(private readonly clock: Clock) {}

  /** Run `fn` after `ms` (negative counts as 0), replacing any timer of the same name. */
  arm(name: Name, ms: number, fn: () => void): void {
    this.clear(name);
    this.timers.set(
      name,
      this.clock.setTimeout(
        () => {
          this.timers.delete(name);
          fn();
        },
        Math.max(0, ms),
      ),
    );
  }

  has(name: Name): boolean {
    return this.timers.has(name);
  }

  /** Cancel the named timers, or all of them when no name is given. */
  clear(...names: Name[]): void {
    for (const name of names.length > 0 ? names : [...this.timers.keys()]) {
      const t = this.timers.get(name);
      if (t !== undefined) this.clock.clearTimeout(t);
      this.timers.delete(name);
    }
  }
}
