/**
 * The CSS the loader's launcher and the Lit components share (host tokens, shared rules, launcher),
 * handed from parley.js to the chunks it imports so the text ships once. parley.js calls
 * handOverCss() before importing boot; build.mjs resolves the chunks' imports of
 * components/shared-css, chat/host-css and launcher/launcher-css to css-received.ts, which reads it.
 * Sources and tests use the real modules.
 */
import { hostCss } from '../components/chat/host-css.js';
import { launcherCss } from '../components/launcher/launcher-css.js';
import { sharedCss } from '../components/shared-css.js';

/** Where the CSS is handed over: a registered symbol on window, so no page global is claimed. */
export const CSS_KEY = Symbol.for('parley.css');

/** The handed-over texts, keyed by their module's export name. */
export type SharedCssTexts = { hostCss: string; sharedCss: string; launcherCss: string };

/** Puts the CSS texts where the built chunks read them (see css-received.ts). */
export function handOverCss(): void {
  (window as unknown as Record<symbol, SharedCssTexts>)[CSS_KEY] = { hostCss, sharedCss, launcherCss };
}
