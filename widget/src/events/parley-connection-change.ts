import type { ConnectionState } from '../state/connection-state.js';

/** Fired when the connection state changes (connecting, online, reconnecting, offline, failed). */
export class ParleyConnectionChangeEvent extends Event {
  readonly detail: { readonly state: ConnectionState };

  constructor(detail: { readonly state: ConnectionState }) {
    super('parley-connection-change', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'parley-connection-change': ParleyConnectionChangeEvent;
  }
}
