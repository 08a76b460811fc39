/**
 * Retrying calls to the aggregator: exponential backoff with full jitter (a random delay between 0 and the capped
 * exponential), never shorter than a Retry-After the API asked for. Pure delay arithmetic for a durable outbox that
 * schedules its own retries, and `withRetry` for a caller that waits in process; the clock and the randomness are
 * injectable so tests run without real time.
 */

export interface RetryPolicy {
  /** First delay's ceiling [500 ms]; it doubles each attempt. */
  baseMs: number;
  /** Largest delay from the backoff [60 s]. */
  capMs: number;
  /** Longest Retry-After honoured; a longer one is cut to this [15 min]. */
  retryAfterCapMs: number;
  /** Attempts in all, the first included [8]. */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  baseMs: 500,
  capMs: 60_000,
  retryAfterCapMs: 15 * 60_000,
  maxAttempts: 8,
};

/** A result that may be retried says so and may carry the API's Retry-After. */
export type Attempt<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'retryable'; reason: string; retryAfterMs?: number | undefined }
  | { kind: 'permanent'; reason: string };

/**
 * Delay before retry number `attempt` (0 = the first retry): full jitter over min(cap, base * 2^attempt), raised to
 * the Retry-After when the API gave one.
 */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy = DEFAULT_RETRY,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt));
  const jittered = Math.floor(random() * ceiling);
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, policy.retryAfterCapMs));
}

/** Retry-After as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header == null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface RetryDeps {
  sleep(ms: number): Promise<void>;
  random?: () => number;
  policy?: RetryPolicy;
  /** Told of each retry, e.g. to log it (never with the request's secrets). */
  onRetry?: (attempt: number, delayMs: number, reason: string) => void;
}

/** Run `call` until it is ok, permanent, or the attempts are spent (the last retryable result is returned). */
export async function withRetry<T>(call: () => Promise<Attempt<T>>, deps: RetryDeps): Promise<Attempt<T>> {
  const policy = deps.policy ?? DEFAULT_RETRY;
  let result = await call();
  for (let attempt = 0; result.kind === 'retryable' && attempt < policy.maxAttempts - 1; attempt++) {
    const delay = retryDelay(attempt, result.retryAfterMs, policy, deps.random);
    deps.onRetry?.(attempt + 1, delay, result.reason);
    await deps.sleep(delay);
    result = await call();
  }
  return result;
}
