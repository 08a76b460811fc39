import type { Content, StoredMessage } from '../model/content.js';
import { wireContent } from './content.js';
import type { Customer } from '../model/customers.js';
import { compact, customerName, displayPhone, rawClient, type Hook, type WireContext } from './hooks.js';

/** Sunshine v2 shapes: `id`, ISO times, `author` + `content`, events batched under one envelope. */
const iso = (ms: number) => new Date(ms).toISOString();

export function v2Content(c: Content): Record<string, unknown> {
  if (c.type === 'template') {
    const t = c.template;
    return {
      type: 'template',
      template: compact({
        namespace: t?.namespace,
        name: t?.name,
        language: t?.language ? { policy: 'deterministic', code: t.language } : undefined,
        components:
          t && t.params.length > 0
            ? [{ type: 'body', parameters: t.params.map((text) => ({ type: 'text', text })) }]
            : undefined,
      }),
    };
  }
  return wireContent(c, false);
}

export function v2Client(c: Customer, ctx: WireContext): Record<string, unknown> {
  const name = customerName(c);
  return {
    id: c.clientId,
    type: c.channel,
    status: 'active',
    integrationId: ctx.integrationId(c),
    externalId: c.externalId,
    lastSeen: iso(c.lastCustomerMessageAt ?? c.signedUpAt),
    linkedAt: iso(c.signedUpAt),
    displayName: c.phone ? displayPhone(c.phone) : name,
    avatarUrl: null,
    info: null,
    raw: rawClient(c, name),
  };
}

export function v2User(c: Customer): Record<string, unknown> {
  return {
    id: c.id,
    externalId: c.externalId,
    signedUpAt: iso(c.signedUpAt),
    toBeRetained: false,
    authenticated: false,
    profile: compact({ givenName: c.givenName, surname: c.surname || undefined, locale: c.locale ?? 'en-US' }),
    metadata: {},
    identities: [],
  };
}

export function v2Conversation(c: Customer): Record<string, unknown> {
  const last = c.messages.at(-1);
  return {
    id: c.conversationId,
    type: 'personal',
    metadata: null,
    isDefault: true,
    displayName: null,
    description: null,
    iconUrl: null,
    businessLastRead: null,
    lastUpdatedAt: iso(last?.received ?? c.signedUpAt),
    createdAt: iso(c.signedUpAt),
  };
}

export function v2Message(m: StoredMessage, c: Customer, ctx: WireContext): Record<string, unknown> {
  const fromCustomer = m.role === 'appUser';
  return compact({
    id: m.id,
    received: iso(m.received),
    author: fromCustomer
      ? { userId: c.id, displayName: customerName(c), type: 'user', user: v2User(c) }
      : compact({ type: 'business', displayName: m.name, avatarUrl: m.avatarUrl }),
    content: v2Content(m.content),
    source: fromCustomer
      ? {
          type: c.channel,
          integrationId: ctx.integrationId(c),
          originalMessageId: `ext-${m.id}`,
          originalMessageTimestamp: iso(m.received),
          client: v2Client(c, ctx),
        }
      : { type: 'api:conversations' },
    metadata: m.metadata,
  });
}

function payload(hook: Hook, ctx: WireContext): { type: string; payload: Record<string, unknown> } {
  const c = hook.customer;
  const conversation = { id: c.conversationId, type: 'personal' };
  const source = { type: c.channel, integrationId: ctx.integrationId(c), client: v2Client(c, ctx) };
  const author = { type: 'user', userId: c.id, user: v2User(c) };
  switch (hook.kind) {
    case 'message':
      return { type: 'conversation:message', payload: { conversation, message: v2Message(hook.message, c, ctx) } };
    case 'postback':
      return {
        type: 'conversation:postback',
        payload: {
          conversation,
          postback: compact({ payload: hook.action.payload, metadata: hook.action.metadata }),
          user: v2User(c),
          source,
        },
      };
    case 'typing':
    case 'read': {
      const type = hook.kind === 'read' ? 'conversation:read' : hook.on ? 'typing:start' : 'typing:stop';
      return {
        type: hook.kind === 'read' ? 'conversation:read' : 'conversation:typing',
        payload: { conversation, activity: { type, author, source } },
      };
    }
    case 'delivery':
      return {
        type: `conversation:message:delivery:${hook.status}`,
        payload: compact({
          conversation,
          user: v2User(c),
          destination: { type: c.channel, integrationId: ctx.integrationId(c) },
          externalMessages: hook.status === 'failure' ? undefined : [{ id: `ext-${hook.message.id}` }],
          message: { id: hook.message.id },
          isFinalEvent: hook.isFinal,
          error: hook.error,
        }),
      };
  }
}

/** The v2 webhook body of a hook: one event in the `events` array. */
export function v2Webhook(
  hook: Hook,
  ctx: WireContext & { webhookId: string; eventId: string },
): Record<string, unknown> {
  return {
    app: { id: ctx.appId },
    webhook: { id: ctx.webhookId, version: 'v2' },
    events: [{ id: ctx.eventId, createdAt: iso(ctx.now), ...payload(hook, ctx) }],
  };
}
