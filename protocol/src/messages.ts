/**
 * The one message model, used on the wire, in the store and by every channel adapter.
 * A message is an author, a content (discriminated on `type`) and the server's bookkeeping.
 * Content types a channel cannot show degrade through `fallbackText` (see channels later).
 */
import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import { isSafeUrl } from './safe-url.js';

const id = z.string().check(z.minLength(1), z.maxLength(LIMITS.clientMsgIdMaxChars), z.regex(/^[A-Za-z0-9_.:-]+$/));
const label = z.string().check(z.minLength(1), z.maxLength(LIMITS.labelMaxChars));
const text = z.string().check(z.minLength(1), z.maxLength(LIMITS.textMaxChars));
const payload = z.string().check(z.minLength(1), z.maxLength(LIMITS.payloadMaxChars));
/** Only https:, http: and mailto: / tel: links ever reach a customer. */
export const SafeUrlSchema = z.string().check(
  z.maxLength(LIMITS.urlMaxChars),
  z.refine((u) => isSafeUrl(u), { message: 'URL scheme not allowed' }),
);

// ---------------------------------------------------------------------------------------------
// Actions: quick replies and buttons

export const ActionSchema = z.discriminatedUnion('type', [
  /** Sends `label` as the customer's text and `payload` to the bot. Disappears once used. */
  z.strictObject({ type: z.literal('reply'), label, payload }),
  /** A button that posts `payload` back without showing text as typed by the customer. */
  z.strictObject({ type: z.literal('postback'), label, payload }),
  /** A button that opens a link in a new tab (rel=noopener noreferrer). */
  z.strictObject({ type: z.literal('link'), label, url: SafeUrlSchema }),
  /**
   * Asks for the customer's location: the widget offers to share it (the browser asks permission) or to decline,
   * which posts LOCATION_DECLINED (payloads.ts) back; a messaging channel shows its own location button or says so in words.
   */
  z.strictObject({ type: z.literal('location_request'), label }),
]);
export type Action = z.infer<typeof ActionSchema>;

// ---------------------------------------------------------------------------------------------
// Forms (name, phone, email ... cards inside the conversation)

export const FormFieldSchema = z.strictObject({
  name: z.string().check(z.regex(/^[a-z][a-zA-Z0-9_]{0,31}$/)),
  /** `checkbox`: a consent box, its value "yes" or "no". */
  kind: z.enum(['text', 'name', 'phone', 'email', 'datetime', 'choice', 'checkbox']),
  label,
  required: z.boolean(),
  placeholder: z.optional(z.string().check(z.maxLength(LIMITS.labelMaxChars))),
  maxLength: z.optional(z.int().check(z.gte(1), z.lte(LIMITS.formValueMaxChars))),
  /** Initial value, e.g. the phone number the customer already gave. */
  value: z.optional(z.string().check(z.maxLength(LIMITS.formValueMaxChars))),
  /** For `choice` fields. */
  options: z.optional(z.array(z.strictObject({ value: payload, label })).check(z.maxLength(LIMITS.actionsMax))),
  /** ISO 3166 alpha-2 default country for `phone` fields. */
  defaultCountry: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/))),
  /** Show (and require) this field only when another field of the form has this value, e.g. a time only for "later". */
  onlyWhen: z.optional(
    z.strictObject({ field: z.string().check(z.regex(/^[a-z][a-zA-Z0-9_]{0,31}$/)), value: payload }),
  ),
});
export type FormField = z.infer<typeof FormFieldSchema>;

export const FormStatusSchema = z.enum(['open', 'submitted', 'cancelled']);

// ---------------------------------------------------------------------------------------------
// System events shown in the conversation

export const CallStatusSchema = z.enum([
  'requested',
  'scheduled',
  'dialling',
  'ringing',
  'connected',
  'completed',
  'no_answer',
  'busy',
  'failed',
  'cancelled',
]);
export type CallStatus = z.infer<typeof CallStatusSchema>;

export const EventNameSchema = z.enum([
  'conversation_started',
  'escalation_requested',
  'queued',
  'queue_position',
  'agent_joined',
  'agent_left',
  'transferred',
  'conferenced',
  'agent_unavailable',
  'contact_center_lost',
  'contact_center_restored',
  'call_status',
  'conversation_ended',
  'idle_closed',
]);
export type EventName = z.infer<typeof EventNameSchema>;

const eventData = z.record(
  z.string().check(z.maxLength(64)),
  z.union([z.string().check(z.maxLength(LIMITS.textMaxChars)), z.number(), z.boolean(), z.null()]),
);

// ---------------------------------------------------------------------------------------------
// Rich content (images, files, location, carousel) is part of the model now so stores, adapters
// and the widget can be built against it; the web widget renders what it knows and `fallbackText`
// otherwise.

const latitude = z.number().check(z.gte(-90), z.lte(90));
const longitude = z.number().check(z.gte(-180), z.lte(180));

const mediaBase = {
  url: SafeUrlSchema,
  mimeType: z.string().check(z.maxLength(100)),
  size: z.optional(z.int().check(z.gte(0))),
  /** Attachment scanning: a file is offered for download only when `clean`. */
  scan: z.optional(z.enum(['pending', 'clean', 'infected', 'failed'])),
};

export const CarouselItemSchema = z.strictObject({
  title: label,
  subtitle: z.optional(z.string().check(z.maxLength(LIMITS.textMaxChars))),
  imageUrl: z.optional(SafeUrlSchema),
  actions: z.optional(z.array(ActionSchema).check(z.maxLength(3))),
});

export const ContentSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('text'),
    text,
    /** Quick replies (type reply) and buttons (postback, link) attached to this message. */
    actions: z.optional(z.array(ActionSchema).check(z.maxLength(LIMITS.actionsMax))),
  }),
  /** The customer pressed a postback/reply action. `label` is what is shown in the transcript. */
  z.strictObject({ type: z.literal('postback'), payload, label }),
  z.strictObject({
    type: z.literal('form'),
    formId: id,
    title: z.optional(label),
    fields: z.array(FormFieldSchema).check(z.minLength(1), z.maxLength(LIMITS.formFieldsMax)),
    submitLabel: z.optional(label),
  }),
  /** The customer's answer to a form; the server validates and normalises (e.g. phone to E.164). */
  z.strictObject({
    type: z.literal('form_response'),
    formId: id,
    values: z.record(z.string().check(z.maxLength(32)), z.string().check(z.maxLength(LIMITS.formValueMaxChars))),
  }),
  z.strictObject({ type: z.literal('event'), event: EventNameSchema, data: z.optional(eventData) }),
  z.strictObject({
    type: z.literal('image'),
    ...mediaBase,
    alt: z.optional(z.string().check(z.maxLength(300))),
    width: z.optional(z.int()),
    height: z.optional(z.int()),
  }),
  z.strictObject({ type: z.literal('file'), ...mediaBase, name: z.string().check(z.minLength(1), z.maxLength(255)) }),
  z.strictObject({
    type: z.literal('location'),
    latitude,
    longitude,
    name: z.optional(z.string().check(z.maxLength(200))),
    address: z.optional(z.string().check(z.maxLength(500))),
  }),
  z.strictObject({
    type: z.literal('carousel'),
    items: z.array(CarouselItemSchema).check(z.minLength(1), z.maxLength(LIMITS.carouselItemsMax)),
  }),
]);
export type Content = z.infer<typeof ContentSchema>;
export type ContentType = Content['type'];
export type ContentOf<T extends ContentType> = Extract<Content, { type: T }>;

/** What a customer may send from the web widget. */
export const CustomerContentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text }),
  z.strictObject({ type: z.literal('postback'), payload, label }),
  z.strictObject({
    type: z.literal('form_response'),
    formId: id,
    values: z.record(z.string().check(z.maxLength(32)), z.string().check(z.maxLength(LIMITS.formValueMaxChars))),
  }),
  /** Shared from the browser after a location request: coordinates only (no place name from a customer). */
  z.strictObject({ type: z.literal('location'), latitude, longitude }),
]);
export type CustomerContent = z.infer<typeof CustomerContentSchema>;

export const AuthorSchema = z.strictObject({
  role: z.enum(['customer', 'bot', 'agent', 'system']),
  /** Agent id (AACC agentId) or bot name; absent for customer and system. */
  id: z.optional(z.string().check(z.maxLength(64))),
  /** Display name; absent when SEND_AGENT_NAME is false. */
  name: z.optional(z.string().check(z.maxLength(100))),
});
export type Author = z.infer<typeof AuthorSchema>;

export const ChannelSchema = z.enum(['web', 'whatsapp', 'messenger', 'twitter', 'voice']);
export type Channel = z.infer<typeof ChannelSchema>;

export const MessageSchema = z.strictObject({
  /** Server-assigned id (uuid). */
  id: z.string(),
  conversationId: z.string(),
  /** Per-conversation sequence, 1-based, strictly increasing, assigned by the server after the durable write. */
  seq: z.int().check(z.gte(1)),
  /** The sender's idempotency key (widget-generated for customer messages). */
  clientMsgId: z.optional(id),
  author: AuthorSchema,
  content: ContentSchema,
  channel: z.optional(ChannelSchema),
  /** Epoch milliseconds. */
  createdAt: z.number(),
});
export type Message = z.infer<typeof MessageSchema>;
