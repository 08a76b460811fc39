/**
 * WebSocket frames, widget <-> bot server. One JSON object per text frame, discriminated on `type`
 * (dotted noun.verb names). Both sides parse every inbound frame with these schemas.
 *
 * Delivery contract:
 *  - every customer message carries a widget-generated `clientMsgId`; sending it again is harmless
 *    (the server answers `message.ack` with `duplicate: true` and stores nothing new);
 *  - the server acknowledges only after the message is durably stored, with its `seq`;
 *  - `session.hello.lastSeq` asks for a replay of everything after it; the server replays exactly
 *    the missed messages, or answers `session.welcome` with `replay: "reset"` when it cannot
 *    (then the widget reloads history instead of guessing), including when the hello's `epoch`
 *    is not the conversation's (its seqs were reset or restored since: offset + epoch, as Centrifugo);
 *  - seqs are contiguous per conversation and every socket gets them in order, each once; a client
 *    that still sees a gap resumes from its last contiguous seq before showing what came after.
 */
import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import { AuthorSchema, CallStatusSchema, CustomerContentSchema, MessageSchema } from './messages.js';

const clientMsgId = z
  .string()
  .check(z.minLength(1), z.maxLength(LIMITS.clientMsgIdMaxChars), z.regex(/^[A-Za-z0-9_.:-]+$/));
const requestId = z.string().check(z.minLength(1), z.maxLength(64));
const token = z.string().check(z.minLength(16), z.maxLength(256), z.regex(/^[A-Za-z0-9_.-]+$/));
const seq = z.int().check(z.gte(0), z.lte(Number.MAX_SAFE_INTEGER));

// ---------------------------------------------------------------------------------------------
// Conversation status as the widget sees it (a closed union; the widget renders it exhaustively).

export const ConversationStatusSchema = z.enum([
  'bot', // talking to the bot
  'collecting', // the bot is filling a form (name, phone, ...)
  'escalation_requested', // the customer chose Chat; connecting to the contact center
  'queued', // waiting for an agent
  'with_agent', // one or more agents are in the conversation; the bot is silent
  'voice_requested', // the customer chose Voice; a callback is being placed or is scheduled
  'voice_active', // the call is ringing or connected
  'ended',
]);
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;

export const ConversationViewSchema = z.strictObject({
  status: ConversationStatusSchema,
  queue: z.optional(z.strictObject({ position: z.int(), estimatedWaitSeconds: z.optional(z.int()) })),
  agents: z.optional(z.array(z.strictObject({ id: z.optional(z.string()), name: z.optional(z.string()) }))),
  call: z.optional(
    z.strictObject({
      id: z.string(),
      status: CallStatusSchema,
      phone: z.optional(z.string()),
      scheduledFor: z.optional(z.number()),
    }),
  ),
});
export type ConversationView = z.infer<typeof ConversationViewSchema>;

// ---------------------------------------------------------------------------------------------
// Client -> server

export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('session.hello'),
    v: z.string().check(z.maxLength(16)),
    /** Omit to start a new conversation. The token is the only credential for a conversation. */
    token: z.optional(token),
    /** Highest seq this client has; the server replays everything after it. */
    lastSeq: z.optional(seq),
    /** The conversation `lastSeq` belongs to (from the last welcome); a different open conversation gets `replay: "reset"`. */
    conversationId: z.optional(z.string().check(z.maxLength(64))),
    /** 1.1: the epoch of the welcome `lastSeq` came from; another epoch (a reset, a restore) gets `replay: "reset"`. */
    epoch: z.optional(z.string().check(z.maxLength(64))),
    locale: z.optional(z.string().check(z.maxLength(35))),
    page: z.optional(
      z.strictObject({
        url: z.optional(z.string().check(z.maxLength(LIMITS.urlMaxChars))),
        title: z.optional(z.string().check(z.maxLength(200))),
      }),
    ),
    /** Optional identity from the site owner's JS API (setUser); treated as unverified hints. */
    user: z.optional(
      z.strictObject({
        name: z.optional(z.string().check(z.maxLength(100))),
        email: z.optional(z.string().check(z.maxLength(254))),
        phone: z.optional(z.string().check(z.maxLength(32))),
      }),
    ),
  }),
  z.strictObject({ type: z.literal('message.send'), clientMsgId, content: CustomerContentSchema }),
  z.strictObject({ type: z.literal('typing'), active: z.boolean() }),
  /** Earlier messages, across earlier conversations of the same visitor. */
  z.strictObject({
    type: z.literal('history.fetch'),
    requestId,
    /** Fetch messages older than this cursor (from a previous `history` frame); omit for the newest page. */
    before: z.optional(z.string().check(z.maxLength(128))),
    limit: z.optional(z.int().check(z.gte(1), z.lte(LIMITS.historyPageMax))),
  }),
  /** The customer's "End chat". */
  z.strictObject({ type: z.literal('conversation.end') }),
  /** Cancel a pending voice callback. */
  z.strictObject({ type: z.literal('call.cancel'), callId: z.string().check(z.maxLength(64)) }),
  z.strictObject({ type: z.literal('ping'), t: z.optional(z.number()) }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;
export type ClientFrameType = ClientFrame['type'];
export type ClientFrameOf<T extends ClientFrameType> = Extract<ClientFrame, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Server -> client

export const ServerFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('session.welcome'),
    v: z.string(),
    conversationId: z.string(),
    /** Store this and send it in the next hello (all tabs share it). */
    token,
    /** Highest seq in the conversation at the time of the welcome. */
    lastSeq: seq,
    /** 1.1: send back in the next hello with `lastSeq`; seqs are only comparable within one epoch. */
    epoch: z.optional(z.string().check(z.maxLength(64))),
    /** `delta`: the missed messages follow as `message` frames; `reset`: reload history, the resume point is unknown; `new`: a fresh conversation. */
    replay: z.enum(['delta', 'reset', 'new']),
    view: ConversationViewSchema,
    serverTime: z.number(),
    settings: z.strictObject({
      textMaxChars: z.int(),
      defaultCountry: z.string(),
      locale: z.string(),
    }),
  }),
  z.strictObject({ type: z.literal('message'), message: MessageSchema }),
  z.strictObject({ type: z.literal('message.ack'), clientMsgId, messageId: z.string(), seq, duplicate: z.boolean() }),
  z.strictObject({ type: z.literal('typing'), author: AuthorSchema, active: z.boolean() }),
  z.strictObject({ type: z.literal('conversation.view'), view: ConversationViewSchema }),
  z.strictObject({
    type: z.literal('history'),
    requestId,
    messages: z.array(MessageSchema),
    /** Pass as `before` to fetch the page before this one; absent when there is nothing older. */
    before: z.optional(z.string()),
  }),
  /** A form submission was refused; `fields` maps field name to a message key (see widget strings). */
  z.strictObject({
    type: z.literal('form.invalid'),
    clientMsgId,
    formId: z.string(),
    fields: z.record(z.string(), z.string()),
  }),
  z.strictObject({
    type: z.literal('error'),
    code: z.string(),
    message: z.string(),
    retryable: z.boolean(),
    clientMsgId: z.optional(z.string()),
    requestId: z.optional(z.string()),
  }),
  z.strictObject({ type: z.literal('pong'), t: z.optional(z.number()), serverTime: z.number() }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;
export type ServerFrameType = ServerFrame['type'];
export type ServerFrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;
