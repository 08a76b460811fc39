import type { CustomerContent } from '@parley/protocol';

/** Fired before the customer sends something. Cancelable: preventDefault() drops it (e.g. to block a card number). */
export class ParleyMessageSendEvent extends Event {
  readonly detail: { readonly content: CustomerContent };

  constructor(detail: { readonly content: CustomerContent }) {
    super('parley-message-send', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'parley-message-send': ParleyMessageSendEvent;
  }
}
