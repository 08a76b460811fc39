/** Reconnect delays: exponential from `baseMs` up to `maxMs`, with "equal jitter" (half fixed, half random) so tabs and visitors do not reconnect in lockstep. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** The delay before reconnect attempt number `attempt` (0-based). `random` is injectable for tests. */
export function backoffDelay(
  attempt: number,
  { baseMs, maxMs }: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
