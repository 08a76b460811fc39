/**
 * What the gateway persists per escalated conversation (ContactCenterSessionRecord.data), so a
 * restarted bot server can resume the chat with the stored guid + authenticationKey and deliver
 * every customer message exactly as far as AACC acknowledged it.
 */
import * as z from 'zod';
import type { EscalationRequest } from '../../domain/ports.js';
import type { ComfortGroup, EwcAgent, UrlGroup } from './frames.js';

/** Provider name in the store. */
export const EWC_PROVIDER = 'aacc-ewc';

/** One upstream newMessage: a customer message, or one part of a long one. */
export interface OutboundText {
  /** The customer's clientMsgId (the idempotency key). */
  id: string;
  part: number;
  text: string;
}

export interface SessionData {
  v: 1;
  request: EscalationRequest;
  participants: EwcAgent[];
  /** Not yet written to the socket (no agent yet, or reconnecting). */
  pending: OutboundText[];
  /** Written, not yet acknowledged by AACC. */
  inflight: OutboundText[];
  /** clientMsgIds AACC acknowledged (most recent last, bounded). */
  delivered: string[];
  /** Whether this AACC acknowledges newMessage (decides what a drop does to inflight messages). */
  acksSeen: boolean;
  agentWaitDeadline: number | null;
  lastActivityAt: number;
  comfort: ComfortGroup[];
  urls: UrlGroup[];
}

const agent = z.object({ id: z.string().optional(), name: z.string().optional(), role: z.string().optional() });
const text = z.object({ id: z.string(), part: z.number().int().min(0), text: z.string() });

const SessionDataSchema = z.object({
  v: z.literal(1),
  request: z.object({
    conversationId: z.string(),
    customer: z.object({ name: z.string(), phone: z.string().optional(), email: z.string().optional() }),
    skillset: z.string(),
    customFields: z.array(z.object({ title: z.string(), value: z.string() })),
    requestTranscript: z.boolean(),
  }),
  participants: z.array(agent),
  pending: z.array(text),
  inflight: z.array(text),
  delivered: z.array(z.string()),
  acksSeen: z.boolean(),
  agentWaitDeadline: z.number().nullable(),
  lastActivityAt: z.number(),
  comfort: z.array(z.object({ delaySeconds: z.number(), messages: z.array(z.string()) })),
  urls: z.array(z.object({ holdTimeSeconds: z.number(), urls: z.array(z.string()) })),
});

/** Validate stored adapter data; undefined when it is not ours or from an incompatible version. */
export function parseSessionData(data: unknown): SessionData | undefined {
  const r = SessionDataSchema.safeParse(data);
  return r.success ? r.data : undefined;
}

/** The state of a new escalation, before AACC has issued a guid. */
export function newSessionData(request: EscalationRequest, now: number): SessionData {
  return {
    v: 1,
    request,
    participants: [],
    pending: [],
    inflight: [],
    delivered: [],
    acksSeen: false,
    agentWaitDeadline: null,
    lastActivityAt: now,
    comfort: [],
    urls: [],
  };
}
