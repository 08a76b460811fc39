import type { ParleyChat } from '../components/chat/chat.js';

/** Identity hints for the conversation (unverified; shown to the agent as given). */
export interface ParleyUser {
  name?: string;
  email?: string;
  phone?: string;
}

/** Event names accepted by Parley.on(). */
export type ParleyEventName =
  | 'parley-open'
  | 'parley-close'
  | 'parley-message'
  | 'parley-message-send'
  | 'parley-escalate'
  | 'parley-connection-change'
  | 'parley-unread';

/** The page's handle on the widget: `window.Parley`. */
export interface ParleyApi {
  readonly version: string;
  open(): Promise<boolean>;
  close(): void;
  toggle(): Promise<boolean>;
  /** Sends text as the visitor (opens nothing; loads the conversation if needed). */
  send(text: string): Promise<boolean>;
  setUser(user: ParleyUser): void;
  /** Subscribes to a `parley-*` event; returns the unsubscribe function. */
  on<K extends ParleyEventName>(name: K, handler: (event: GlobalEventHandlersEventMap[K]) => void): () => void;
}

/** Calls made on the loader's stub before the widget was ready, replayed in order. */
export type QueuedCall = [method: keyof ParleyApi, args: unknown[], resolve?: (v: unknown) => void];

export const VERSION = '0.1.0';

/** Builds the API object for one mounted <parley-chat>. */
export function createApi(el: ParleyChat): ParleyApi {
  let user: ParleyUser | undefined;
  const api: ParleyApi = {
    version: VERSION,
    open: () => el.show('api'),
    close: () => el.hide('api'),
    toggle: () => (el.open ? (el.hide('api'), Promise.resolve(false)) : el.show('api')),
    async send(text) {
      const session = await el.ensureSession();
      return session?.sendText(String(text)) ?? false;
    },
    setUser(next) {
      user = { ...user, ...pick(next) };
      el.session?.setUser(user);
      if (!el.session) void el.ensureSession().then((s) => s?.setUser(user ?? {}));
    },
    on(name, handler) {
      const listener = handler as EventListener;
      el.addEventListener(name, listener);
      return () => el.removeEventListener(name, listener);
    },
  };
  return api;
}

function pick(u: ParleyUser): ParleyUser {
  const out: ParleyUser = {};
  if (typeof u?.name === 'string') out.name = u.name.slice(0, 100);
  if (typeof u?.email === 'string') out.email = u.email.slice(0, 254);
  if (typeof u?.phone === 'string') out.phone = u.phone.slice(0, 32);
  return out;
}
