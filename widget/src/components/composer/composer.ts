import { LitElement, html, nothing, svg } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import type { SessionApi } from '../../session/session-api.js';
import { sharedStyles } from '../shared.styles.js';
import { ParleyAttachEvent } from './attach-event.js';
import { composerStyles } from './composer.styles.js';

const clipIcon = svg`<path d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z"/>`;

/** The counter shows once fewer than this share of the limit is left. */
const COUNTER_FROM = 0.1;

/**
 * @summary Where the visitor types. Enter sends, Shift+Enter adds a line (IME composition is
 * respected); a counter appears near the length limit (the server's `textMaxChars`); typing
 * notifications are throttled; the draft survives reconnects and reloads.
 * @csspart composer - The form.
 */
export class ParleyComposer extends LitElement {
  static override styles = [sharedStyles, composerStyles];
  private readonly l10n = new LocalizeController(this);

  @property({ attribute: false }) session!: SessionApi;
  /** Shows the attach button (the server takes files). */
  @property({ type: Boolean }) attach = false;
  @state() private text = '';
  @query('textarea') private textarea!: HTMLTextAreaElement;

  override connectedCallback(): void {
    super.connectedCallback();
    this.text = this.session.draft;
  }

  /** Focuses the text field. */
  override focus(): void {
    this.textarea?.focus();
  }

  private get max(): number {
    return this.session.store.settings.textMaxChars;
  }

  private readonly handleInput = (event: InputEvent): void => {
    this.text = (event.target as HTMLTextAreaElement).value;
    this.session.draft = this.text;
    this.session.typing(this.text.length > 0);
  };

  private readonly handleKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.handleSubmit(event);
  };

  private readonly handleSubmit = (event: Event): void => {
    event.preventDefault();
    this.submit();
  };

  private readonly handleFile = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    // Cleared so that picking the same file again is a change too.
    input.value = '';
    if (file) this.dispatchEvent(new ParleyAttachEvent(file));
  };

  private submit(): void {
    const text = this.text.trim();
    if (!text || text.length > this.max) return;
    if (!this.session.sendText(text)) return;
    this.text = '';
    this.session.draft = '';
    this.session.typing(false);
    // Keep the keyboard open on mobile: focus stays in the field.
    this.textarea.focus();
  }

  override render() {
    const remaining = this.max - this.text.length;
    const showCounter = remaining <= Math.max(20, this.max * COUNTER_FROM);
    const empty = this.text.trim().length === 0;
    return html`<form part="composer" aria-label=${this.l10n.t('composer.form')} @submit=${this.handleSubmit}>
      ${
        this.attach
          ? html`<input id="file" type="file" hidden @change=${this.handleFile} />
              <button
                class="attach"
                type="button"
                aria-label=${this.l10n.t('composer.attach')}
                title=${this.l10n.t('composer.attach')}
                @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#file')?.click()}
              >
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">${clipIcon}</svg>
              </button>`
          : nothing
      }
      <div class="field">
        <label class="sr-only" for="text">${this.l10n.t('composer.label')}</label>
        <textarea
          id="text"
          rows="1"
          .value=${this.text}
          maxlength=${this.max}
          placeholder=${this.l10n.t('composer.placeholder')}
          aria-describedby=${showCounter ? 'counter' : nothing}
          enterkeyhint="send"
          @input=${this.handleInput}
          @keydown=${this.handleKeydown}
        ></textarea>
        ${
          showCounter
            ? html`<span id="counter" class="counter ${remaining < 0 ? 'over' : ''}" aria-live="polite"
                >${this.l10n.t('composer.remaining', { count: remaining })}</span
              >`
            : nothing
        }
      </div>
      <button type="submit" ?disabled=${empty || remaining < 0}>${this.l10n.t('composer.send')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-composer': ParleyComposer;
  }
}
