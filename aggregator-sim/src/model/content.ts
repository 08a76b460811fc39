/**
 * The simulator's one message model, version-neutral: v1.1 bodies (fields flat on the message) and v2 bodies
 * (fields under `content`) both parse into it, and both webhook envelopes are built from it.
 */
export type ActionType = 'postback' | 'reply' | 'link' | 'locationRequest' | 'webview' | 'buy' | 'share';

export interface Action {
  /** Generated, as Smooch gives every action an `_id`; a tap on the phone names it. */
  id: string;
  type: ActionType;
  text: string;
  payload?: string | undefined;
  uri?: string | undefined;
  fallback?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export interface Item {
  title: string;
  description?: string | undefined;
  mediaUrl?: string | undefined;
  actions: Action[];
}

/** A WhatsApp template: from a v2 `template` content or the v1.1 shorthand in a text. */
export interface Template {
  name: string;
  namespace?: string | undefined;
  language?: string | undefined;
  params: string[];
  fallback?: string | undefined;
}

export type ContentType = 'text' | 'image' | 'file' | 'location' | 'carousel' | 'list' | 'form' | 'template';

export interface Content {
  type: ContentType;
  text?: string | undefined;
  payload?: string | undefined;
  mediaUrl?: string | undefined;
  mediaType?: string | undefined;
  altText?: string | undefined;
  coordinates?: { lat: number; long: number } | undefined;
  location?: { name?: string | undefined; address?: string | undefined } | undefined;
  items?: Item[] | undefined;
  actions?: Action[] | undefined;
  template?: Template | undefined;
}

/** Where a business message stands on the channel. */
export type DeliveryState = 'pending' | 'channel' | 'user' | 'failed';
/** The ticks a customer sees on their own message: handed to the business, delivered to it, read by it. */
export type CustomerTick = 'sent' | 'delivered' | 'read';

export interface DeliveryError {
  code: string;
  message: string;
  underlyingError?: Record<string, unknown> | undefined;
}

export interface StoredMessage {
  id: string;
  role: 'appUser' | 'appMaker';
  /** Epoch ms when the aggregator stored it (the customer's channel timestamp for customer messages). */
  received: number;
  name?: string | undefined;
  avatarUrl?: string | undefined;
  content: Content;
  metadata?: Record<string, unknown> | undefined;
  /** Set on customer messages; what the customer's ticks show. */
  tick?: CustomerTick | undefined;
  /** Set on business messages. */
  delivery?: DeliveryState | undefined;
  error?: DeliveryError | undefined;
}
