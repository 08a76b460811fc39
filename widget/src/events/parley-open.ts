/** Fired when the chat panel opens. Cancelable: preventDefault() keeps it closed. */
export class ParleyOpenEvent extends Event {
  readonly detail: { readonly source: 'user' | 'api' | 'restore' };

  constructor(detail: { readonly source: 'user' | 'api' | 'restore' }) {
    super('parley-open', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'parley-open': ParleyOpenEvent;
  }
}
