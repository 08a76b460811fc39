/**
 * The pieces of an inbound webhook both API versions share once their envelopes are read: a message's fields as
 * protocol content, what the channel tells of the customer (names, a WhatsApp number) and a delivery failure in words.
 */
import { isSafeUrl, LIMITS, type Content } from '@parley/protocol';
import type { CustomerProfile, DeliveryFailure } from '../channel.js';
import type { DeliveryErrorBody } from './webhook-schemas.js';

/** The message fields of section 1 (flat in v1.1, `content` in v2). */
export interface MessageFields {
  type: string;
  text?: string | undefined;
  mediaUrl?: string | undefined;
  mediaType?: string | undefined;
  mediaSize?: number | undefined;
  altText?: string | undefined;
  coordinates?: { lat: number; long: number } | undefined;
  location?: { name?: string | undefined; address?: string | undefined } | undefined;
}

export interface InboundContent {
  content: Content;
  caption?: string | undefined;
}

const MIME_MAX = 100;

function cut(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

function fileName(url: string, fallback: string): string {
  const last = url.split(/[?#]/)[0]?.split('/').pop();
  try {
    return cut(decodeURIComponent(last ?? '') || fallback, 255);
  } catch {
    return cut(last || fallback, 255);
  }
}

/**
 * Protocol content for a customer's message, or undefined when it carries nothing Parley can use (an empty text, a
 * media URL that is not http(s)). Types the API may add (audio, video...) are taken as files, as section 1 advises.
 */
export function inboundContent(m: MessageFields): InboundContent | undefined {
  const text = m.text?.trim() ? cut(m.text, LIMITS.textMaxChars) : undefined;
  if (m.type === 'location' && m.coordinates) {
    const { name, address } = m.location ?? {};
    return {
      content: {
        type: 'location',
        latitude: m.coordinates.lat,
        longitude: m.coordinates.long,
        ...(name ? { name: cut(name, 200) } : {}),
        ...(address ? { address: cut(address, 500) } : {}),
      },
    };
  }
  if (m.mediaUrl !== undefined && m.type !== 'text') {
    if (!isSafeUrl(m.mediaUrl) || m.mediaUrl.length > LIMITS.urlMaxChars) return undefined;
    const size = m.mediaSize !== undefined && Number.isInteger(m.mediaSize) ? { size: m.mediaSize } : {};
    const base = { url: m.mediaUrl, ...size, scan: 'pending' as const };
    if (m.type === 'image') {
      const mimeType = cut(m.mediaType ?? 'image/*', MIME_MAX);
      const alt = m.altText ? { alt: cut(m.altText, 300) } : {};
      return { content: { type: 'image', ...base, mimeType, ...alt }, caption: text };
    }
    const mimeType = cut(m.mediaType ?? 'application/octet-stream', MIME_MAX);
    const name = m.altText ? cut(m.altText, 255) : fileName(m.mediaUrl, m.type);
    return { content: { type: 'file', ...base, mimeType, name }, caption: text };
  }
  return text ? { content: { type: 'text', text } } : undefined;
}

/** The profile words a channel gives, without empty strings. */
export function profileOf(p: CustomerProfile): CustomerProfile | undefined {
  const entries = Object.entries(p).filter(([, v]) => typeof v === 'string' && v.trim() !== '');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** E.164 from the forms WhatsApp numbers arrive in ("447400123456", "+44 7400 123456"), or undefined. */
export function e164(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const digits = raw.replace(/[\s().-]/g, '').replace(/^\+/, '');
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : undefined;
}

/** The fields of a client record that may hold a WhatsApp customer's number, best first. */
export function clientPhone(
  client:
    | {
        externalId?: string | null | undefined;
        displayName?: string | null | undefined;
        info?: Record<string, unknown> | null | undefined;
        raw?: Record<string, unknown> | null | undefined;
      }
    | undefined,
): string | undefined {
  if (!client) return undefined;
  return (
    e164(client.info?.['phoneNumber']) ??
    e164(client.raw?.['from']) ??
    e164(client.externalId) ??
    e164(client.displayName)
  );
}

/** WhatsApp's codes for "outside the customer service window" (On-Premises 470, Cloud API 131047). */
const WHATSAPP_WINDOW_CODES = new Set([470, 131047]);

function channelCode(underlying: unknown): number | string | undefined {
  if (typeof underlying !== 'object' || underlying === null) return undefined;
  const errors = (underlying as { errors?: unknown }).errors;
  if (Array.isArray(errors)) {
    const code = (errors[0] as { code?: unknown } | undefined)?.code;
    if (typeof code === 'number' || typeof code === 'string') return code;
  }
  const nested = (underlying as { error?: { code?: unknown } }).error?.code;
  return typeof nested === 'number' || typeof nested === 'string' ? nested : undefined;
}

/** A delivery failure in words for the agent or the bot's logic. */
export function deliveryFailure(channel: string, error: DeliveryErrorBody | undefined): DeliveryFailure {
  const code = error?.code ?? 'unknown_error';
  const underlying = channelCode(error?.underlyingError);
  if (channel === 'whatsapp' && WHATSAPP_WINDOW_CODES.has(Number(underlying))) {
    return {
      code,
      channelCode: underlying,
      windowClosed: true,
      text:
        'WhatsApp did not deliver the message: the customer last wrote more than 24 hours ago, so only an approved ' +
        'template can reach them until they write again.',
    };
  }
  if (channel === 'messenger' && code === 'blocked') {
    return {
      code,
      channelCode: underlying,
      windowClosed: true,
      text:
        "Messenger did not deliver the message: it is outside the customer's messaging window. They have to write " +
        'again first.',
    };
  }
  const why = error?.message ? `: ${error.message}` : ` (${code})`;
  return { code, channelCode: underlying, windowClosed: false, text: `The message could not be delivered${why}.` };
}
