/**
 * Inbound webhook bodies, v1.1 or v2, as channel-neutral events (channel.ts). Never throws: a body that is not a
 * webhook of either version is `ok: false` (answer 400); a trigger Parley does not act on, our own messages echoed
 * back, a channel it does not serve or a malformed element of a v2 batch are `ignored` with the reason (answer 200, log).
 * Dedupe keys: the message id for messages, the event id otherwise (v1.1 has none: see eventIds below).
 * The v1.1 customer key is the app user (one conversation each in v1.1); v2's is user and conversation.
 */
import type { ChannelName, InboundResult } from '../channel.js';
import { aggregatorChannel, Collector, seconds } from './collector.js';
import { clientPhone, deliveryFailure, inboundContent, profileOf } from './inbound-content.js';
import { normaliseV2 } from './normalise-v2.js';
import { v1Bodies, v1Delivery, v1Head, v2Envelope, type SunshineClient } from './webhook-schemas.js';

/** Parse a webhook body of either version. `now` stands in for a channel timestamp the payload does not carry. */
export function normaliseWebhook(body: unknown, now: number): InboundResult {
  // The version the body looks like is tried first (v1.1 names a `trigger` at the top, v2 a list of `events`): a failed
  // zod parse builds its issues, and trying v2 first cost every v1.1 webhook one (a tenth of a millisecond each).
  const v1First = typeof body === 'object' && body !== null && 'trigger' in body && !('events' in body);
  const v1 = () => {
    const head = v1Head.safeParse(body);
    return head.success ? normaliseV1(head.data.trigger, body, now) : undefined;
  };
  const first = v1First ? v1() : undefined;
  if (first) return first;
  const v2 = v2Envelope.safeParse(body);
  if (v2.success) return normaliseV2(v2.data, now);
  return (v1First ? undefined : v1()) ?? { ok: false, problem: 'not a Smooch v1.1 or Sunshine v2 webhook body' };
}

type V1Parsed<K extends keyof typeof v1Bodies> = ReturnType<(typeof v1Bodies)[K]['parse']>;

function problemOf(trigger: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const first = issues[0];
  return `invalid ${trigger} body: ${first ? `${first.path.map(String).join('.') || '(body)'}: ${first.message}` : ''}`;
}

function normaliseV1(trigger: string, body: unknown, now: number): InboundResult {
  if (trigger.startsWith('message:delivery:') && v1Delivery.shape.trigger.safeParse(trigger).success) {
    const parsed = v1Delivery.safeParse(body);
    if (!parsed.success) return { ok: false, problem: problemOf(trigger, parsed.error.issues) };
    return v1DeliveryEvents(parsed.data, now);
  }
  if (!(trigger in v1Bodies)) return { ok: true, events: [], ignored: [{ reason: 'unknown_trigger', trigger }] };
  const key = trigger as keyof typeof v1Bodies;
  const parsed = v1Bodies[key].safeParse(body);
  if (!parsed.success) return { ok: false, problem: problemOf(trigger, parsed.error.issues) };
  const out = new Collector(trigger);
  const data = parsed.data;
  switch (data.trigger) {
    case 'message:appUser':
      messages(data, out, now);
      break;
    case 'postback':
      postbacks(data, out, now);
      break;
    case 'typing:appUser':
      activity(data, data.client?.platform, 'typing', out, now, data.activity.type === 'typing:start');
      break;
    case 'conversation:read':
      activity(data, data.source?.type ?? data.client?.platform, 'read', out, now);
      break;
  }
  return out.result();
}

interface V1Common {
  app: { _id: string };
  appUser: {
    _id: string;
    givenName?: string | undefined;
    surname?: string | undefined;
    clients?: SunshineClient[] | undefined;
  };
  conversation?: { _id: string } | undefined;
  client?: SunshineClient | undefined;
}

function v1Base(data: V1Common, channel: ChannelName | undefined, at: number, fromChannel: boolean) {
  const userId = data.appUser._id;
  return {
    appId: data.app._id,
    channel: channel ?? 'whatsapp',
    customerKey: userId,
    address: { userId, ...(data.conversation ? { conversationId: data.conversation._id } : {}) },
    channelTimestamp: at,
    timestampSource: fromChannel ? ('channel' as const) : ('received' as const),
  };
}

function v1Profile(data: V1Common, channel: ChannelName, displayName: string | undefined) {
  const client = data.client ?? data.appUser.clients?.find((c) => c.platform === channel);
  const locale = client?.info?.['locale'] ?? client?.info?.['browserLanguage'];
  return profileOf({
    givenName: data.appUser.givenName,
    surname: data.appUser.surname,
    displayName: displayName ?? client?.displayName ?? undefined,
    phone: channel === 'whatsapp' ? clientPhone(client) : undefined,
    locale: typeof locale === 'string' ? locale : undefined,
  });
}

function activity(
  data: V1Common & { timestamp?: number | undefined },
  type: string | undefined,
  kind: 'typing' | 'read',
  out: Collector,
  now: number,
  typing?: boolean,
): void {
  const channel = aggregatorChannel(type);
  const at = seconds(data.timestamp);
  const eventId = `${kind}:${data.appUser._id}:${at ?? now}`;
  out.push(
    channel,
    channel && {
      ...v1Base(data, channel, at ?? now, at !== undefined),
      eventId,
      kind,
      ...(typing === undefined ? {} : { typing }),
    },
    eventId,
  );
}

function messages(data: V1Parsed<'message:appUser'>, out: Collector, now: number): void {
  for (const m of data.messages) {
    if (m.role !== undefined && m.role !== 'appUser') {
      out.ignore('business_echo', m._id);
      continue;
    }
    const channel = aggregatorChannel(m.source?.type ?? data.client?.platform);
    const inbound = inboundContent(m);
    if (channel && !inbound) {
      out.ignore('no_content', m._id, m.type);
      continue;
    }
    const at = seconds(m.source?.originalMessageTimestamp) ?? seconds(m.received);
    out.push(
      channel,
      channel && inbound
        ? {
            ...v1Base(data, channel, at ?? now, at !== undefined),
            eventId: m._id,
            kind: 'message',
            content: inbound.content,
            ...(inbound.caption ? { caption: inbound.caption } : {}),
            ...(m.payload ? { replyPayload: m.payload } : {}),
            profile: v1Profile(data, channel, m.name),
          }
        : undefined,
      m._id,
    );
  }
}

/**
 * A v1.1 postback has no id of its own: the key is the message and action tapped (plus the body's timestamp when
 * there is one), so a retried delivery is recognised; a second tap on the same button within the dedupe window is too.
 */
function postbacks(data: V1Parsed<'postback'>, out: Collector, now: number): void {
  const channel = aggregatorChannel(data.client?.platform);
  const at = seconds(data.timestamp);
  for (const { message, action } of data.postbacks) {
    const eventId = ['postback', message?._id ?? data.appUser._id, action._id ?? action.payload, at]
      .filter((p) => p !== undefined)
      .join(':');
    const label = (action.text ?? action.payload).slice(0, 80) || action.payload;
    out.push(
      channel,
      channel && action.payload
        ? {
            ...v1Base(data, channel, at ?? now, at !== undefined),
            eventId,
            kind: 'postback',
            content: { type: 'postback', payload: action.payload.slice(0, 256), label },
            profile: v1Profile(data, channel, undefined),
          }
        : undefined,
      eventId,
    );
  }
}

function v1DeliveryEvents(data: ReturnType<typeof v1Delivery.parse>, now: number): InboundResult {
  const out = new Collector(data.trigger);
  const channel = aggregatorChannel(data.destination?.type ?? data.client?.platform);
  const status = data.trigger.slice('message:delivery:'.length) as 'channel' | 'user' | 'failure';
  const at = seconds(data.timestamp);
  out.push(
    channel,
    channel && {
      ...v1Base(data, channel, at ?? now, at !== undefined),
      eventId: `${data.trigger}:${data.message._id}`,
      kind: 'delivery',
      delivery: {
        status,
        messageId: data.message._id,
        ...(data.isFinalEvent === undefined ? {} : { isFinal: data.isFinalEvent }),
        ...(status === 'failure' ? { error: deliveryFailure(channel, data.error) } : {}),
      },
    },
    `${data.trigger}:${data.message._id}`,
  );
  return out.result();
}
