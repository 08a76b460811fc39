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
}

export function noFaults(): Faults {
  return { fail: undefined, slowMs: 0, duplicateWebhooks: false, offline: false };
}
