import type { Clock } from './clock.js';
import { newId } from './ids.js';
import { CAPABILITIES } from './model/channels.js';
import type { Content, StoredMessage } from './model/content.js';
import type { Customer, Customers } from './model/customers.js';
import { deliveryError } from './model/delivery-rules.js';
import type { ApiVersion } from './options.js';
import type { WebhookSender } from './webhooks/sender.js';
import type { Hook, WireContext } from './wire/hooks.js';
import { v1Webhook } from './wire/v1.js';
import { v2Webhook } from './wire/v2.js';

export interface BusinessMeta {
  name?: string | undefined;
  avatarUrl?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
  /** `override.messenger.payload`: carries a Messenger message tag. */
  messengerPayload?: Record<string, unknown> | undefined;
}

const HOUR = 3_600_000;

/**
 * The aggregator's behaviour between the customers' apps and the business: stores messages, applies the channel
 * rules on delivery, posts webhooks in the app's API version and moves the ticks both ways.
 */
export class Aggregator {
  private readonly webhookId = newId();

  constructor(
    readonly customers: Customers,
    private readonly sender: WebhookSender,
    private readonly clock: Clock,
    private readonly app: { appId: string; apiVersion: ApiVersion },
  ) {}

  wire(): WireContext {
    return {
      appId: this.app.appId,
      integrationId: (c) => this.customers.integrations[c.channel],
      now: this.clock.now(),
    };
  }

  /** A customer writes (text, a reply-button tap, a location...): the window reopens and Parley is told. */
  customerSends(customer: Customer, content: Content): StoredMessage {
    const now = this.clock.now();
    const message: StoredMessage = { id: newId(), role: 'appUser', received: now, content, tick: 'sent' };
    customer.messages.push(message);
    customer.lastCustomerMessageAt = now;
    this.customers.emit({ type: 'customer_message', at: now, customerId: customer.id, message });
    this.hook({ kind: 'message', customer, message }, () => {
      if (message.tick !== 'sent') return;
      message.tick = 'delivered';
      this.tick(customer, message);
    });
    return message;
  }

  /** A tap on a button of a business message. Link buttons open on the phone and tell the aggregator nothing. */
  customerTaps(customer: Customer, messageId: string, actionId: string): StoredMessage | undefined {
    const message = this.customers.message(customer, messageId);
    const action = [
      ...(message?.content.actions ?? []),
      ...(message?.content.items ?? []).flatMap((i) => i.actions),
    ].find((a) => a.id === actionId);
    if (!message || !action) throw new Error('No such button');
    switch (action.type) {
      case 'reply':
        return this.customerSends(customer, { type: 'text', text: action.text, payload: action.payload });
      case 'locationRequest':
        return this.customerSends(customer, sampleLocation());
      case 'postback':
        // A postback counts as a customer action for the window (section 4: taps are user messages too).
        customer.lastCustomerMessageAt = this.clock.now();
        this.customers.emit({
          type: 'customer_postback',
          at: this.clock.now(),
          customerId: customer.id,
          messageId,
          action,
        });
        this.hook({ kind: 'postback', customer, message, action });
        return undefined;
      case 'link':
      case 'webview':
      case 'buy':
      case 'share':
        return undefined;
    }
  }

  customerShareLocation(customer: Customer): StoredMessage {
    return this.customerSends(customer, sampleLocation());
  }

  customerTyping(customer: Customer, on: boolean): void {
    this.hook({ kind: 'typing', customer, on });
  }

  customerReads(customer: Customer): void {
    this.hook({ kind: 'read', customer });
  }

  /** Store what the business posted; delivery (and its webhooks) follows via {@link deliver}. */
  businessPosts(customer: Customer, contents: Content[], meta: BusinessMeta): StoredMessage[] {
    return contents.map((content) => {
      const message: StoredMessage = {
        id: newId(),
        role: 'appMaker',
        received: this.clock.now(),
        name: meta.name,
        avatarUrl: meta.avatarUrl,
        metadata: meta.metadata,
        content,
        delivery: 'pending',
      };
      customer.messages.push(message);
      return message;
    });
  }

  /** Hand stored business messages to the channel: failure, or delivered to the channel and then the device. */
  deliver(customer: Customer, messages: StoredMessage[], meta: BusinessMeta): void {
    const caps = CAPABILITIES[customer.channel];
    for (const message of messages) {
      const now = this.clock.now();
      const error = deliveryError(message.content, {
        channel: customer.channel,
        lastCustomerMessageAt: customer.lastCustomerMessageAt,
        now,
        messengerPayload: meta.messengerPayload,
      });
      if (error) {
        message.delivery = 'failed';
        message.error = error;
        this.customers.emit({
          type: 'delivery',
          at: now,
          customerId: customer.id,
          messageId: message.id,
          status: 'failure',
          error,
        });
        this.hook({ kind: 'delivery', customer, message, status: 'failure', error, isFinal: true });
        continue;
      }
      message.delivery = 'channel';
      this.customers.emit({ type: 'business_message', at: now, customerId: customer.id, message });
      this.customers.emit({
        type: 'delivery',
        at: now,
        customerId: customer.id,
        messageId: message.id,
        status: 'channel',
      });
      this.hook({ kind: 'delivery', customer, message, status: 'channel', isFinal: !caps.receipts });
      if (!caps.receipts) continue;
      if (customer.online) this.deliveredToDevice(customer, message);
      else customer.undelivered.push(message.id);
    }
  }

  /** A phone page opened or closed: messages waiting for the device arrive when it is back. */
  setOnline(customer: Customer, online: boolean): void {
    customer.online = online;
    if (!online) return;
    const waiting = customer.undelivered;
    customer.undelivered = [];
    for (const id of waiting) {
      const message = this.customers.message(customer, id);
      if (message) this.deliveredToDevice(customer, message);
    }
  }

  /** Business typing or read activity. Typing shows only where the channel has it; read turns the ticks blue. */
  businessActivity(customer: Customer, type: 'typing:start' | 'typing:stop' | 'conversation:read'): void {
    const now = this.clock.now();
    if (type === 'conversation:read') {
      for (const m of customer.messages) {
        if (m.role !== 'appUser' || m.tick === 'read') continue;
        m.tick = 'read';
        this.tick(customer, m);
      }
      return;
    }
    if (CAPABILITIES[customer.channel].businessTyping) {
      this.customers.emit({ type: 'business_typing', at: now, customerId: customer.id, on: type === 'typing:start' });
    }
  }

  /** Pretend the customer's last message is `hours` old (default 25): closes the 24-hour window. */
  age(customer: Customer, hours = 25): void {
    customer.lastCustomerMessageAt = this.clock.now() - hours * HOUR;
  }

  private deliveredToDevice(customer: Customer, message: StoredMessage): void {
    message.delivery = 'user';
    this.customers.emit({
      type: 'delivery',
      at: this.clock.now(),
      customerId: customer.id,
      messageId: message.id,
      status: 'user',
    });
    this.hook({ kind: 'delivery', customer, message, status: 'user', isFinal: true });
  }

  private tick(customer: Customer, message: StoredMessage): void {
    if (!message.tick) return;
    this.customers.emit({
      type: 'customer_tick',
      at: this.clock.now(),
      customerId: customer.id,
      messageId: message.id,
      tick: message.tick,
    });
  }

  private hook(hook: Hook, onDelivered?: () => void): void {
    const ctx = this.wire();
    const body =
      this.app.apiVersion === 'v2'
        ? v2Webhook(hook, { ...ctx, webhookId: this.webhookId, eventId: newId() })
        : v1Webhook(hook, ctx);
    const trigger =
      this.app.apiVersion === 'v2'
        ? String((body['events'] as Array<{ type: string }>)[0]?.type)
        : String(body['trigger']);
    this.sender.send({ trigger, customerId: hook.customer.id, body, onDelivered });
  }
}

/** The location the phone shares (the pages have no GPS): a fixed point in the demo company's town. */
function sampleLocation(): Content {
  return {
    type: 'location',
    text: 'Location shared:\nhttps://maps.google.com/maps?q=51.5072,-0.1276',
    coordinates: { lat: 51.5072, long: -0.1276 },
    location: { name: 'Shared location', address: 'Trafalgar Square, London' },
  };
}
