/**
 * parley.js: the classic script a site embeds. It stays tiny: it reads its own data- attributes,
 * installs a `window.Parley` stub that queues calls, and imports the boot chunk (hashed file name,
 * resolved next to this script). A second copy of the script on the page does nothing.
 */
import type { BootContext } from '../boot.js';

declare const __PARLEY_BOOT__: string;
declare const __PARLEY_PRELOAD__: string[];

(() => {
  const w = window as unknown as { Parley?: unknown };
  const script = document.currentScript as HTMLScriptElement | null;
  if (w.Parley || !script?.src) return;
  const queue: BootContext['queue'] = [];
  const stub: Record<string, unknown> = {};
  for (const method of ['open', 'close', 'toggle', 'send', 'setUser'] as const) {
    stub[method] = (...args: unknown[]) => new Promise((resolve) => queue.push([method, args, resolve]));
  }
  stub['on'] = (...args: unknown[]) => {
    let off: (() => void) | undefined;
    let cancelled = false;
    queue.push(['on', args, (unsubscribe) => (cancelled ? (unsubscribe as () => void)() : (off = unsubscribe as () => void))]);
    return () => (off ? off() : (cancelled = true));
  };
  w.Parley = stub;
  for (const chunk of __PARLEY_PRELOAD__) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = new URL(chunk, script.src).href;
    document.head.append(link);
  }
  const start = () =>
    import(new URL(__PARLEY_BOOT__, script.src).href).then((m: { boot(ctx: BootContext): unknown }) =>
      m.boot({ scriptSrc: script.src, data: { ...script.dataset }, queue }),
    );
  if (document.body) void start();
  else addEventListener('DOMContentLoaded', () => void start(), { once: true });
})();
