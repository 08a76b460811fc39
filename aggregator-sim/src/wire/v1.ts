import type { Content, StoredMessage } from '../model/content.js';
import { wireAction, wireContent } from './content.js';
import type { Customer } from '../model/customers.js';
import { compact, customerName, displayPhone, rawClient, type Hook, type WireContext } from './hooks.js';

/** Smooch v1.1 shapes: Mongo-style `_id`, unix seconds, fields flat on the message. */
const seconds = (ms: number) => ms / 1000;

function contentFields(c: Content): Record<string, unknown> {
  // A template is stored as the text it was sent as (the shorthand's fallback), as Smooch keeps it.
  if (c.type === 'template') return compact({ type: 'text', text: c.template?.fallback ?? c.template?.name });
  return wireContent(c, true);
}

export function v1Message(m: StoredMessage, customer: Customer, ctx: WireContext): Record<string, unknown> {
  const fromCustomer = m.role === 'appUser';
  const fields = contentFields(m.content);
  return compact({
    _id: m.id,
    ...fields,
    text: fields['text'] ?? '',
    role: m.role,
    authorId: fromCustomer ? customer.id : ctx.appId,
    name: m.name ?? (fromCustomer ? customerName(customer) : ''),
    avatarUrl: m.avatarUrl ?? '',
    received: seconds(m.received),
    metadata: m.metadata,
    source: fromCustomer
      ? {
          type: customer.channel,
          integrationId: ctx.integrationId(customer),
          originalMessageId: `ext-${m.id}`,
          originalMessageTimestamp: seconds(m.received),
        }
      : { type: 'api' },
  });
}

export function v1Client(c: Customer, ctx: WireContext): Record<string, unknown> {
  const name = customerName(c);
  return compact({
    _id: c.clientId,
    id: c.clientId,
    platform: c.channel,
    integrationId: ctx.integrationId(c),
    active: true,
    primary: true,
    status: 'active',
    externalId: c.externalId,
    displayName: c.phone ? displayPhone(c.phone) : name,
    lastSeen: new Date(c.lastCustomerMessageAt ?? c.signedUpAt).toISOString(),
    info: c.phone || c.locale ? compact({ phoneNumber: c.phone, locale: c.locale }) : undefined,
    raw: rawClient(c, name),
  });
}

export function v1AppUser(c: Customer, ctx: WireContext, withClients: boolean): Record<string, unknown> {
  return compact({
    _id: c.id,
    userId: c.externalId,
    givenName: c.givenName,
    surname: c.surname || undefined,
    signedUpAt: new Date(c.signedUpAt).toISOString(),
    properties: {},
    conversationStarted: true,
    clients: withClients ? [v1Client(c, ctx)] : undefined,
  });
}

export function v1Conversation(c: Customer): Record<string, unknown> {
  const lastRead = c.messages.findLastIndex((m) => m.role === 'appMaker');
  const unreadCount = c.messages.slice(lastRead + 1).filter((m) => m.role === 'appUser' && m.tick !== 'read').length;
  return { _id: c.conversationId, unreadCount };
}

/** The v1.1 webhook body of a hook (one event per POST). */
export function v1Webhook(hook: Hook, ctx: WireContext): Record<string, unknown> {
  const c = hook.customer;
  const common = {
    app: { _id: ctx.appId },
    appUser: v1AppUser(c, ctx, false),
    conversation: { _id: c.conversationId },
    version: 'v1.1',
  };
  switch (hook.kind) {
    case 'message':
      return {
        trigger: 'message:appUser',
        ...common,
        messages: [v1Message(hook.message, c, ctx)],
        client: v1Client(c, ctx),
      };
    case 'postback':
      return {
        trigger: 'postback',
        ...common,
        postbacks: [{ message: v1Message(hook.message, c, ctx), action: wireAction(hook.action, true) }],
        client: v1Client(c, ctx),
      };
    case 'typing':
      return {
        trigger: 'typing:appUser',
        ...common,
        client: v1Client(c, ctx),
        activity: { type: hook.on ? 'typing:start' : 'typing:stop' },
        timestamp: seconds(ctx.now),
      };
    case 'read':
      return { trigger: 'conversation:read', ...common, source: { type: c.channel }, timestamp: seconds(ctx.now) };
    case 'delivery':
      return compact({
        trigger: `message:delivery:${hook.status}`,
        ...common,
        destination: { type: c.channel, integrationId: ctx.integrationId(c) },
        message: { _id: hook.message.id },
        externalMessages: hook.status === 'failure' ? undefined : [{ id: `ext-${hook.message.id}` }],
        error: hook.error,
        isFinalEvent: hook.isFinal,
        timestamp: seconds(ctx.now),
      });
  }
}
