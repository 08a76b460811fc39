/** Widget settings, read from the script tag's data- attributes (or set on <parley-chat> directly). */
export interface WidgetOptions {
  /** Origin (optionally with a base path) of the Parley server; the socket is `<server>/ws`. Default: the script's origin. */
  server: string;
  /** BCP 47 locale for the widget strings; default: the page's `<html lang>`, then the browser's. */
  locale: string;
  /** Panel title; default: the localized "Chat with us". */
  title?: string;
  /** A greeting shown at the top of an empty conversation (plain text). */
  welcome?: string;
  /** Which bottom corner the launcher sits in. */
  position: 'left' | 'right';
  /** Open the panel on load (only the first time; the visitor's choice is remembered after). */
  open: boolean;
  /** Colour scheme: follow the OS (`auto`) or force `light` / `dark`. */
  theme: 'light' | 'dark' | 'auto';
}

/** Reads `data-*` attributes (as in `script.dataset`) into options, ignoring unknown or malformed values. */
export function readOptions(data: Readonly<Record<string, string | undefined>>, scriptSrc: string): WidgetOptions {
  const server = normaliseServer(data['server'], scriptSrc);
  const options: WidgetOptions = {
    server,
    locale: data['locale'] || document.documentElement.lang || navigator.language || 'en',
    position: data['position'] === 'left' ? 'left' : 'right',
    open: data['open'] === '' || data['open'] === 'true',
    theme: data['theme'] === 'dark' || data['theme'] === 'light' ? data['theme'] : 'auto',
  };
  if (data['title']) options.title = data['title'].slice(0, 80);
  if (data['welcome']) options.welcome = data['welcome'].slice(0, 1000);
  return options;
}

/** The server base URL from `data-server` (default: the script origin), origin + path without a trailing slash. */
export function normaliseServer(value: string | undefined, scriptSrc: string): string {
  try {
    const url = new URL(value || new URL(scriptSrc).origin, scriptSrc);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('scheme');
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return new URL(scriptSrc).origin;
  }
}

/** The WebSocket URL for a server base URL (`https://x/base` -> `wss://x/base/ws`). */
export function socketUrl(server: string): string {
  return `${server.replace(/^http/, 'ws')}/ws`;
}
