import { EventEmitter } from 'node:events';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import type { Channel } from './channels.js';
import type { StoredMessage } from './content.js';
import type { SimEvent } from './events.js';

export interface Customer {
  /** Smooch appUser `_id` (v1.1) and v2 user `id`. */
  id: string;
  /** v1.1 `userId` / v2 `externalId`. */
  externalId: string;
  conversationId: string;
  clientId: string;
  channel: Channel;
  givenName: string;
  surname: string;
  /** WhatsApp: E.164 with the plus. */
  phone?: string | undefined;
  /** The app's language for this user (a BCP 47 tag), as the channel's profile gives it [en-US]. */
  locale?: string | undefined;
  signedUpAt: number;
  /** The channel's timestamp of the customer's last message: the 24-hour windows run from here. */
  lastCustomerMessageAt?: number | undefined;
  /** A phone page is open for this customer: delivery to the device is reported at once. */
  online: boolean;
  messages: StoredMessage[];
  /** Messages waiting for the device (delivered when a page connects). */
  undelivered: string[];
}

export interface NewCustomer {
  channel: Channel;
  name: string;
  phone?: string | undefined;
  locale?: string | undefined;
  online?: boolean | undefined;
}

/** The simulated customers (app users), each with one conversation on one channel. */
export class Customers {
  readonly events = new EventEmitter();
  private readonly byId = new Map<string, Customer>();
  /** One integration per channel, as an app has one WhatsApp number, one Page, one X account. */
  readonly integrations: Record<Channel, string> = { whatsapp: newId(), messenger: newId(), twitter: newId() };

  constructor(private readonly clock: Clock) {
    this.events.setMaxListeners(0);
  }

  create({ channel, name, phone, locale, online = false }: NewCustomer): Customer {
    const [givenName = name, ...rest] = name.trim().split(/\s+/);
    const id = newId();
    const customer: Customer = {
      id,
      externalId: channel === 'whatsapp' && phone ? phone.slice(1) : `${channel}-${id.slice(-8)}`,
      conversationId: newId(),
      clientId: newId(),
      channel,
      givenName,
      surname: rest.join(' '),
      phone,
      locale,
      signedUpAt: this.clock.now(),
      online,
      messages: [],
      undelivered: [],
    };
    this.byId.set(id, customer);
    this.emit({ type: 'customer_created', at: this.clock.now(), customerId: id });
    return customer;
  }

  /** By appUser id or by userId/externalId, as the API's `{appUserId|userId}` path segment allows. */
  find(idOrExternalId: string): Customer | undefined {
    const direct = this.byId.get(idOrExternalId);
    if (direct) return direct;
    for (const c of this.byId.values()) if (c.externalId === idOrExternalId) return c;
    return undefined;
  }

  byConversation(conversationId: string): Customer | undefined {
    for (const c of this.byId.values()) if (c.conversationId === conversationId) return c;
    return undefined;
  }

  list(): Customer[] {
    return [...this.byId.values()];
  }

  displayName(c: Customer): string {
    return [c.givenName, c.surname].filter(Boolean).join(' ');
  }

  message(c: Customer, id: string): StoredMessage | undefined {
    return c.messages.find((m) => m.id === id);
  }

  emit(event: SimEvent): void {
    this.events.emit('event', event);
    this.events.emit(event.type, event);
  }
}
