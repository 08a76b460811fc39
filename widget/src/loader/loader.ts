/**
 * parley.js: the classic script a site embeds. It stays tiny: it reads its own data- attributes,
 * installs a `window.Parley` stub that queues calls, paints the launcher at once in plain DOM
 * (loader/launcher.ts), and imports the boot chunk (hashed file name, resolved next to this script)
 * in the background: when the page is idle after load, on intent (hover, focus), on the first click
 * (which then opens the panel as soon as boot has run), or at once when a conversation is to be
 * restored. A second copy of the script on the page does nothing.
 */
import type { BootContext } from '../boot.js';
import { normaliseServer } from '../options.js';
import { storagePrefix } from '../state/storage.js';
import { UI_KEY, type UiState } from '../state/ui-state.js';
import { handOverCss } from './css-handover.js';
import { paintLauncher, showUnread } from './launcher.js';

declare const __PARLEY_BOOT__: string;
declare const __PARLEY_PRELOAD__: string[];

(() => {
  performance.mark('parley:script-start');
  const w = window as unknown as { Parley?: unknown };
  const script = document.currentScript as HTMLScriptElement | null;
  if (w.Parley || !script?.src) return;
  const src = script.src;
  const data = { ...script.dataset };
  const queue: BootContext['queue'] = [];
  const stub: Record<string, unknown> = {};
  for (const method of ['open', 'close', 'toggle', 'send', 'setUser'] as const) {
    stub[method] = (...args: unknown[]) => new Promise((resolve) => (queue.push([method, args, resolve]), start()));
  }
  stub['on'] = (...args: unknown[]) => {
    let off: (() => void) | undefined;
    let cancelled = false;
    queue.push([
      'on',
      args,
      (unsubscribe) => (cancelled ? (unsubscribe as () => void)() : (off = unsubscribe as () => void)),
    ]);
    return () => (off ? off() : (cancelled = true));
  };
  w.Parley = stub;
  let clicked = false;
  let booting: Promise<unknown> | undefined;
  const start = () => {
    if (booting || !document.body) return;
    handOverCss();
    for (const chunk of __PARLEY_PRELOAD__) {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = new URL(chunk, src).href;
      document.head.append(link);
    }
    booting = import(new URL(__PARLEY_BOOT__, src).href).then((m: { boot(ctx: BootContext): unknown }) =>
      m.boot({ scriptSrc: src, data, queue, clicked }),
    );
  };
  let host: HTMLElement | undefined;
  const mount = () => {
    if (!document.querySelector('parley-chat')) {
      host = paintLauncher(data, (button) => {
        clicked = true;
        button.setAttribute('aria-busy', 'true');
        start();
      });
      host.addEventListener('pointerenter', start, { once: true });
      host.addEventListener('focusin', start, { once: true });
      document.body.append(host);
    }
    if (queue.length || data['open'] !== undefined) start();
    // The saved state is read once the launcher is on screen (see showUnread): a frame callback runs just before the
    // frame that paints it, a task queued from there after it. A hidden tab paints no frame: read it at once.
    if (document.visibilityState === 'visible') requestAnimationFrame(() => setTimeout(restore));
    else restore();
  };
  const restore = () => {
    // The shared UI state (state/ui-state.ts), read loosely: ParleyChat validates it when it boots.
    let ui: Partial<UiState> | null = null;
    try {
      ui = JSON.parse(
        localStorage.getItem(storagePrefix(normaliseServer(data['server'], src)) + UI_KEY) ?? 'null',
      ) as Partial<UiState> | null;
    } catch {
      // No storage (sandboxed frame, private mode): nothing to restore.
    }
    // Once boot has begun, the real launcher shows the badge itself.
    if (host && !booting) showUnread(host, Number(ui?.unread) || 0);
    if (ui?.open || ui?.hasConversation) start();
    else {
      const idle = () =>
        'requestIdleCallback' in window ? requestIdleCallback(start, { timeout: 2000 }) : setTimeout(start, 200);
      if (document.readyState === 'complete') idle();
      else addEventListener('load', idle, { once: true });
    }
  };
  if (document.body) mount();
  else addEventListener('DOMContentLoaded', mount, { once: true });
})();
