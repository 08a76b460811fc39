import type { Action, DeliveryError, StoredMessage } from '../model/content.js';
import type { Customer } from '../model/customers.js';

/** A webhook to send, before it is shaped into the v1.1 or v2 envelope. */
export type Hook =
  | { kind: 'message'; customer: Customer; message: StoredMessage }
  | { kind: 'postback'; customer: Customer; message: StoredMessage; action: Action }
  | { kind: 'typing'; customer: Customer; on: boolean }
  | { kind: 'read'; customer: Customer }
  | {
      kind: 'delivery';
      customer: Customer;
      message: StoredMessage;
      status: 'channel' | 'user' | 'failure';
      error?: DeliveryError | undefined;
      isFinal: boolean;
    };

/** What the envelopes need besides the hook. */
export interface WireContext {
  appId: string;
  integrationId(customer: Customer): string;
  now: number;
}

/** "+447400123456" as WhatsApp shows it: "+44 7400 123456" (a display, not a parser). */
export function displayPhone(e164: string): string {
  const digits = e164.slice(1);
  if (digits.length < 10) return e164;
  return `+${digits.slice(0, 2)} ${digits.slice(2, 6)} ${digits.slice(6)}`;
}

/** The channel's raw client data: WhatsApp carries the number and profile name, as Smooch's clients do. */
export function rawClient(c: Customer, name: string): Record<string, unknown> {
  switch (c.channel) {
    case 'whatsapp':
      return { from: c.phone?.slice(1), profile: { name } };
    case 'messenger':
      return { id: c.externalId, first_name: c.givenName, last_name: c.surname };
    case 'twitter':
      return { id_str: c.externalId, name, screen_name: c.givenName.toLowerCase() };
  }
}

export function customerName(c: Customer): string {
  return [c.givenName, c.surname].filter(Boolean).join(' ');
}

/** Drop undefined fields so payloads carry only what is set (as the real API does). */
export function compact<T extends Record<string, unknown>>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
