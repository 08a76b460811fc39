/** Fired when the number of unread messages changes (shared by all tabs). */
export class ParleyUnreadEvent extends Event {
  readonly detail: { readonly count: number };

  constructor(detail: { readonly count: number }) {
    super('parley-unread', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'parley-unread': ParleyUnreadEvent;
  }
}
