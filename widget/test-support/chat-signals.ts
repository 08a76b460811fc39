/**
 * Waits on what <parley-chat> announces. Imports only types, so tests of the BUILT bundle (whose
 * element is defined by the bundle, not by these sources) can use it too.
 */
import type { ParleyChat } from '../src/components/chat/chat.js';
import { whenTrue, type Signal } from './wait.js';

/** Everything <parley-chat> announces about its session, connection and panel. */
const CHAT_EVENTS = [
  'parley-session-ready',
  'parley-connection-change',
  'parley-open',
  'parley-close',
  'parley-unread',
];

/** Events on `el`, and once the panel chunk has loaded, every change of the conversation store. */
export function chatSignals(el: ParleyChat): Signal[] {
  const signals: Signal[] = CHAT_EVENTS.map((type) => [el, type]);
  if (el.session) signals.push([el.session.store, 'change']);
  return signals;
}

/** Resolves once `el` (a <parley-chat>, also one defined by the built bundle) has a session that is online. */
export function whenOnline(el: ParleyChat, what = 'online', ms?: number): Promise<boolean> {
  return whenTrue(
    () => chatSignals(el),
    () => el.session?.connectionState === 'online',
    what,
    ms,
  );
}
