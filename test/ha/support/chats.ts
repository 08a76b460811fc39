/**
 * Customers of the HA suites: a protocol client that escalates to a chat with an agent, and the bookkeeping that
 * counts messages on both sides (what AACC's agent saw, what Parley stored for the customer).
 */
import type { Simulator, SimEvent } from '@parley/aacc-sim';
import type { ServerFrame, ServerFrameOf } from '@parley/protocol';
import { WsCustomer } from '../../support/ws-customer.js';

export interface Chat {
  index: number;
  customer: WsCustomer;
  contactId: string;
  guid: number;
  agentId: string;
}

/** The first frame, already received or still to come, that matches. */
export function seen<T extends ServerFrame['type']>(
  c: WsCustomer,
  type: T,
  pred: (f: ServerFrameOf<T>) => boolean,
  timeoutMs = 30_000,
): Promise<ServerFrameOf<T>> {
  const pending = c.next(type, pred, timeoutMs);
  const found = c.frames.find((f): f is ServerFrameOf<T> => f.type === type && pred(f as ServerFrameOf<T>));
  if (found) {
    pending.catch(() => undefined);
    return Promise.resolve(found);
  }
  return pending;
}

/** Names take letters only (the form refuses digits): 0 -> "Ha Customer Aa", 27 -> "Ha Customer Bb". */
export const customerName = (i: number) =>
  `Ha Customer ${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`;

/** A customer who asks for a person, gives name and phone, chooses Chat, and is answered by an agent. */
export async function escalate(sim: Simulator, wsUrl: string, origin: string, index: number): Promise<Chat> {
  const customer = new WsCustomer(wsUrl, origin);
  return escalateAs(sim, customer, index).catch((err: unknown) => {
    const got = customer.frames.map((f) =>
      f.type === 'message' ? `${f.message.author.role}:${f.message.content.type}` : f.type,
    );
    const contact = sim.control.contacts().find((c) => c.customer.name === customerName(index));
    got.push(`AACC: ${contact ? `${contact.state}, connected ${String(contact.customerConnected)}` : 'no contact'}`);
    throw new Error(
      `customer ${index} did not reach an agent (${err instanceof Error ? err.message : String(err)}); frames: ${got.join(', ')}`,
    );
  });
}

async function escalateAs(sim: Simulator, customer: WsCustomer, index: number): Promise<Chat> {
  await customer.connect();
  await seen(customer, 'message', (f) => f.message.author.role === 'bot');
  await customer.say('I want to talk to a human agent');
  const form = await seen(customer, 'message', (f) => f.message.content.type === 'form');
  if (form.message.content.type !== 'form') throw new Error('no form');
  customer.send({
    type: 'message.send',
    clientMsgId: `form-${index}`,
    content: {
      type: 'form_response',
      formId: form.message.content.formId,
      values: { name: customerName(index), phone: '07911 123456' },
    },
  });
  const choice = await seen(
    customer,
    'message',
    (f) => f.message.content.type === 'text' && (f.message.content.actions ?? []).some((a) => a.label === 'Chat'),
  );
  const chat =
    choice.message.content.type === 'text'
      ? choice.message.content.actions?.find((a) => a.label === 'Chat')
      : undefined;
  if (!chat || chat.type !== 'postback') throw new Error('no Chat choice');
  customer.send({
    type: 'message.send',
    clientMsgId: `chat-${index}`,
    content: { type: 'postback', payload: chat.payload, label: chat.label },
  });
  await seen(
    customer,
    'message',
    (f) => f.message.content.type === 'event' && f.message.content.event === 'agent_joined',
    60_000,
  );
  const contact = sim.control.contacts().find((c) => c.customer.name === customerName(index) && c.state !== 'closed');
  if (!contact) throw new Error(`no contact for ${customerName(index)}`);
  const agentId = contact.participants.find((p) => p.type === 'active_participant')?.id;
  if (!agentId) throw new Error(`no agent on ${contact.id}`);
  return { index, customer, contactId: contact.id, guid: contact.guid, agentId };
}

/** The widget coming back after its socket dropped: a new socket to `wsUrl`, resuming from the last seq it saw. */
export async function reconnect(chat: Chat, wsUrl: string, origin: string): Promise<void> {
  const old = chat.customer;
  old.terminate();
  const next = new WsCustomer(wsUrl, origin);
  next.lastSeq = old.lastSeq;
  await next.connect({ ...(old.token ? { token: old.token } : {}), lastSeq: old.lastSeq });
  chat.customer = next;
}

/** Runs `fn` over `items`, `width` at a time. */
export async function inBatches<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(fn))));
  return out;
}

/**
 * Upstream sockets per chat as AACC sees them: a chat that connects while it is already connected has two sockets
 * (the simulator then drops the older one), which must never happen.
 */
export class SocketWatch {
  readonly twoSockets: number[] = [];
  readonly connects = new Map<number, number[]>();
  private readonly connected = new Map<number, boolean>();

  constructor(sim: Simulator) {
    sim.control.events.on('event', (e: SimEvent) => {
      if (e.type === 'customer_connected') {
        if (this.connected.get(e.guid) === true) this.twoSockets.push(e.guid);
        this.connected.set(e.guid, true);
        this.connects.set(e.guid, [...(this.connects.get(e.guid) ?? []), performance.now()]);
      } else if (e.type === 'customer_disconnected') this.connected.set(e.guid, false);
    });
  }

  /** Whether AACC sees the chat's customer side connected now. */
  isConnected(guid: number): boolean {
    return this.connected.get(guid) === true;
  }

  /** When each chat last connected after `since` (performance.now()), or undefined for those that did not. */
  resumedAfter(guids: number[], since: number): Array<number | undefined> {
    return guids.map((g) => (this.connects.get(g) ?? []).find((t) => t > since));
  }
}

/** Texts in the simulator's transcript of a contact, from the customer, that match `prefix`. */
export function agentSaw(sim: Simulator, contactId: string, prefix: string): string[] {
  return sim.control
    .contact(contactId)
    .transcript.filter((t) => t.from === 'customer' && t.text.startsWith(prefix))
    .map((t) => t.text);
}

/** Agent texts Parley stored for the customer's conversation (its transcript API), that match `prefix`. */
export async function customerGot(baseUrl: string, chat: Chat, prefix: string): Promise<string[]> {
  const r = await fetch(`${baseUrl}/api/conversations/${chat.customer.conversationId}/transcript`, {
    headers: { Authorization: `Bearer ${chat.customer.token}` },
  });
  if (!r.ok) throw new Error(`transcript: HTTP ${r.status}`);
  const t = (await r.json()) as {
    messages: Array<{ author: { role: string }; content: { type: string; text?: string } }>;
  };
  return t.messages
    .filter((m) => m.author.role === 'agent' && m.content.type === 'text' && (m.content.text ?? '').startsWith(prefix))
    .map((m) => m.content.text ?? '');
}
