import { CAPABILITIES, type Channel } from './channels.js';
import type { Content, DeliveryError } from './content.js';

/** WhatsApp's own words for a freeform message outside the customer service window (On-Premises API code 470). */
export const WHATSAPP_WINDOW_TITLE =
  'Failed to send message because you are outside the support window for freeform messages to this user. ' +
  'Please use a valid HSM notification or reconsider.';

/** Messenger tags that may be sent outside the standard window; HUMAN_AGENT only up to `humanAgentMs`. */
const UPDATE_TAGS = new Set(['ACCOUNT_UPDATE', 'CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE']);

export interface SendContext {
  channel: Channel;
  /** The customer's last message, as stamped by the channel (undefined: the customer never wrote). */
  lastCustomerMessageAt: number | undefined;
  now: number;
  /** `override.messenger.payload` of the request, if any. */
  messengerPayload?: Record<string, unknown> | undefined;
}

/**
 * Whether the channel delivers this content now. Sunshine stores the message and answers 201 either way; a refusal
 * reaches the business only as a `message:delivery:failure` webhook, which is what this error becomes.
 */
export function deliveryError(content: Content, ctx: SendContext): DeliveryError | undefined {
  const caps = CAPABILITIES[ctx.channel];
  const unsupported = (type: string): DeliveryError => ({
    code: 'uncategorized_error',
    message: `Unsupported message type \`${type}\``,
  });
  if (content.type === 'form') return unsupported('form');
  if (content.type === 'template' && !caps.templates) return unsupported('template');
  if (content.type === 'location' && caps.outboundLocation === 'unsupported') return unsupported('location');
  if (caps.windowMs === undefined) return undefined;
  const age = ctx.lastCustomerMessageAt === undefined ? Infinity : ctx.now - ctx.lastCustomerMessageAt;
  if (age < caps.windowMs) return undefined;
  if (ctx.channel === 'whatsapp') {
    // Templates are what WhatsApp allows outside the window; they do not reopen it.
    if (content.type === 'template') return undefined;
    return {
      code: 'uncategorized_error',
      message: WHATSAPP_WINDOW_TITLE,
      underlyingError: { errors: [{ code: 470, title: WHATSAPP_WINDOW_TITLE }] },
    };
  }
  const tag = messengerTag(ctx.messengerPayload);
  if (tag === 'HUMAN_AGENT' && caps.humanAgentMs !== undefined && age < caps.humanAgentMs) return undefined;
  if (tag !== undefined && UPDATE_TAGS.has(tag)) return undefined;
  return {
    code: 'blocked',
    message:
      tag === 'HUMAN_AGENT'
        ? "The HUMAN_AGENT tag allows replies only within 7 days of the user's last message."
        : 'The user is outside the standard messaging window; send with a message tag.',
    underlyingError: {
      error: {
        message: '(#10) This message is sent outside of allowed window.',
        type: 'OAuthException',
        code: 10,
        error_subcode: 2018278,
      },
    },
  };
}

function messengerTag(payload: Record<string, unknown> | undefined): string | undefined {
  if (!payload || payload['messaging_type'] !== 'MESSAGE_TAG') return undefined;
  const tag = payload['tag'];
  return typeof tag === 'string' ? tag : undefined;
}
