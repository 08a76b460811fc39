import type { Action, CustomerTick, DeliveryError, StoredMessage } from './content.js';

/** Everything that happens in the simulator, for the phone pages, tests (`control.waitFor`) and logs. */
export type SimEvent =
  | { type: 'customer_created'; at: number; customerId: string }
  | { type: 'customer_message'; at: number; customerId: string; message: StoredMessage }
  | { type: 'customer_postback'; at: number; customerId: string; messageId: string; action: Action }
  | { type: 'business_message'; at: number; customerId: string; message: StoredMessage }
  | {
      type: 'delivery';
      at: number;
      customerId: string;
      messageId: string;
      status: 'channel' | 'user' | 'failure';
      error?: DeliveryError | undefined;
    }
  | { type: 'customer_tick'; at: number; customerId: string; messageId: string; tick: CustomerTick }
  | { type: 'business_typing'; at: number; customerId: string; on: boolean }
  | { type: 'webhook'; at: number; attempt: WebhookAttempt };

export type SimEventType = SimEvent['type'];
export type SimEventOf<T extends SimEventType> = Extract<SimEvent, { type: T }>;

/** One POST of a webhook to Parley (or its refusal while offline). */
export interface WebhookAttempt {
  /** Same for every attempt (and duplicate) of one delivery. */
  deliveryId: string;
  trigger: string;
  customerId?: string | undefined;
  attempt: number;
  at: number;
  /** HTTP status, or undefined when the call failed without one (refused, timed out). */
  status?: number | undefined;
  error?: string | undefined;
  outcome: 'delivered' | 'retrying' | 'gave_up';
  body: unknown;
}
