/** Fault switches, flipped by the control API and read by the REST layer and the webhook sender. */
export interface Faults {
  /** Answer REST calls with this status (5xx or 429) for `remaining` more calls (Infinity: until cleared). */
  fail?: { status: number; remaining: number; retryAfterSeconds?: number | undefined } | undefined;
  /** Delay every REST answer by this long. */
  slowMs: number;
  /** Post every webhook twice (same event ids), as a retried delivery looks to the receiver. */
  duplicateWebhooks: boolean;
  /** Drop REST connections without an answer and hold webhooks until back online. */
  offline: boolean;
  /**
   * Reset the connection of the next `remaining` message posts without answering, after their body was read: before
   * the message is stored (nothing happened) or after (stored and delivered, but the poster cannot know).
   */
  reset?: { stage: ResetStage; remaining: number } | undefined;
}

export type ResetStage = 'before-store' | 'after-store';

export function noFaults(): Faults {
  return { fail: undefined, slowMs: 0, duplicateWebhooks: false, offline: false, reset: undefined };
}

/** Whether this message post's connection is to be reset at `stage` (counted down when it is). */
export function takeReset(faults: Faults, stage: ResetStage): boolean {
  const reset = faults.reset;
  if (!reset || reset.stage !== stage || reset.remaining <= 0) return false;
  reset.remaining -= 1;
  if (reset.remaining === 0) faults.reset = undefined;
  return true;
}
