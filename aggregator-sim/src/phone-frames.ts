/**
 * Frames of the phone pages' WebSocket (`/phone/socket`), validated on both ends with these schemas.
 * A business message reaches the page already rendered for its channel (see model/render.ts): the page only draws.
 */
import { z } from 'zod';

const id = z.string().min(1).max(64);
const channel = z.enum(['whatsapp', 'messenger', 'twitter']);

export const clientFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    channel,
    name: z.string().trim().min(1).max(80),
    /** WhatsApp only: E.164 number, e.g. +447400123456. */
    phone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/)
      .optional(),
    /** Resume the customer a previous page load created. */
    customerId: id.optional(),
  }),
  z.object({ type: z.literal('say'), text: z.string().trim().min(1).max(4096) }),
  z.object({ type: z.literal('tap'), messageId: id, actionId: id }),
  z.object({ type: z.literal('shareLocation') }),
  /** The page shows the conversation: on channels with read receipts the business learns it was read. */
  z.object({ type: z.literal('read') }),
]);
export type ClientFrame = z.infer<typeof clientFrame>;

const button = z.object({
  actionId: id,
  label: z.string(),
  kind: z.enum(['postback', 'link', 'locationRequest']),
  uri: z.string().optional(),
});
export type PhoneButton = z.infer<typeof button>;

const bubble = z.object({
  text: z.string().optional(),
  media: z.object({ kind: z.enum(['image', 'file']), url: z.string(), name: z.string() }).optional(),
  /** One-shot reply options: WhatsApp reply buttons, Messenger/X quick-reply chips. */
  replies: z
    .object({ style: z.enum(['buttons', 'chips']), options: z.array(z.object({ actionId: id, label: z.string() })) })
    .optional(),
  /** WhatsApp interactive list: a button that opens rows. */
  list: z.object({ button: z.string(), rows: z.array(z.object({ actionId: id, label: z.string() })) }).optional(),
  buttons: z.array(button).optional(),
  cards: z
    .array(
      z.object({
        title: z.string(),
        description: z.string().optional(),
        image: z.string().optional(),
        buttons: z.array(button),
      }),
    )
    .optional(),
  template: z.object({ name: z.string(), language: z.string().optional(), params: z.array(z.string()) }).optional(),
});
export type Bubble = z.infer<typeof bubble>;

const phoneMessage = z.object({
  id,
  from: z.enum(['customer', 'business']),
  at: z.number(),
  tick: z.enum(['sent', 'delivered', 'read']).optional(),
  bubbles: z.array(bubble),
});
export type PhoneMessage = z.infer<typeof phoneMessage>;

const customerView = z.object({
  id,
  channel,
  name: z.string(),
  phone: z.string().optional(),
});
export type CustomerView = z.infer<typeof customerView>;

export const serverFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), customer: customerView, messages: z.array(phoneMessage) }),
  z.object({ type: z.literal('message'), message: phoneMessage }),
  z.object({ type: z.literal('tick'), messageId: id, tick: z.enum(['sent', 'delivered', 'read']) }),
  z.object({ type: z.literal('typing'), on: z.boolean() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type ServerFrame = z.infer<typeof serverFrame>;
