import { LitElement, html } from 'lit';
import { property } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { sharedStyles } from '../shared.styles.js';
import { CHAT_ICON, CLOSE_ICON } from './icons.js';
import { launcherStyles } from './launcher.styles.js';

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
    const label = this.failed
      ? this.l10n.t('launcher.loadFailed')
      : this.l10n.t(this.open ? 'launcher.close' : 'launcher.open');
    const unread = this.unread > 0 && !this.open ? this.l10n.t('launcher.unread', { count: this.unread }) : '';
    return html`<button
      part="button"
      type="button"
      aria-label=${unread ? `${label}, ${unread}` : label}
      aria-expanded=${this.open ? 'true' : 'false'}
      aria-busy=${this.busy ? 'true' : 'false'}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d=${this.open ? CLOSE_ICON : CHAT_ICON}></path></svg>
      ${unread ? html`<span class="badge" part="badge" aria-hidden="true">${this.unread > 99 ? '99+' : this.unread}</span>` : null}
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-launcher': ParleyLauncher;
  }
}
