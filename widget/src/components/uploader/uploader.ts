import { LitElement, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { currentLang, LocalizeController } from '../../controllers/localize-controller.js';
import type { SessionApi } from '../../session/session-api.js';
import { assertNever } from '../../util/assert-never.js';
import { formatBytes } from '../../util/bytes.js';
import { sharedStyles } from '../shared.styles.js';
import { checkFile } from './check-file.js';
import { uploaderStyles } from './uploader.styles.js';
import { ABORTED, NETWORK, sendFile, type UploadHandle } from './xhr-upload.js';

/** What the uploader shows: nothing, a refusal made before sending, a transfer, or the server's refusal. */
type UploadState =
  | { kind: 'idle' }
  | { kind: 'refused'; name: string; reason: 'tooLarge' | 'type' }
  | { kind: 'uploading'; name: string; loaded: number; total: number }
  | { kind: 'failed'; name: string; code: string };

/**
 * @summary One file on its way: checked before sending (size from the server's `maxBytes`, type), then a progress
 * bar with Cancel, or the refusal in words. Fires `parley-upload-end` when it has nothing left to show, so the
 * panel can put focus back in the composer.
 */
export class ParleyUploader extends LitElement {
  static override styles = [sharedStyles, uploaderStyles];
  private readonly l10n = new LocalizeController(this);

  @property({ attribute: false }) session!: SessionApi;
  @property({ type: Number }) maxBytes = 0;
  @state() private upload: UploadState = { kind: 'idle' };
  @query('button') private button!: HTMLButtonElement | null;
  private handle: UploadHandle | undefined;

  /** Checks `file` and sends it; a file already on its way is cancelled first. */
  async start(file: File): Promise<void> {
    this.handle?.abort();
    const verdict = checkFile(file, this.maxBytes);
    const target = this.session.uploadTarget();
    if (!verdict.ok) return this.show({ kind: 'refused', name: file.name, reason: verdict.reason });
    if (!target) return this.show({ kind: 'failed', name: file.name, code: NETWORK });
    const handle = sendFile(target, file, (loaded, total) => {
      if (this.handle === handle) this.upload = { kind: 'uploading', name: file.name, loaded, total };
    });
    this.handle = handle;
    await this.show({ kind: 'uploading', name: file.name, loaded: 0, total: file.size });
    const outcome = await handle.done;
    if (this.handle !== handle) return;
    this.handle = undefined;
    if (outcome.ok) {
      this.session.receive(outcome.message);
      this.finish();
    } else if (outcome.code !== ABORTED) await this.show({ kind: 'failed', name: file.name, code: outcome.code });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.handle?.abort();
  }

  /** Shows `next` and keeps focus in the uploader if it was there (Cancel becomes Dismiss). */
  private async show(next: UploadState): Promise<void> {
    const hadFocus = this.matches(':focus-within');
    this.upload = next;
    await this.updateComplete;
    if (hadFocus || next.kind === 'uploading') this.button?.focus();
  }

  private finish(): void {
    this.upload = { kind: 'idle' };
    this.dispatchEvent(new Event('parley-upload-end', { bubbles: true, composed: true }));
  }

  private readonly handleCancel = (): void => {
    const handle = this.handle;
    this.handle = undefined;
    handle?.abort();
    this.finish();
  };

  private problem(state: Exclude<UploadState, { kind: 'idle' | 'uploading' }>): string {
    const name = state.name;
    if (state.kind === 'refused')
      return state.reason === 'tooLarge'
        ? this.l10n.t('upload.tooLarge', { name, max: formatBytes(this.maxBytes, currentLang()) })
        : this.l10n.t('upload.type', { name });
    const reason = this.l10n.tDynamic(
      `error.${state.code}`,
      state.code === NETWORK ? 'upload.network' : 'error.generic',
    );
    return this.l10n.t('upload.failed', { name, reason });
  }

  override render() {
    const s = this.upload;
    switch (s.kind) {
      case 'idle':
        return nothing;
      case 'uploading': {
        const percent = s.total ? Math.round((100 * s.loaded) / s.total) : 0;
        return html`<div class="upload" role="group" aria-labelledby="what">
          <span id="what">${this.l10n.t('upload.sending', { name: s.name })}</span>
          <progress max="100" .value=${percent} aria-labelledby="what">${percent}%</progress>
          <button type="button" @click=${this.handleCancel}>${this.l10n.t('action.cancel')}</button>
        </div>`;
      }
      case 'refused':
      case 'failed':
        return html`<div class="upload problem">
          <p role="alert">${this.problem(s)}</p>
          <button type="button" @click=${() => this.finish()}>${this.l10n.t('upload.dismiss')}</button>
        </div>`;
      default:
        return assertNever(s);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-uploader': ParleyUploader;
  }
}
