import type { Author } from '@parley/protocol';
import { LitElement, html } from 'lit';
import { property } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { sharedStyles } from '../shared.styles.js';
import { typingIndicatorStyles } from './typing-indicator.styles.js';

/**
 * @summary "Maria is typing…" with three animated dots (still under prefers-reduced-motion).
 * @csspart typing - The indicator.
 */
export class ParleyTypingIndicator extends LitElement {
  static override styles = [sharedStyles, typingIndicatorStyles];
  private readonly l10n = new LocalizeController(this);

  @property({ attribute: false }) author: Author | undefined;

  override render() {
    const name = this.author?.name;
    return html`<span class="dots" aria-hidden="true" part="typing"><span></span><span></span><span></span></span>
      <span>${name ? this.l10n.t('typing.someone', { name }) : this.l10n.t('typing.anon')}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-typing-indicator': ParleyTypingIndicator;
  }
}
