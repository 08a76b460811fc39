import { LitElement, html, svg } from 'lit';
import { property } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { sharedStyles } from '../shared.styles.js';
import { launcherStyles } from './launcher.styles.js';

const chatIcon = svg`<path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/>`;
const closeIcon = svg`<path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z"/>`;

/**
 * @summary The round button that opens and closes the chat, with an unread badge.
 * @csspart button - The button.
 * @csspart badge - The unread count.
 * @cssproperty --parley-launcher-size - Diameter (56px).
 * @cssproperty --parley-badge-color - Badge background.
 */
export class ParleyLauncher extends LitElement {
  static override styles = [sharedStyles, launcherStyles];
  private readonly l10n = new LocalizeController(this);

  /** Whether the panel is open (switches the icon and aria-expanded). */
  @property({ type: Boolean }) open = false;
  /** Unread messages; the badge shows when > 0. */
  @property({ type: Number }) unread = 0;
  /** Whether the panel failed to load (the label then says so and a click retries). */
  @property({ type: Boolean }) failed = false;
  /** Busy while the panel loads. */
  @property({ type: Boolean }) busy = false;

  /** Moves keyboard focus to the button (used when the panel closes). */
  override focus(): void {
    this.renderRoot.querySelector('button')?.focus();
  }

  override render() {
    const label = this.failed ? this.l10n.t('launcher.loadFailed') : this.l10n.t(this.open ? 'launcher.close' : 'launcher.open');
    const unread = this.unread > 0 && !this.open ? this.l10n.t('launcher.unread', { count: this.unread }) : '';
    return html`<button
      part="button"
      type="button"
      aria-label=${unread ? `${label}, ${unread}` : label}
      aria-expanded=${this.open ? 'true' : 'false'}
      aria-busy=${this.busy ? 'true' : 'false'}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">${this.open ? closeIcon : chatIcon}</svg>
      ${unread ? html`<span class="badge" part="badge" aria-hidden="true">${this.unread > 99 ? '99+' : this.unread}</span>` : null}
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-launcher': ParleyLauncher;
  }
}
