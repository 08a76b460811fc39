/**
 * Loads the BUILT parley.js from the test peer behind a gate that holds the boot chunk until
 * release(): what a visitor sees on a slow network before boot arrives.
 */
import { peerScope } from './peer-client.js';

export async function loadGatedWidget(data: Record<string, string> = {}) {
  const peer = await peerScope();
  const origin = new URL(peer.server).origin;
  const gate = `g${Math.random().toString(36).slice(2)}`;
  const script = document.createElement('script');
  script.src = `${origin}/gated/${gate}/dist/parley.js`;
  Object.assign(script.dataset, { server: peer.server, ...data });
  const loaded = new Promise((resolve) => script.addEventListener('load', resolve, { once: true }));
  document.body.append(script);
  await loaded;
  const host = document.querySelector('parley-chat')!;
  const ready = new Promise<void>((resolve) => addEventListener('parley-ready', () => resolve(), { once: true }));
  return {
    peer,
    host,
    /** The launcher button as painted by the loader. */
    button: host.shadowRoot!.querySelector('button')!,
    /** Resolves once the boot chunk has been asked for and the server is holding it. */
    held: async () => {
      await fetch(`${origin}/gated/${gate}/held`);
    },
    /** Lets the held chunks through; resolves once boot has run (parley-ready). */
    release: async () => {
      await fetch(`${origin}/gated/${gate}/open`, { method: 'POST' });
      await ready;
    },
  };
}
