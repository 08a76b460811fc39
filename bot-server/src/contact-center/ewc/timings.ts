/**
 * Timings that are protocol conventions rather than operator configuration (../../../../docs/ewc-protocol.md,
 * "Timers"). Injectable so tests can shrink them and drive them with a ManualClock.
 */
export interface EwcTimings {
  /** First queueStatus after the requestChat notification (Avaya sample). */
  queueStatusFirstMs: number;
  /** Later queueStatus polls while the customer waits. */
  queueStatusEveryMs: number;
  /** How long requestChat may go unanswered on an open socket before the attempt counts as failed. */
  requestTimeoutMs: number;
  /** How long end() waits for notification/closeConversation {result:true}. */
  closeWaitMs: number;
  /** Customer typing pulses upstream at most this often (samples: once per 10 s). */
  typingEveryMs: number;
  /** Acknowledged clientMsgIds remembered for idempotency. */
  deliveredMemory: number;
  /** Without acknowledgements, at most this many written messages are kept for re-sending. */
  unackedMax: number;
  /** After the reconnect window: how often a farewell tries to resume the chat (farewell.ts). */
  farewellRetryMs: number;
  /** ... and for how long (AACC's resume window is not known; Oceana's is 180 s). */
  farewellWindowMs: number;
  /** Availability probe (probe.ts): an EWC handshake this often, ... */
  probeEveryMs: number;
  /** ... given this long to open. */
  probeTimeoutMs: number;
}

export const DEFAULT_EWC_TIMINGS: Readonly<EwcTimings> = Object.freeze({
  queueStatusFirstMs: 3500,
  queueStatusEveryMs: 30_000,
  requestTimeoutMs: 15_000,
  closeWaitMs: 2000,
  typingEveryMs: 10_000,
  deliveredMemory: 1000,
  unackedMax: 100,
  farewellRetryMs: 15_000,
  farewellWindowMs: 180_000,
  probeEveryMs: 5000,
  probeTimeoutMs: 4000,
});

/** The defaults with any overrides applied. */
export function resolveTimings(overrides: Partial<EwcTimings> = {}): Readonly<EwcTimings> {
  return Object.freeze({ ...DEFAULT_EWC_TIMINGS, ...overrides });
}
