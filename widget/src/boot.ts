/**
 * The first ES module chunk, imported by the loader (parley.js): registers <parley-chat> and
 * <parley-launcher>, mounts the widget, installs window.Parley and replays calls made before it
 * was ready. Everything else is in the lazy panel chunk.
 */
import { createApi, type ParleyApi, type QueuedCall } from './api/parley-api.js';
import { ParleyChat } from './components/chat/chat.js';
import { ParleyLauncher } from './components/launcher/launcher.js';
import { define } from './define.js';
import { readOptions } from './options.js';

export interface BootContext {
  /** The loader script's absolute URL. */
  scriptSrc: string;
  /** The loader script's data- attributes. */
  data: Record<string, string | undefined>;
  /** Calls made on the stub before boot. */
  queue: QueuedCall[];
  /** The visitor clicked the loader's launcher before boot: open the panel now. */
  clicked?: boolean;
}

declare global {
  interface Window {
    Parley?: ParleyApi;
  }
  interface WindowEventMap {
    'parley-ready': CustomEvent<ParleyApi>;
  }
}

/** Mounts the widget once per page. */
export function boot(ctx: BootContext): ParleyApi {
  // The loader normally painted <parley-chat> already (not yet upgraded): give it its options
  // before define() upgrades it, since connectedCallback reads them.
  let el = document.querySelector('parley-chat');
  if (el) el.options ??= readOptions(ctx.data, ctx.scriptSrc);
  define('parley-launcher', ParleyLauncher);
  define('parley-chat', ParleyChat);
  if (!el) {
    el = document.createElement('parley-chat');
    el.options = readOptions(ctx.data, ctx.scriptSrc);
    document.body.append(el);
  }
  if (ctx.clicked) void el.updateComplete.then(() => el.open || el.show('user'));
  const api = createApi(el);
  window.Parley = api;
  for (const [method, args, resolve] of ctx.queue) {
    const result = (api[method] as (...a: unknown[]) => unknown)(...args);
    resolve?.(result);
  }
  dispatchEvent(new CustomEvent('parley-ready', { detail: api }));
  return api;
}
