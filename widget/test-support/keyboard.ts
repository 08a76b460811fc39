/** Keyboard helpers for browser tests: real key presses (test-runner-commands), focus read through shadow roots. */
import { sendKeys } from '@web/test-runner-commands';
import { whenTrue, type Signal } from './wait.js';

/** The element that really has focus, looked up through open shadow roots. */
export function deepActive(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** A short description of the focused element, for failure messages. */
export function describeFocus(): string {
  const el = deepActive();
  if (!el) return 'nothing';
  return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
}

/** Resolves once `check(deepActive())` holds: checked at once and after each focus change and `signals` event. */
export function whenFocused(check: (el: Element | null) => boolean, what: string, signals: () => Signal[] = () => []) {
  return whenTrue(
    () => [[document, 'focusin'] as const, ...signals()],
    () => check(deepActive()),
    `focus on ${what} (focus is on ${describeFocus()})`,
  );
}

/** Presses Tab (or Shift+Tab) until `check` holds for the focused element; fails after `max` presses. */
export async function tabTo(check: (el: Element) => boolean, what: string, back = false, max = 40): Promise<Element> {
  for (let i = 0; i < max; i++) {
    const el = deepActive();
    if (el && check(el)) return el;
    if (back) await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    if (back) await sendKeys({ up: 'Shift' });
  }
  throw new Error(`${what} not reached with ${back ? 'Shift+Tab' : 'Tab'} (focus is on ${describeFocus()})`);
}

/** A button whose text (or accessible label) is `label`. */
export const buttonNamed =
  (label: string) =>
  (el: Element | null): boolean =>
    el?.tagName === 'BUTTON' && (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() === label;
