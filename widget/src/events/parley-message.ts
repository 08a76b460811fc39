import type { Message } from '@parley/protocol';

/** Fired for every new message from the bot, an agent or the system (not for replays of known messages). */
export class ParleyMessageEvent extends Event {
  readonly detail: { readonly message: Message };

  constructor(detail: { readonly message: Message }) {
    super('parley-message', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'parley-message': ParleyMessageEvent;
  }
}
