/** Fired when the conversation is handed to the contact center (chat) or a callback is requested (voice). */
export class ParleyEscalateEvent extends Event {
  readonly detail: { readonly channel: 'chat' | 'voice' };

  constructor(detail: { readonly channel: 'chat' | 'voice' }) {
    super('parley-escalate', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'parley-escalate': ParleyEscalateEvent;
  }
}
