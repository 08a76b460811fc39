import { LitElement, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import type { SessionApi } from '../../session/session-api.js';
import { sharedStyles } from '../shared.styles.js';
import { composerStyles } from './composer.styles.js';

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
    return html`<form part="composer" @submit=${this.handleSubmit}>
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
