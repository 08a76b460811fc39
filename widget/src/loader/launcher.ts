/**
 * The launcher the loader paints at once, in plain DOM (no Lit), so the button is on screen before
 * the boot chunk and Lit have even been fetched. It is the real <parley-chat> host: the same open
 * shadow root, parts (`launcher`, `launcher-button`, `badge`), accessible name, CSS custom
 * properties and position, styled by the very same CSS text through a constructable stylesheet
 * (CSP-safe: no style attributes, no <style> elements). When boot defines <parley-chat> the element
 * upgrades in place and ParleyChat swaps this content for its own render in the same task (no
 * flash, no layout shift), moving focus to the real button if this one had it.
 */
import { hostCss } from '../components/chat/host-css.js';
import { CHAT_ICON } from '../components/launcher/icons.js';
import { launcherCss } from '../components/launcher/launcher-css.js';
import { sharedCss } from '../components/shared-css.js';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Creates the <parley-chat> host showing the launcher; `activate` runs on click. Labels are the English ones of
 * i18n/en.ts (launcher.open, launcher.unread); the real component localises them when it takes over.
 */
export function paintLauncher(
  data: Readonly<Record<string, string | undefined>>,
  activate: (button: HTMLButtonElement) => void,
): HTMLElement {
  const host = document.createElement('parley-chat');
  host.setAttribute('position', data['position'] === 'left' ? 'left' : 'right');
  host.setAttribute('theme', data['theme'] === 'dark' || data['theme'] === 'light' ? data['theme'] : 'auto');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`${hostCss}${sharedCss}span[part=launcher]{display:inline-block}${launcherCss}`);
  root.adoptedStyleSheets = [sheet];
  const wrap = document.createElement('span');
  wrap.setAttribute('part', 'launcher');
  const button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('part', 'launcher-button');
  button.setAttribute('aria-label', 'Open chat');
  button.setAttribute('aria-expanded', 'false');
  const icon = document.createElementNS(SVG, 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', CHAT_ICON);
  icon.append(path);
  button.append(icon);
  button.addEventListener('click', () => activate(button));
  wrap.append(button);
  root.append(wrap);
  return host;
}

/**
 * The unread badge (as the real launcher shows it), added once the saved state has been read: that read waits until
 * the launcher is on screen, since the first localStorage access of a page is a synchronous trip to the browser
 * process (measured: 1.5 ms at 1x CPU, 17.6 ms at 4x).
 */
export function showUnread(host: HTMLElement, unread: number): void {
  const button = host.shadowRoot?.querySelector('button');
  if (!button || unread <= 0) return;
  button.setAttribute('aria-label', `Open chat, ${unread} unread`);
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.setAttribute('part', 'badge');
  badge.setAttribute('aria-hidden', 'true');
  badge.textContent = unread > 99 ? '99+' : String(unread);
  button.append(badge);
}
