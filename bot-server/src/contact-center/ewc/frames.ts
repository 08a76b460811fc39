/**
 * EWC wire frames (see ../README.md and ../../../../docs/ewc-protocol.md, "Frames").
 *
 * Inbound: a TOLERANT parser. Real AACC servers (and Oceana-era ones) add fields, send numeric or
 * missing `apiVersion`, ids as numbers or strings, `role` or `participantRole`. Anything we cannot
 * interpret becomes `{ kind: 'unknown' }` or a parse failure with a reason that carries no frame
 * content (no PII), for the caller to log and ignore. Nothing here throws.
 *
 * Outbound: EXACT builders (apiVersion "1.0", type "request", guid as a number).
 */
import * as z from 'zod';

// ---------------------------------------------------------------------------------------------
// Shared shapes

const idString = z.union([z.string(), z.number()]).transform(String);
const optText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);
const optNumber = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .nullish()
  .transform((v) => v ?? undefined);

const ParticipantSchema = z.looseObject({
  id: idString.nullish(),
  agentId: idString.nullish(),
  name: optText,
  displayName: optText,
  type: optText,
  role: optText,
  participantRole: optText,
});

const ComfortGroupSchema = z.looseObject({
  groupName: optText,
  delay: optNumber,
  messages: z.array(z.looseObject({ message: z.string(), sequence: optNumber })).nullish(),
});

const UrlGroupSchema = z.looseObject({
  tag: optText,
  description: optText,
  holdTime: optNumber,
  sequence: optNumber,
  urls: z.array(z.looseObject({ url: z.string(), description: optText })).nullish(),
});

const EnvelopeSchema = z.looseObject({
  apiVersion: z.union([z.string(), z.number()]).nullish(),
  type: z.string(),
  body: z.looseObject({ method: z.string().nullish() }),
});

const GuidSchema = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
const RequestChatBody = z.looseObject({
  guid: GuidSchema,
  // Avaya's own test fixtures have a requestChat notification without a key: accepted, but not resumable.
  authenticationKey: z
    .string()
    .nullish()
    .transform((v) => (v === '' || v === null ? undefined : v)),
  webOnHoldComfortGroups: z.array(ComfortGroupSchema).nullish(),
  webOnHoldURLs: z.array(UrlGroupSchema).nullish(),
});
const NewChatAckBody = z.looseObject({ guid: GuidSchema.nullish() });
const QueueStatusBody = z.looseObject({ positionInQueue: optNumber, estimatedWaitTime: optNumber });
const ParticipantsBody = z.looseObject({
  agentId: idString.nullish(),
  displayName: optText,
  role: optText,
  participantRole: optText,
  endChatFlag: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).nullish(),
  participants: z.array(ParticipantSchema).nullish(),
});
const IsTypingBody = z.looseObject({
  agentId: idString.nullish(),
  displayName: optText,
  isTyping: z.unknown().optional(),
});
const NewMessageBody = z.looseObject({
  message: z.string(),
  displayName: optText,
  agentId: idString.nullish(),
  timestamp: optNumber,
});
const PushPageBody = z.looseObject({
  pagePushURL: z.string(),
  displayName: optText,
  agentId: idString.nullish(),
  timestamp: optNumber,
});
const CloseBody = z.looseObject({ result: z.unknown().optional() });
const AckBody = z.looseObject({ accepted: z.unknown().optional(), result: z.unknown().optional() });
const ErrorBody = z.looseObject({ code: optNumber, errorMessage: optText });

// ---------------------------------------------------------------------------------------------
// Inbound model

/** An agent as reported by AACC. `role` is role ?? participantRole ?? participant type. */
export interface EwcAgent {
  id?: string;
  name?: string;
  role?: string;
}

export interface ComfortGroup {
  delaySeconds: number;
  messages: string[];
}
export interface UrlGroup {
  holdTimeSeconds: number;
  urls: string[];
}

export type InboundFrame =
  | {
      kind: 'chat_accepted';
      guid: number;
      /** Absent when the server sent none: the chat works but cannot be resumed on a new socket. */
      authenticationKey?: string;
      comfort: ComfortGroup[];
      urls: UrlGroup[];
    }
  /** Legacy `newChatAcknowledgement` ("chat request approved"), with the chat's guid when the server gave one. */
  | { kind: 'chat_acknowledged'; guid?: number }
  | { kind: 'queue_status'; position?: number; estimatedWaitSeconds?: number }
  | { kind: 'participant_joined'; agent: EwcAgent; participants: EwcAgent[] }
  | { kind: 'participant_left'; agent: EwcAgent; participants: EwcAgent[]; endChat: boolean }
  | { kind: 'agent_typing'; agent: EwcAgent; typing: boolean }
  | { kind: 'agent_message'; agent: EwcAgent; text: string; at?: number }
  | { kind: 'page_push'; agent: EwcAgent; url: string; at?: number }
  | { kind: 'close'; result: boolean }
  | { kind: 'ping' }
  | { kind: 'ack'; method: string; accepted: boolean }
  | { kind: 'error'; method?: string; code?: number; message?: string }
  | { kind: 'unknown'; type: string; method?: string };

export type ParseResult = { ok: true; frame: InboundFrame } | { ok: false; reason: string };

/** The server's text for a resume that cannot succeed (Koopid INVALID_SESSION, frisky5). */
export const INVALID_SESSION_TEXT = 'Unable to reconnect, session key is invalid or expired';
/** Error code AACC clients treat as "old chat cannot be resumed". */
export const INVALID_SESSION_CODE = 2;

/** True when an error frame means the stored guid/authenticationKey can no longer be used. */
export function isInvalidSession(frame: { code?: number; message?: string }): boolean {
  return frame.code === INVALID_SESSION_CODE || (frame.message ?? '').toLowerCase().includes('session key is invalid');
}

/**
 * Parse one text frame from the EWC server. Never throws. Reasons on failure name only the
 * structural problem (method and zod paths), never field values.
 */
export function parseInboundFrame(raw: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const env = EnvelopeSchema.safeParse(json);
  if (!env.success) return { ok: false, reason: `bad envelope (${paths(env.error)})` };
  const { type, body } = env.data;
  const method = body.method ?? undefined;
  const m = method?.toLowerCase();

  if (type === 'error' || m === 'error') {
    const e = ErrorBody.safeParse(body);
    if (!e.success) return { ok: false, reason: `bad error body (${paths(e.error)})` };
    return {
      ok: true,
      frame: {
        kind: 'error',
        method: m === 'error' ? undefined : method,
        code: e.data.code,
        message: e.data.errorMessage,
      },
    };
  }
  if (m === 'ping' || m === 'pong') return { ok: true, frame: { kind: 'ping' } };
  if (type.toLowerCase() === 'newchatacknowledgement') {
    const a = NewChatAckBody.safeParse(body);
    const guid = a.success ? (a.data.guid ?? undefined) : undefined;
    return { ok: true, frame: { kind: 'chat_acknowledged', ...(guid === undefined ? {} : { guid }) } };
  }
  if (type === 'acknowledgement') {
    const a = AckBody.safeParse(body);
    if (!a.success || method === undefined) return { ok: false, reason: 'bad acknowledgement' };
    const accepted = a.data.accepted ?? a.data.result;
    return { ok: true, frame: { kind: 'ack', method, accepted: accepted !== false && accepted !== 'false' } };
  }
  if (type !== 'notification') return { ok: true, frame: { kind: 'unknown', type, method } };

  const sub = (schema: z.ZodType, build: (data: never) => InboundFrame): ParseResult => {
    const r = schema.safeParse(body);
    return r.success
      ? { ok: true, frame: build(r.data as never) }
      : { ok: false, reason: `bad ${method} body (${paths(r.error)})` };
  };

  switch (m) {
    case 'requestchat':
      return sub(RequestChatBody, (b: z.output<typeof RequestChatBody>) => ({
        kind: 'chat_accepted',
        guid: b.guid,
        ...(b.authenticationKey === undefined ? {} : { authenticationKey: b.authenticationKey }),
        comfort: (b.webOnHoldComfortGroups ?? []).map(toComfortGroup).filter((g) => g.messages.length > 0),
        urls: (b.webOnHoldURLs ?? [])
          .slice()
          .sort((x, y) => (x.sequence ?? 0) - (y.sequence ?? 0))
          .map(toUrlGroup)
          .filter((g) => g.urls.length > 0),
      }));
    case 'queuestatus':
      // positionInQueue 0 means "not in the queue" (being offered to an agent, e.g. mid-transfer): no position.
      return sub(QueueStatusBody, (b: z.output<typeof QueueStatusBody>) => ({
        kind: 'queue_status',
        position: b.positionInQueue !== undefined && b.positionInQueue >= 1 ? b.positionInQueue : undefined,
        estimatedWaitSeconds: b.estimatedWaitTime,
      }));
    case 'newparticipant':
      return sub(ParticipantsBody, (b: z.output<typeof ParticipantsBody>) => {
        const participants = (b.participants ?? []).map(toAgent);
        return { kind: 'participant_joined', agent: subject(b, participants), participants };
      });
    case 'participantleave':
      return sub(ParticipantsBody, (b: z.output<typeof ParticipantsBody>) => {
        const participants = (b.participants ?? []).map(toAgent);
        return {
          kind: 'participant_left',
          agent: subject(b, participants),
          participants,
          endChat: b.endChatFlag === true,
        };
      });
    case 'istyping':
      return sub(IsTypingBody, (b: z.output<typeof IsTypingBody>) => ({
        kind: 'agent_typing',
        agent: agentRef(b.agentId ?? undefined, b.displayName),
        typing: b.isTyping !== false && b.isTyping !== 'false',
      }));
    case 'newmessage':
      return sub(NewMessageBody, (b: z.output<typeof NewMessageBody>) => ({
        kind: 'agent_message',
        agent: agentRef(b.agentId ?? undefined, b.displayName),
        text: b.message,
        at: b.timestamp,
      }));
    case 'newpushpagemessage':
      return sub(PushPageBody, (b: z.output<typeof PushPageBody>) => ({
        kind: 'page_push',
        agent: agentRef(b.agentId ?? undefined, b.displayName),
        url: b.pagePushURL,
        at: b.timestamp,
      }));
    case 'closeconversation':
      return sub(CloseBody, (b: z.output<typeof CloseBody>) => ({
        kind: 'close',
        result: b.result !== false && b.result !== 'false',
      }));
    case undefined:
    default:
      return { ok: true, frame: { kind: 'unknown', type, method } };
  }
}

function paths(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => i.path.join('.') || '(root)')
    .join(', ');
}

function agentRef(id: string | undefined, name: string | undefined, role?: string): EwcAgent {
  const a: EwcAgent = {};
  if (id !== undefined) a.id = id;
  if (name !== undefined) a.name = name;
  if (role !== undefined) a.role = role;
  return a;
}

function toAgent(p: z.output<typeof ParticipantSchema>): EwcAgent {
  return agentRef(p.id ?? p.agentId ?? undefined, p.name ?? p.displayName, p.role ?? p.participantRole ?? p.type);
}

/** The agent a join/leave is about: from the body, completed from the participant list. */
function subject(b: z.output<typeof ParticipantsBody>, participants: EwcAgent[]): EwcAgent {
  const id = b.agentId ?? undefined;
  const listed = id === undefined ? undefined : participants.find((p) => p.id === id);
  return agentRef(id, b.displayName ?? listed?.name, b.role ?? b.participantRole ?? listed?.role);
}

function toComfortGroup(g: z.output<typeof ComfortGroupSchema>): ComfortGroup {
  const messages = (g.messages ?? [])
    .slice()
    .sort((x, y) => (x.sequence ?? 0) - (y.sequence ?? 0))
    .map((m) => m.message)
    .filter((t) => t.trim() !== '');
  return { delaySeconds: g.delay ?? 0, messages };
}

function toUrlGroup(g: z.output<typeof UrlGroupSchema>): UrlGroup {
  return { holdTimeSeconds: g.holdTime ?? 0, urls: (g.urls ?? []).map((u) => u.url).filter((u) => u.trim() !== '') };
}

// ---------------------------------------------------------------------------------------------
// Outbound builders

/** As Avaya's sample and Koopid's gateway send them: every field present, empty when unknown. */
export interface Intrinsics {
  name: string;
  email: string;
  country: string;
  area: string;
  phoneNumber: string;
  skillset: string;
  customFields: Array<{ title: string; value: string }>;
}

export interface RequestChatInput {
  deviceType: string;
  requestTranscript: boolean;
  intrinsics: Intrinsics;
  /** Set both to resume an existing chat on a new socket. */
  resume?: { guid: number; authenticationKey: string };
}

function request(body: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: '1.0', type: 'request', body });
}

/** Outbound frame builders; each returns the exact JSON text to send. */
export const outbound = {
  requestChat(input: RequestChatInput): string {
    return request({
      method: 'requestChat',
      guid: input.resume?.guid ?? null,
      authenticationKey: input.resume?.authenticationKey ?? null,
      deviceType: input.deviceType,
      requestTranscript: input.requestTranscript,
      intrinsics: input.intrinsics,
    });
  },
  newMessage: (message: string): string => request({ method: 'newMessage', message }),
  isTyping: (): string => request({ method: 'isTyping', isTyping: true }),
  queueStatus: (): string => request({ method: 'queueStatus' }),
  closeConversation: (): string => request({ method: 'closeConversation' }),
  ping: (): string => request({ method: 'ping' }),
} as const;
