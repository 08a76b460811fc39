/**
 * The channel-neutral contract between Parley's conversation core and the channels customers write from (the web
 * widget, and WhatsApp, Messenger and X through a Sunshine Conversations aggregator). A channel declares what it can
 * show, turns its inbound traffic into protocol content, renders protocol content for itself and says whether it may
 * send now. The core never names a channel: it reads these declarations.
 */
import type { Content } from '@parley/protocol';

/** The customer-facing channels. `twitter` is X, named as the aggregator's integration type. */
export const CHANNEL_NAMES = ['web', 'whatsapp', 'messenger', 'twitter'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export function isChannelName(value: string): value is ChannelName {
  return (CHANNEL_NAMES as readonly string[]).includes(value);
}

/** A number of buttons a message may carry and how long a label may be before the channel truncates it. */
export interface ButtonLimits {
  max: number;
  labelMax: number;
}

/**
 * The 24-hour rules of a channel: regular messages only within `regularMs` of the customer's last message; after that
 * a human agent may still answer for `humanAgentMs` with a message tag (Messenger), or only templates go (WhatsApp).
 */
export interface WindowRule {
  regularMs: number;
  humanAgentMs?: number | undefined;
  humanAgentTag?: string | undefined;
}

/** What a channel can show, as data (messaging-channels.md section 3). Undefined = the channel has no such thing. */
export interface ChannelCapabilities {
  channel: ChannelName;
  /** Human name, for words shown to agents. */
  label: string;
  /** Longest text one message may carry; longer text is split. */
  textMax: number;
  /** Quick replies as buttons or chips the customer taps (its text comes back as their message). */
  replyButtons?: ButtonLimits | undefined;
  /** Buttons that post a payload back without a message. */
  postbackButtons?: ButtonLimits | undefined;
  /** URL buttons; without them links go inline in the text. */
  linkButtons?: ButtonLimits | undefined;
  /** A picker of up to `max` rows (WhatsApp's list message). */
  list?: { max: number } | undefined;
  /** Swipeable cards, or the numbered raw text of section 3. */
  carousel: 'native' | 'text';
  /** Up to this many cards. */
  carouselMax: number;
  images: boolean;
  /** A file as an attachment, or its name and link in a text. */
  files: 'native' | 'link';
  /** The customer can share a location with us. */
  inboundLocation: boolean;
  /** A location we send: native, or a maps link in a text. */
  outboundLocation: 'native' | 'text';
  /** A "share your location" request button. */
  locationRequest: boolean;
  /** The customer sees that the business is typing. */
  typingIndicator: boolean;
  /** The channel reports delivery to the device and reads. */
  readReceipts: boolean;
  /** A form as one card, or one question per message. */
  forms: 'native' | 'one-question-per-message';
  /** WhatsApp message templates. */
  templates: boolean;
  /** The channel tells us the customer's phone number. */
  phoneIdentity: boolean;
  window?: WindowRule | undefined;
}

/** Who wants to send: the bot or a human agent (Messenger's HUMAN_AGENT tag is only for humans). */
export type Sender = 'bot' | 'agent';
/** A regular message, or a pre-approved template (WhatsApp). */
export type SendKind = 'regular' | 'template';

export interface SendRequest {
  channel: ChannelName;
  /** The channel's timestamp of the customer's last message (epoch ms); undefined when they never wrote. */
  lastCustomerAt: number | undefined;
  now: number;
  sender: Sender;
  kind: SendKind;
}

export type RefusalReason =
  | 'window_closed_template_required'
  | 'window_closed_bot'
  | 'human_agent_window_closed'
  | 'templates_unsupported'
  | 'no_customer_message';

export type SendDecision =
  { allowed: true; tag?: string | undefined } | { allowed: false; reason: RefusalReason; words: string };

/** A customer's message, tap, activity or a delivery report, whatever the channel. */
export type InboundKind = 'message' | 'postback' | 'typing' | 'read' | 'delivery';

/** What the channel knows of the customer: names pre-fill the details step, a WhatsApp number is confirmed. */
export interface CustomerProfile {
  givenName?: string | undefined;
  surname?: string | undefined;
  displayName?: string | undefined;
  /** E.164, only where the channel identifies customers by phone number (WhatsApp). */
  phone?: string | undefined;
  locale?: string | undefined;
}

export interface DeliveryReport {
  status: 'channel' | 'user' | 'failure';
  /** The aggregator's id of our outbound message. */
  messageId: string;
  isFinal?: boolean | undefined;
  error?: DeliveryFailure | undefined;
}

export interface DeliveryFailure {
  code: string;
  /** The channel's own code when it gave one (WhatsApp 470 / 131047). */
  channelCode?: number | string | undefined;
  /** The 24-hour window (or Messenger's standard window) caused it: advise a template or a reply from the customer. */
  windowClosed: boolean;
  /** What to tell the agent or the bot's logic, in words. */
  text: string;
}

/** Where replies go: the aggregator's user and conversation. */
export interface CustomerAddress {
  userId: string;
  conversationId?: string | undefined;
}

/** One inbound event, channel-neutral. */
export interface InboundEvent {
  /** Dedupe key: the message id for messages, the event id otherwise. */
  eventId: string;
  appId: string;
  channel: ChannelName;
  /** One Parley conversation per key. */
  customerKey: string;
  address: CustomerAddress;
  /** The channel's own timestamp (epoch ms); the 24-hour window runs from a message's. */
  channelTimestamp: number;
  /** `channel` when the payload carried the channel's time, `received` when only the receive time was known. */
  timestampSource: 'channel' | 'received';
  kind: InboundKind;
  /** message and postback: what the customer sent, as protocol content. */
  content?: Content | undefined;
  /** A quick-reply tap: the payload of the reply button, with the button's text in `content`. */
  replyPayload?: string | undefined;
  /** An image's or a file's caption. */
  caption?: string | undefined;
  /** typing: started (true) or stopped. */
  typing?: boolean | undefined;
  delivery?: DeliveryReport | undefined;
  profile?: CustomerProfile | undefined;
}

/** A payload element a channel received but does not act on, with why (logged, acknowledged). */
export interface IgnoredEvent {
  reason: 'unknown_trigger' | 'business_echo' | 'unsupported_channel' | 'no_content' | 'invalid_event';
  trigger: string;
  eventId?: string | undefined;
  detail?: string | undefined;
}

export type InboundResult =
  { ok: true; events: InboundEvent[]; ignored: IgnoredEvent[] } | { ok: false; problem: string };

/**
 * What a channel adapter implements. `Rendered` is the channel's outbound unit (a Sunshine message body pair, a
 * protocol frame...), `RenderState` what rendering remembers between messages (the last choice offered, a form being
 * asked one question at a time).
 */
export interface ChannelAdapter<Rendered, RenderState> {
  readonly capabilities: (channel: ChannelName) => ChannelCapabilities;
  /** A raw inbound payload as channel-neutral events. Never throws on bad input: `ok: false` with the problem. */
  inbound(raw: unknown, now: number): InboundResult;
  /** Protocol content as what the channel sends, degraded to what it can show. */
  render(channel: ChannelName, content: Content, state: RenderState): { messages: Rendered[]; state: RenderState };
  /** Whether a message may go now (24-hour windows). Checked at every send. */
  canSend(request: SendRequest): SendDecision;
}
