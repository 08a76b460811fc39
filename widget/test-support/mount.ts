/** Mounts a real <parley-chat> against the test peer (real socket, real lazy panel chunk). */
import { fixture, html } from '@open-wc/testing';
import type { ParleyChat } from '../src/components/chat/chat.js';
import { ParleyChat as ChatClass } from '../src/components/chat/chat.js';
import { ParleyLauncher } from '../src/components/launcher/launcher.js';
import type { ParleyMessageList } from '../src/components/message-list/message-list.js';
import type { ParleyPanel } from '../src/components/panel/panel.js';
import { define } from '../src/define.js';
import type { WidgetOptions } from '../src/options.js';
import { peerScope, until } from './peer-client.js';

define('parley-launcher', ParleyLauncher);
define('parley-chat', ChatClass);

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
  const panel = () => el.shadowRoot!.querySelector('parley-panel') as ParleyPanel;
  const list = () => panel().shadowRoot!.querySelector('parley-message-list') as ParleyMessageList;
  const messages = () => [...list().shadowRoot!.querySelectorAll('parley-message')];
  /** Opens the panel and waits until the session is online. */
  const open = async () => {
    await el.show('user');
    await until(() => el.session?.connectionState === 'online', 'online');
    await until(() => panel()?.shadowRoot, 'panel rendered');
    return panel();
  };
  /** Waits until the peer has recorded a client frame of `type` matching `match`. */
  const frame = (type: string, match: (f: any) => boolean = () => true) =>
    until(
      async () => ((await peer.control({ action: 'state' })).frames as any[]).find((f) => f.type === type && match(f)),
      `frame ${type}`,
    );
  const settle = async () => {
    await el.updateComplete;
    await panel()?.updateComplete;
    await list()?.updateComplete;
    await Promise.all(messages().map((m) => m.updateComplete));
  };
  return { el, peer, opts, panel, list, messages, open, frame, settle };
}

/** Text content of a shadow root (or element), whitespace collapsed. */
export function textOf(node: Element | ShadowRoot | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
