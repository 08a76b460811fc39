import { LitElement, html } from 'lit';
import { property, query } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { sharedStyles } from '../shared.styles.js';
import { imageViewerStyles } from './image-viewer.styles.js';

/**
 * @summary An image at full size in a modal dialog: the rest of the page is inert while it is open (focus
 * stays inside), Escape or the Close button closes it, and focus goes back to what opened it.
 */
export class ParleyImageViewer extends LitElement {
  static override styles = [sharedStyles, imageViewerStyles];
  private readonly l10n = new LocalizeController(this);

  @property() src = '';
  @property() alt = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  private opener: HTMLElement | undefined;

  /** Shows the dialog; `opener` gets focus back when it closes. */
  async show(opener: HTMLElement): Promise<void> {
    this.opener = opener;
    await this.updateComplete;
    this.dialog.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>('.close')?.focus();
  }

  private readonly handleClose = (): void => {
    this.opener?.focus();
    this.remove();
  };

  /** Escape closes this dialog only: the chat around it would otherwise take it as "close the chat". */
  private readonly handleKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') event.stopPropagation();
  };

  override render() {
    return html`<dialog aria-label=${this.alt} @close=${this.handleClose} @keydown=${this.handleKeydown}>
      <img src=${this.src} alt=${this.alt} referrerpolicy="no-referrer" />
      <button type="button" class="close" @click=${() => this.dialog.close()}>${this.l10n.t('viewer.close')}</button>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-image-viewer': ParleyImageViewer;
  }
}
