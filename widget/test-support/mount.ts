/** Mounts a real <parley-chat> against the test peer (real socket, real lazy panel chunk). */
import { fixture, html } from '@open-wc/testing';
import type { ParleyChat } from '../src/components/chat/chat.js';
import { ParleyChat as ChatClass } from '../src/components/chat/chat.js';
import { ParleyLauncher } from '../src/components/launcher/launcher.js';
import type { ParleyPanel } from '../src/components/panel/panel.js';
import { define } from '../src/define.js';
import type { WidgetOptions } from '../src/options.js';
import { peerScope } from './peer-client.js';
import { chatSignals, whenOnline } from './chat-signals.js';
import { whenTrue } from './wait.js';

define('parley-launcher', ParleyLauncher);
define('parley-chat', ChatClass);

export { chatSignals, whenOnline };

interface Updatable extends Element {
  updateComplete: Promise<boolean>;
}

/** Waits until every Lit element under `root` (shadow roots included) has rendered what it was told. */
export async function settleTree(root: ParentNode): Promise<void> {
  for (const node of root.querySelectorAll('*')) {
    if ('updateComplete' in node) await (node as Updatable).updateComplete;
    if (node.shadowRoot) await settleTree(node.shadowRoot);
  }
}

export async function mountChat(options: Partial<WidgetOptions> = {}) {
  const peer = await peerScope();
  const opts: WidgetOptions = {
    server: peer.server,
    locale: 'en',
    position: 'right',
    open: false,
    theme: 'auto',
    ...options,
  };
  const el = await fixture<ParleyChat>(html`<parley-chat .options=${opts}></parley-chat>`);
  const panel = () => el.shadowRoot!.querySelector('parley-panel')!;
  const list = () => panel().shadowRoot!.querySelector('parley-message-list')!;
  const messages = () => [...list().shadowRoot!.querySelectorAll('parley-message')];
  /** Lets every element of the widget render what it was told. */
  const settle = async () => {
    await el.updateComplete;
    await settleTree(el.shadowRoot!);
  };
  /**
   * Resolves with `check()`'s value once truthy: checked after the widget has rendered, at once and
   * after each thing the widget announces (store changes, connection, open state, unread count).
   */
  const when = <T>(check: () => T, what: string, ms?: number) =>
    whenTrue(
      () => chatSignals(el),
      async () => {
        await settle();
        return check();
      },
      what,
      ms,
    );
  /** Opens the panel and waits until the session is online and the panel has rendered. */
  const open = async (): Promise<ParleyPanel> => {
    await el.show('user');
    await whenOnline(el);
    await settle();
    return panel();
  };
  return { el, peer, opts, panel, list, messages, open, frame: peer.frame, settle, when };
}

/** Text content of a shadow root (or element), whitespace collapsed. */
export function textOf(node: Element | ShadowRoot | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
