/**
 * Ports: the small interfaces through which the domain reaches the outside world.
 * The domain (conversation machine, conversation service, flow engine) imports these and nothing
 * from ws, express or a database driver. Default implementations are real ones: SQLite store,
 * EWC gateway to the AACC simulator, aacc-callback dialer.
 */
import type { JobStore } from './job-ports.js';
import type { Author, CallStatus, Channel, Content, Message, ServerFrame } from '@parley/protocol';

// ---------------------------------------------------------------------------------------------
// Clock (injected so timers are testable with fake time)

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}
export type TimerHandle = { readonly __timer: unique symbol } | ReturnType<typeof setTimeout>;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

// ---------------------------------------------------------------------------------------------
// Store

export interface VisitorRecord {
  id: string;
  createdAt: number;
  locale: string | null;
}

export interface ConversationRecord {
  id: string;
  visitorId: string;
  channel: Channel;
  /** Domain state of the conversation machine, serialised (see conversation-machine.ts). */
  state: string;
  /** Opaque JSON owned by the conversation service: machine context, bot state (flow position, slots). */
  data: Record<string, unknown>;
  /** Optimistic-concurrency version, incremented by every updateConversation. */
  version: number;
  lastSeq: number;
  /** Changes when the seqs are rewritten (reset, restore): a resume point of another epoch is stale. */
  epoch: string;
  createdAt: number;
  updatedAt: number;
  endedAt: number | null;
}

export interface AppendMessageInput {
  conversationId: string;
  clientMsgId?: string;
  author: Author;
  content: Content;
  channel: Channel;
  now: number;
}

export interface AppendResult {
  message: Message;
  /** True when (conversationId, clientMsgId) already existed; `message` is the stored original. */
  duplicate: boolean;
}

export interface HistoryPage {
  messages: Message[];
  /** Opaque cursor for the next older page; undefined when there is nothing older. */
  before?: string;
}

export interface ContactCenterSessionRecord {
  conversationId: string;
  provider: string;
  /** Provider's id for the chat (AACC guid). */
  externalId: string;
  /** Provider's session secret (AACC authenticationKey). Never logged. */
  secret: string;
  /** Adapter-owned JSON (participants, timers' deadlines, buffered messages...). */
  data: Record<string, unknown>;
  updatedAt: number;
}

export interface CallRecord {
  id: string;
  conversationId: string;
  provider: string;
  /** Unique; a retried request with the same key returns the existing call and never dials twice. */
  idempotencyKey: string;
  externalId: string | null;
  phone: string;
  /** Client IP address that asked for the call (abuse limits per client; never logged at info). */
  clientAddress?: string | null;
  status: CallStatus;
  scheduledFor: number | null;
  data: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface Store extends JobStore {
  /** Apply pending migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Cheap liveness query for /health. */
  ping(): Promise<void>;

  createVisitor(input: { id: string; tokenHash: string; locale: string | null; now: number }): Promise<VisitorRecord>;
  getVisitorByTokenHash(tokenHash: string): Promise<VisitorRecord | undefined>;

  createConversation(input: {
    id: string;
    visitorId: string;
    channel: Channel;
    state: string;
    data: Record<string, unknown>;
    now: number;
  }): Promise<ConversationRecord>;
  getConversation(id: string): Promise<ConversationRecord | undefined>;
  /** The visitor's newest conversation that has not ended. */
  getOpenConversation(visitorId: string): Promise<ConversationRecord | undefined>;
  /**
   * Compare-and-set update: succeeds only if the stored version equals `expectedVersion`;
   * returns the new record, or undefined on a version conflict.
   */
  updateConversation(
    id: string,
    expectedVersion: number,
    patch: { state?: string; data?: Record<string, unknown>; endedAt?: number | null; now: number },
  ): Promise<ConversationRecord | undefined>;
  /**
   * Ids of the conversations in any of `states` not updated after `quietSince`, in id order after `afterId`, at most
   * `limit`: the sweeps page through them (a page of ids, not every open conversation's row at once).
   */
  listQuietConversations(
    states: readonly string[],
    quietSince: number,
    page: { afterId?: string; limit: number },
  ): Promise<string[]>;

  /** Durable, idempotent append; assigns the next seq atomically. */
  appendMessage(input: AppendMessageInput): Promise<AppendResult>;
  /** Messages with seq > afterSeq, ascending, at most `limit`. */
  listMessagesAfter(conversationId: string, afterSeq: number, limit: number): Promise<Message[]>;
  listMessages(conversationId: string): Promise<Message[]>;
  /** Newest-first paging across all of a visitor's conversations; each page is returned oldest-first. */
  listVisitorHistory(visitorId: string, before: string | undefined, limit: number): Promise<HistoryPage>;

  /** Customer details (name, phone E.164, email, ...) per visitor; later values overwrite. */
  setDetails(visitorId: string, details: Record<string, string>, now: number): Promise<void>;
  getDetails(visitorId: string): Promise<Record<string, string>>;

  addParticipant(input: {
    conversationId: string;
    role: 'customer' | 'bot' | 'agent' | 'supervisor';
    externalId: string | null;
    name: string | null;
    now: number;
  }): Promise<void>;
  removeParticipant(input: {
    conversationId: string;
    role: string;
    externalId: string | null;
    now: number;
  }): Promise<void>;
  listParticipants(
    conversationId: string,
  ): Promise<
    Array<{ role: string; externalId: string | null; name: string | null; joinedAt: number; leftAt: number | null }>
  >;

  /** Audit trail: state transitions, contact-center and call events. */
  appendEvent(input: {
    conversationId: string;
    type: string;
    data: Record<string, unknown>;
    now: number;
  }): Promise<void>;
  listEvents(
    conversationId: string,
  ): Promise<Array<{ type: string; data: Record<string, unknown>; createdAt: number }>>;

  saveContactCenterSession(rec: ContactCenterSessionRecord): Promise<void>;
  getContactCenterSession(conversationId: string): Promise<ContactCenterSessionRecord | undefined>;
  deleteContactCenterSession(conversationId: string): Promise<void>;
  listContactCenterSessions(provider: string): Promise<ContactCenterSessionRecord[]>;

  /** Insert unless the idempotency key exists; returns the stored call and whether it was new. */
  createCall(rec: CallRecord): Promise<{ call: CallRecord; created: boolean }>;
  updateCall(
    id: string,
    patch: { status?: CallStatus; externalId?: string | null; data?: Record<string, unknown>; now: number },
  ): Promise<CallRecord | undefined>;
  getCall(id: string): Promise<CallRecord | undefined>;
  getCallByExternalId(provider: string, externalId: string): Promise<CallRecord | undefined>;
  listCalls(conversationId: string): Promise<CallRecord[]>;
  /** A provider's calls not in a final status yet (to catch up on status reports missed while down). */
  listOpenCalls(provider: string): Promise<CallRecord[]>;
  /** Count calls created since `since` matching a filter (abuse limits). */
  countCallsSince(
    filter: { phone?: string; conversationId?: string; clientAddress?: string },
    since: number,
  ): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Bot engine (flows + NLU). Pure with respect to I/O: it receives a serialisable state and
// returns the next state, replies and actions. The conversation service persists and delivers.

/** The payload of the button that takes a waiting customer out of the queue (see queue-offer.ts). */
export const QUEUE_LEAVE_PAYLOAD = 'parley:queue:leave';

export type BotInput =
  | { type: 'start' }
  | { type: 'text'; text: string }
  | { type: 'postback'; payload: string; label: string }
  | { type: 'form_response'; formId: string; values: Record<string, string> }
  /** The customer shared where they are (the widget's location button, a messaging channel's location). */
  | { type: 'location'; latitude: number; longitude: number }
  /** Something happened outside the bot that it must react to (e.g. no agent answered). */
  | {
      type: 'event';
      name:
        | 'handoff_failed'
        | 'agent_unavailable'
        | 'handoff_ended'
        | 'voice_failed'
        | 'voice_ended'
        | 'contact_center_lost'
        /** AACC refused to resume the agent chat: its session had expired (EWC error code 2). */
        | 'agent_chat_expired'
        /** The connection to the agent's chat was lost past the reconnect window. */
        | 'agent_chat_lost'
        /** Queued for QUEUE_OFFER_MESSAGE_AFTER; then the customer took the flow's `queueOffer` and left the queue. */
        | 'queue_wait'
        | 'queue_left';
      data?: Record<string, string>;
    };

export interface BotContext {
  /** The bot's own state from the previous turn (undefined on the first turn). */
  state: BotState | undefined;
  locale: string;
  /** Known customer details (name, phone, email...). */
  details: Readonly<Record<string, string>>;
}

/** Serialisable; stored in ConversationRecord.data.bot. */
export interface BotState {
  flow: string;
  node: string;
  slots: Record<string, string>;
  misunderstandings: number;
  lastIntent?: string;
  /** Open form awaiting a response, if any. */
  pendingForm?: string;
  /** Intents recognised so far, oldest first, at most 20 (for the agent summary). */
  intents?: string[];
}

export type BotAction =
  /** `details` carries what the flow collected for this escalation, e.g. voice {phone (E.164), callAt? (ISO 8601 UTC)}. */
  | { type: 'escalate'; channel: 'chat' | 'voice' | 'message'; skillset?: string; details?: Record<string, string> }
  | { type: 'set_details'; details: Record<string, string> }
  | { type: 'form_invalid'; formId: string; fields: Record<string, string> }
  | { type: 'end' };

export interface BotTurn {
  state: BotState;
  replies: Content[];
  actions: BotAction[];
  /** NLU result of this turn, for the agent's context (intent name and score). */
  intent?: { name: string; score: number };
}

export interface BotEngine {
  handle(ctx: BotContext, input: BotInput): Promise<BotTurn>;
  /** A short summary of the conversation for the agent (what the bot learned). */
  summarize(ctx: BotContext, transcript: readonly Message[]): string;
}

// ---------------------------------------------------------------------------------------------
// Contact center (AACC EWC gateway by default)

export interface EscalationRequest {
  conversationId: string;
  customer: { name: string; phone?: string; email?: string };
  skillset: string;
  /** Custom fields shown to the agent: bot transcript summary, detected intent, locale... */
  customFields: Array<{ title: string; value: string }>;
  requestTranscript: boolean;
  /** Customer text typed before an agent joins is sent by the adapter, in order, once an agent joins. */
}

export interface AgentRef {
  id?: string;
  name?: string;
  /** active_participant | passive_participant | supervisor */
  role?: string;
}

export type ContactCenterEvent =
  | { type: 'queued'; conversationId: string; position?: number; estimatedWaitSeconds?: number }
  | { type: 'comfort'; conversationId: string; text?: string; url?: string }
  | { type: 'agent_joined'; conversationId: string; agent: AgentRef; participants: AgentRef[] }
  | { type: 'agent_left'; conversationId: string; agent: AgentRef; participants: AgentRef[] }
  | { type: 'agent_message'; conversationId: string; agent: AgentRef; text: string; at: number; externalId?: string }
  | { type: 'agent_typing'; conversationId: string; agent: AgentRef }
  | { type: 'page_push'; conversationId: string; agent: AgentRef; url: string; at: number }
  | { type: 'connection_lost'; conversationId: string; attempt: number; maxAttempts: number }
  | { type: 'connection_restored'; conversationId: string }
  /** The escalation could not be established or was lost for good. */
  | {
      type: 'failed';
      conversationId: string;
      /** `outage`: not even tried, the contact center's health says it is down (contact-center/ewc/probe.ts). */
      reason: 'no_agent' | 'unreachable' | 'rejected' | 'session_expired' | 'outage';
    }
  | { type: 'ended'; conversationId: string; by: 'agent' | 'customer' | 'idle' | 'system' };

export interface ContactCenter {
  readonly name: string;
  start(req: EscalationRequest): Promise<void>;
  /** Idempotent on clientMsgId. Buffered until an agent is present. */
  sendMessage(conversationId: string, text: string, clientMsgId: string): Promise<void>;
  sendTyping(conversationId: string): void;
  end(conversationId: string, by: 'customer' | 'system'): Promise<void>;
  /** Re-attach to escalations persisted before a restart. */
  recover(): Promise<void>;
  onEvent(listener: (event: ContactCenterEvent) => void): () => void;
  health(): { ok: boolean; detail?: string };
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Fan-out of frames to every socket of a conversation, across tabs and (with Redis) instances.

export interface Fanout {
  publish(conversationId: string, frame: ServerFrame): void;
  subscribe(conversationId: string, listener: (frame: ServerFrame) => void): () => void;
  close(): Promise<void>;
}

// Voice: the dialer and the click-to-call service (voice-ports.ts).
export type { CallbackRequest, CallStatusEvent, Dialer, VoiceRequestInput, VoiceService } from './voice-ports.js';
