/**
 * Sunshine v2 webhook bodies: a batch of `events`, each with its own id, type and payload, possibly for several users
 * and conversations. Every element is handled on its own: one malformed or unknown event is ignored, not the batch
 * (a 400 would make the aggregator drop the good events with it).
 */
import type { ChannelName, InboundEvent, InboundResult } from '../channel.js';
import { clientPhone, deliveryFailure, inboundContent, profileOf } from './inbound-content.js';
import { aggregatorChannel, Collector } from './collector.js';
import { v2Event, v2Payloads, type V2Author, type SunshineClient, type V2Event } from './webhook-schemas.js';

type Envelope = { app: { id: string }; events: unknown[] };

const DELIVERY = 'conversation:message:delivery:';

function time(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

interface Where {
  appId: string;
  userId: string;
  conversationId: string;
  channel: ChannelName;
  at: number | undefined;
  now: number;
}

function base(w: Where): Omit<InboundEvent, 'eventId' | 'kind'> {
  return {
    appId: w.appId,
    channel: w.channel,
    customerKey: `${w.userId}:${w.conversationId}`,
    address: { userId: w.userId, conversationId: w.conversationId },
    channelTimestamp: w.at ?? w.now,
    timestampSource: w.at === undefined ? 'received' : 'channel',
  };
}

function profile(channel: ChannelName, author: V2Author | undefined, client: SunshineClient | undefined) {
  const p = author?.user?.profile;
  return profileOf({
    givenName: p?.givenName,
    surname: p?.surname,
    displayName: author?.displayName ?? client?.displayName ?? undefined,
    phone: channel === 'whatsapp' ? clientPhone(client) : undefined,
    locale: p?.locale,
  });
}

export function normaliseV2(body: Envelope, now: number): InboundResult {
  const out = new Collector('v2');
  for (const raw of body.events) {
    const event = v2Event.safeParse(raw);
    if (!event.success) out.ignore('invalid_event', undefined, 'event without id, type or payload', 'unknown');
    else one(body.app.id, event.data, out, now);
  }
  return out.result();
}

function one(appId: string, e: V2Event, out: Collector, now: number): void {
  const invalid = () => out.ignore('invalid_event', e.id, `malformed ${e.type} payload`, e.type);
  const createdAt = time(e.createdAt);
  if (e.type === 'conversation:message') {
    const p = v2Payloads['conversation:message'].safeParse(e.payload);
    if (!p.success) return invalid();
    const { message, conversation } = p.data;
    if (message.author.type !== 'user') return out.ignore('business_echo', message.id, undefined, e.type);
    const channel = aggregatorChannel(message.source?.type);
    const userId = message.author.userId ?? message.author.user?.id;
    if (!channel || !userId) return out.push(channel, undefined, message.id);
    const inbound = inboundContent(message.content);
    if (!inbound) return out.ignore('no_content', message.id, message.content.type, e.type);
    const at = time(message.source?.originalMessageTimestamp) ?? time(message.received);
    const where = { appId, userId, conversationId: conversation.id, channel, at, now };
    out.events.push({
      ...base(where),
      eventId: message.id,
      kind: 'message',
      content: inbound.content,
      ...(inbound.caption ? { caption: inbound.caption } : {}),
      ...(message.content.payload ? { replyPayload: message.content.payload } : {}),
      profile: profile(channel, message.author, message.source?.client),
    });
    return;
  }
  if (e.type === 'conversation:postback') {
    const p = v2Payloads['conversation:postback'].safeParse(e.payload);
    if (!p.success) return invalid();
    const { postback, user, conversation, source } = p.data;
    const channel = aggregatorChannel(source?.type ?? source?.client?.type);
    if (!channel) return out.push(channel, undefined, e.id);
    const where = { appId, userId: user.id, conversationId: conversation.id, channel, at: createdAt, now };
    const payload = postback.payload.slice(0, 256);
    out.events.push({
      ...base(where),
      eventId: e.id,
      kind: 'postback',
      // v2 does not say which button was tapped, only its payload.
      content: { type: 'postback', payload, label: payload.slice(0, 80) },
      profile: profile(channel, { type: 'user', user }, source?.client),
    });
    return;
  }
  if (e.type === 'conversation:typing' || e.type === 'conversation:read') {
    const p = v2Payloads.activity.safeParse(e.payload);
    if (!p.success) return invalid();
    const { activity, conversation } = p.data;
    if (activity.author.type !== 'user') return out.ignore('business_echo', e.id, undefined, e.type);
    const channel = aggregatorChannel(activity.source?.type);
    const userId = activity.author.userId ?? activity.author.user?.id;
    if (!channel || !userId) return out.push(channel, undefined, e.id);
    const where = { appId, userId, conversationId: conversation.id, channel, at: createdAt, now };
    const typing = e.type === 'conversation:typing' ? { typing: activity.type === 'typing:start' } : {};
    out.events.push({
      ...base(where),
      eventId: e.id,
      kind: typing.typing === undefined ? 'read' : 'typing',
      ...typing,
    });
    return;
  }
  if (e.type.startsWith(DELIVERY)) {
    const status = e.type.slice(DELIVERY.length);
    if (status !== 'channel' && status !== 'user' && status !== 'failure')
      return out.ignore('unknown_trigger', e.id, undefined, e.type);
    const p = v2Payloads.delivery.safeParse(e.payload);
    if (!p.success || !p.data.user) return invalid();
    const { message, conversation, destination, isFinalEvent, error, user } = p.data;
    const channel = aggregatorChannel(destination?.type);
    if (!channel) return out.push(channel, undefined, e.id);
    const where = { appId, userId: user.id, conversationId: conversation.id, channel, at: createdAt, now };
    out.events.push({
      ...base(where),
      eventId: e.id,
      kind: 'delivery',
      delivery: {
        status,
        messageId: message.id,
        ...(isFinalEvent === undefined ? {} : { isFinal: isFinalEvent }),
        ...(status === 'failure' ? { error: deliveryFailure(channel, error) } : {}),
      },
    });
    return;
  }
  out.ignore('unknown_trigger', e.id, undefined, e.type);
}
