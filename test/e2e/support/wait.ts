/**
 * Polling for conditions that have no event to wait on (state held by another process). Generous
 * deadlines, short intervals, and a failure message that says what was awaited and what was seen.
 */
import { STEP_TIMEOUT_MS } from './browser.js';

/**
 * Resolves with the first truthy result of `probe`, polling every `intervalMs`. A probe that throws
 * counts as "not yet"; on timeout the error names `what` and the last value or error.
 */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  what: string,
  timeoutMs = STEP_TIMEOUT_MS,
  intervalMs = 150,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err instanceof Error ? `error: ${err.message}` : err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${describe(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value)?.slice(0, 500) ?? String(value);
  } catch {
    return String(value);
  }
}
