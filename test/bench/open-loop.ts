/**
 * An open-loop load scheduler: request i is due at start + i / rate, whatever happened to the earlier ones, so a slow
 * server cannot slow the load down (no coordinated omission). Latencies are measured from the due time, and the
 * scheduler's own lag is reported so a client that could not keep up is visible.
 */
import { summarize } from './stats.js';

/** Wall-clock milliseconds with sub-millisecond precision, comparable across threads and processes. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export interface OpenLoopResult {
  fired: number;
  /** How late the scheduler fired requests (ms): its p99 should be far below the latencies measured. */
  lagMs: ReturnType<typeof summarize>;
}

/** Calls `fire(i, dueAt)` for i in [0, rate × seconds) at its due time; resolves once the last one has fired. */
export function openLoop(
  rate: number,
  seconds: number,
  fire: (i: number, dueAt: number) => void,
): Promise<OpenLoopResult> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const start = nowMs() + 20;
  const lags: number[] = [];
  let i = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = nowMs();
      for (let due = start + i * interval; i < total && due <= now; due = start + i * interval) {
        lags.push(now - due);
        fire(i++, due);
      }
      if (i >= total) return resolve({ fired: total, lagMs: summarize(lags) });
      setTimeout(tick, Math.max(0, Math.floor(start + i * interval - nowMs())));
    };
    tick();
  });
}
