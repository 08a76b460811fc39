import { unsafeCSS } from 'lit';
import { sharedCss } from './shared-css.js';

/** {@link sharedCss} for Lit components. */
export const sharedStyles = unsafeCSS(sharedCss);
