import { unsafeCSS } from 'lit';
import { launcherCss } from './launcher-css.js';

/** The <parley-launcher> element: an inline box around {@link launcherCss}. */
export const launcherStyles = unsafeCSS(`:host{display:inline-block}${launcherCss}`);
