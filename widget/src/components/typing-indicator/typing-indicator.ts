import type { Author } from '@parley/protocol';
import { LitElement, css, html } from 'lit';
import { property } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { sharedStyles } from '../shared.styles.js';

/**
 * @summary "Maria is typing…" with three animated dots (still under prefers-reduced-motion).
 * @csspart typing - The indicator.
 */
export class ParleyTypingIndicator extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        align-items: center;
        gap: 8px;
        color: var(--_muted);
        font-size: 0.85em;
      }
      .dots {
        display: inline-flex;
        gap: 3px;
      }
      .dots span {
        width: 6px;
        height: 6px;
        border-radius: 50%;
        background: currentColor;
        animation: blink 1.2s infinite ease-in-out;
      }
      .dots span:nth-child(2) {
        animation-delay: 0.2s;
      }
      .dots span:nth-child(3) {
        animation-delay: 0.4s;
      }
      @keyframes blink {
        0%,
        80%,
        100% {
          opacity: 0.25;
        }
        40% {
          opacity: 1;
        }
      }
    `,
  ];
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
