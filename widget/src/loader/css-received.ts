/**
 * Build-only stand-in for components/shared-css, chat/host-css and launcher/launcher-css in the
 * chunks (see css-handover.ts): reads the texts parley.js handed over instead of shipping them twice.
 */
import type { SharedCssTexts } from './css-handover.js';

const texts = (window as unknown as Record<symbol, SharedCssTexts>)[Symbol.for('parley.css')]!;
export const { hostCss, sharedCss, launcherCss } = texts;
