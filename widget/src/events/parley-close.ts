/** Fired when the chat panel closes (minimised; the conversation goes on). */
export class ParleyCloseEvent extends Event {
  readonly detail: { readonly source: 'user' | 'api' };

  constructor(detail: { readonly source: 'user' | 'api' }) {
    super('parley-close', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'parley-close': ParleyCloseEvent;
  }
}
