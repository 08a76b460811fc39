/** Ports of the voice path: the dialer that asks AACC (or Twilio) to call, and the service the domain calls. */
import type { CallStatus } from '@parley/protocol';
import type { CallRecord } from './ports.js';

// ---------------------------------------------------------------------------------------------
// Dialer (AACC web callback by default)

export interface CallbackRequest {
  callId: string;
  conversationId: string;
  name: string;
  /** E.164 */
  phone: string;
  skillset: string;
  /** Epoch ms; undefined = call now. */
  when?: number;
  context: Array<{ title: string; value: string }>;
}

export interface CallStatusEvent {
  callId: string;
  externalId?: string;
  status: CallStatus;
  at: number;
  detail?: string;
}

export interface Dialer {
  readonly name: string;
  requestCallback(req: CallbackRequest): Promise<{ externalId: string }>;
  cancel(callId: string, externalId: string): Promise<void>;
  onStatus(listener: (event: CallStatusEvent) => void): () => void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Voice service (click-to-call orchestration over a Dialer). Implemented by voice/voice-service.ts
// (createVoiceService), whose interface is structurally identical; the domain depends on this one.

export interface VoiceRequestInput {
  conversationId: string;
  visitorId: string;
  /** Customer's name, shown to the agent. */
  name: string;
  /** Number to call; the voice service validates it against the policy. */
  phone: string;
  /** Epoch ms for a scheduled callback; undefined = call now. */
  when?: number;
  /** For per-client abuse limits; never logged at info. */
  clientAddress: string;
  /** A retried request with the same key returns the existing call and never dials twice. */
  idempotencyKey: string;
  /** What the bot learned (summary, intent...), attached to the call for the agent. */
  context: Array<{ title: string; value: string }>;
}

export interface VoiceService {
  /** Places or schedules the call (status emitted to listeners too); throws ParleyError PARLEY_ERR_VOICE_REFUSED when policy refuses. */
  request(input: VoiceRequestInput): Promise<CallRecord>;
  cancel(conversationId: string, callId: string): Promise<void>;
  /** Every accepted status change, in order per call. Returns an unsubscribe function. */
  onStatus(listener: (event: { conversationId: string; call: CallRecord }) => void): () => void;
  close(): void;
}
