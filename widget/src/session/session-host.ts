import type { ReactiveControllerHost } from 'lit';
import type { ParleyConnectionChangeEvent } from '../events/parley-connection-change.js';
import type { ParleyEscalateEvent } from '../events/parley-escalate.js';
import type { ParleyMessageSendEvent } from '../events/parley-message-send.js';
import type { ParleyMessageEvent } from '../events/parley-message.js';
import type { WidgetOptions } from '../options.js';

/** The public events a session fires on its host. */
export type SessionEvent =
  ParleyMessageEvent | ParleyMessageSendEvent | ParleyConnectionChangeEvent | ParleyEscalateEvent;

/**
 * What a ChatSession needs from the element that hosts it (<parley-chat>): a Lit controller host to
 * re-render and run the socket, the settings, whether the visitor can see the panel, a target for the
 * public `parley-*` events, and the launcher's unread badge. Keeping it this small lets the session be
 * tested without the element, and keeps the lazy chunk from depending on the root element's module.
 */
export interface SessionHost extends ReactiveControllerHost {
  readonly options: Pick<WidgetOptions, 'server' | 'locale'>;
  /** Whether the panel is open (the visitor may be reading the transcript). */
  readonly open: boolean;
  /** Returns false when a listener cancelled the event. */
  dispatchEvent(event: SessionEvent): boolean;
  setUnread(count: number): void;
}
