import type { EventEmitter } from 'node:events';
import type { Aggregator } from '../aggregator.js';
import { noFaults, type Faults, type ResetStage } from '../faults.js';
import { type Channel } from '../model/channels.js';
import type { StoredMessage } from '../model/content.js';
import type { Customer } from '../model/customers.js';
import type { SimEvent, SimEventOf, SimEventType, WebhookAttempt } from '../model/events.js';
import { renderForPhone } from '../model/render.js';
import type { Bubble } from '../phone-frames.js';
import type { WebhookSender } from '../webhooks/sender.js';
import { ControlError } from './control-error.js';

/** A customer as tests see it: identity, window and every message with its delivery state and rendering. */
export interface CustomerSnapshot {
  id: string;
  externalId: string;
  conversationId: string;
  channel: Channel;
  name: string;
  phone?: string | undefined;
  online: boolean;
  lastCustomerMessageAt?: number | undefined;
  messages: Array<StoredMessage & { shown: Bubble[] }>;
}

export interface FailSwitch {
  status: number;
  /** How many calls fail (default: all until cleared). */
  count?: number | undefined;
  retryAfterSeconds?: number | undefined;
}

/** Drives the simulated customers and the fault switches from tests and the HTTP control API. */
export interface AggregatorControl {
  createCustomer(c: {
    channel: Channel;
    name: string;
    phone?: string | undefined;
    locale?: string | undefined;
  }): CustomerSnapshot;
  customers(): CustomerSnapshot[];
  customer(customerId: string): CustomerSnapshot;
  /** Business messages the customer's app received (delivered to the channel; failures excluded). */
  received(customerId: string): Array<StoredMessage & { shown: Bubble[] }>;
  say(customerId: string, text: string): StoredMessage;
  tap(customerId: string, messageId: string, actionId: string): StoredMessage | undefined;
  shareLocation(customerId: string): StoredMessage;
  /** A picture or file the customer sends, hosted at `mediaUrl` (see http/customer-media.ts). */
  sendMedia(
    customerId: string,
    media: { type: 'image' | 'file'; mediaUrl: string; mediaType: string; altText: string },
  ): StoredMessage;
  /** Customer activity webhooks; sent whatever the channel's matrix says, so a connector can be tested on them. */
  typing(customerId: string, on: boolean): void;
  read(customerId: string): void;
  /** Move the customer's last message `hours` (default 25) into the past. */
  age(customerId: string, hours?: number): void;
  fail(s: FailSwitch): void;
  slow(ms: number): void;
  duplicateWebhooks(on: boolean): void;
  offline(on: boolean): void;
  /** The next `count` (default 1) message posts get their connection reset, before or after the message is stored. */
  reset(stage: ResetStage, count?: number): void;
  /** Every switch off. */
  clearFaults(): void;
  faults(): Faults;
  webhooks(): WebhookAttempt[];
  waitFor<T extends SimEventType>(
    type: T,
    timeoutMs?: number,
    filter?: (e: SimEventOf<T>) => boolean,
  ): Promise<SimEventOf<T>>;
  readonly events: EventEmitter;
}

export interface ControlDeps {
  aggregator: Aggregator;
  sender: WebhookSender;
  faults: Faults;
  webhookLog: WebhookAttempt[];
}

export function snapshot(c: Customer, name: string): CustomerSnapshot {
  return {
    id: c.id,
    externalId: c.externalId,
    conversationId: c.conversationId,
    channel: c.channel,
    name,
    phone: c.phone,
    online: c.online,
    lastCustomerMessageAt: c.lastCustomerMessageAt,
    messages: c.messages.map((m) => ({
      ...m,
      shown: renderForPhone(m.content, c.channel, m.role === 'appUser' ? 'customer' : 'business'),
    })),
  };
}

export function createControl({ aggregator, sender, faults, webhookLog }: ControlDeps): AggregatorControl {
  const customers = aggregator.customers;
  const get = (id: string): Customer => {
    const c = customers.find(id);
    if (!c) throw new ControlError('not_found', `Unknown customer ${id}`);
    return c;
  };
  const snap = (c: Customer) => snapshot(c, customers.displayName(c));
  function waitFor(type: SimEventType, timeoutMs = 5000, filter?: (e: never) => boolean): Promise<SimEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        customers.events.off(type, listener);
        reject(new Error(`waitFor(${type}) timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (e: SimEvent) => {
        if (filter && !filter(e as never)) return;
        clearTimeout(timer);
        customers.events.off(type, listener);
        resolve(e);
      };
      customers.events.on(type, listener);
    });
  }
  return {
    createCustomer: (c) => snap(customers.create({ ...c, online: true })),
    customers: () => customers.list().map(snap),
    customer: (id) => snap(get(id)),
    received: (id) =>
      snap(get(id)).messages.filter(
        (m) => m.role === 'appMaker' && m.delivery !== 'failed' && m.delivery !== 'pending',
      ),
    say: (id, text) => aggregator.customerSends(get(id), { type: 'text', text }),
    tap: (id, messageId, actionId) => {
      try {
        return aggregator.customerTaps(get(id), messageId, actionId);
      } catch (err) {
        if (err instanceof ControlError) throw err;
        throw new ControlError('not_found', `No button ${actionId} on message ${messageId}`);
      }
    },
    shareLocation: (id) => aggregator.customerShareLocation(get(id)),
    sendMedia: (id, media) => aggregator.customerSends(get(id), media),
    typing: (id, on) => aggregator.customerTyping(get(id), on),
    read: (id) => aggregator.customerReads(get(id)),
    age: (id, hours) => aggregator.age(get(id), hours),
    fail: ({ status, count, retryAfterSeconds }) => {
      faults.fail = { status, remaining: count ?? Infinity, retryAfterSeconds };
    },
    slow: (ms) => {
      faults.slowMs = ms;
    },
    duplicateWebhooks: (on) => {
      faults.duplicateWebhooks = on;
    },
    offline: (on) => {
      faults.offline = on;
      if (!on) sender.flush();
    },
    reset: (stage, count = 1) => {
      faults.reset = { stage, remaining: count };
    },
    clearFaults: () => {
      Object.assign(faults, noFaults());
      sender.flush();
    },
    faults: () => ({ ...faults }),
    webhooks: () => [...webhookLog],
    waitFor: waitFor as AggregatorControl['waitFor'],
    events: customers.events,
  };
}
