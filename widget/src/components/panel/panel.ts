import type { ConversationView } from '@parley/protocol';
import { LitElement, html, nothing, svg } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { StoreController } from '../../controllers/store-controller.js';
import type { SessionApi } from '../../session/session-api.js';
import type { UploadSettings } from '../../session/upload-settings.js';
import type { ConnectionState } from '../../state/connection-state.js';
import { assertNever } from '../../util/assert-never.js';
import type { ParleyAttachEvent } from '../composer/attach-event.js';
import { sharedStyles } from '../shared.styles.js';
import { chime, rememberSound, soundWanted, TitleFlash, unlockSound } from './attention.js';
import { FOCUS_REQUEST } from './focus-request.js';
import { panelStyles } from './panel.styles.js';

const minimiseIcon = svg`<path d="M5 11h14v2H5z"/>`;
const soundIcon = svg`<path d="M4 9v6h4l5 4V5L8 9H4zm12.5 3a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4z"/>`;

/**
 * @summary The chat panel: header (title, live status, end chat, minimise), transcript and composer.
 * Renders the conversation status (a closed union) and the connection state exhaustively.
 * @csspart header - The header bar.
 * @csspart status - The status line under the title.
 * @cssproperty --parley-panel-width - Panel width on wide screens (380px).
 * @cssproperty --parley-panel-height - Panel height on wide screens (620px).
 */
export class ParleyPanel extends LitElement {
  static override styles = [sharedStyles, panelStyles];
  private readonly l10n = new LocalizeController(this);
  private readonly storeWatch = new StoreController(this, () => this.session?.store);

  @property({ attribute: false }) session!: SessionApi;
  @property() heading = '';
  /** Greeting shown atop an empty conversation. */
  @property() welcome: string | undefined;
  /**
   * The socket's state, passed down by <parley-chat> (the connection's host), so that a change of
   * connection state alone re-renders the banner.
   */
  @property({ attribute: false }) connection: ConnectionState = 'idle';

  @state() private confirmingEnd = false;
  @state() private uploads: UploadSettings | undefined;
  /** The uploader's chunk has loaded (the first file picked, dropped or pasted). */
  @state() private uploaderLoaded = false;
  /** The after-chat pane's chunk (survey, transcript copy) has loaded: the conversation ended. */
  @state() private afterChatLoaded = false;

  /** Unread messages (from <parley-chat>): while the panel is closed the page title flashes, and a chime may play. */
  @property({ type: Number }) unread = 0;
  /** The visitor turned the chime on (off by default; remembered on this site). */
  @state() private sound = soundWanted();
  private readonly titleFlash = new TitleFlash();

  /** The visitor confirmed End chat: "New chat" takes focus once the server says the conversation ended. */
  private endRequested = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.session.uploadSettings().then((settings) => (this.uploads = settings));
    visualViewport?.addEventListener('resize', this.handleViewport);
    this.handleViewport();
    this.addEventListener(FOCUS_REQUEST, this.handleFocusRequest);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    visualViewport?.removeEventListener('resize', this.handleViewport);
    this.removeEventListener(FOCUS_REQUEST, this.handleFocusRequest);
    this.titleFlash.stop();
  }

  private readonly toggleSound = (): void => {
    this.sound = !this.sound;
    rememberSound(this.sound);
    if (this.sound) unlockSound();
  };

  /** Title and chime follow the unread count while the panel is closed (or the visitor is in another tab). */
  private attend(changed: Map<PropertyKey, unknown>): void {
    const away = this.hidden || document.visibilityState === 'hidden';
    if (this.unread > 0 && away) this.titleFlash.start(this.l10n.t('panel.titleUnread', { count: this.unread }));
    else this.titleFlash.stop();
    const before = changed.get('unread');
    if (this.sound && away && typeof before === 'number' && this.unread > before) chime();
  }

  /** Puts keyboard focus where the visitor goes on: the message field, or "New chat" once the chat has ended. */
  async focusInput(): Promise<void> {
    await this.updateComplete;
    const composer = this.renderRoot.querySelector('parley-composer');
    await composer?.updateComplete;
    if (composer) composer.focus();
    else this.renderRoot.querySelector<HTMLElement>('.new-chat')?.focus();
  }

  private readonly handleFocusRequest = (event: Event): void => {
    event.stopPropagation();
    void this.focusInput();
  };

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    this.attend(changed);
    if (!this.afterChatLoaded && this.session.store.view.status === 'ended')
      void import('../../after-chat-entry.js').then(() => (this.afterChatLoaded = true));
    if (this.endRequested && this.session.store.view.status === 'ended') {
      this.endRequested = false;
      void this.focusInput();
    }
  }

  /** AACC's estimate, in whole minutes; under a minute it is not news (Avaya's own clients hide it too). */
  private waitText(queue: { estimatedWaitSeconds?: number | undefined }): string {
    const minutes = Math.round((queue.estimatedWaitSeconds ?? 0) / 60);
    return minutes >= 1 ? this.l10n.t('status.queuedWait', { minutes }) : '';
  }

  private async confirmEnd(): Promise<void> {
    this.confirmingEnd = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.confirm button')?.focus();
  }

  /** Keeps the full-screen mobile panel (and so the composer) above the on-screen keyboard. */
  private readonly handleViewport = (): void => {
    if (visualViewport) this.style.setProperty('--_vvh', `${Math.round(visualViewport.height)}px`);
  };

  private readonly handleMinimise = (): void => {
    this.dispatchEvent(new Event('parley-request-close', { bubbles: true, composed: true }));
  };

  /** Hands `file` to the uploader, loading its chunk the first time. */
  private async attach(file: File | undefined): Promise<void> {
    if (!file || !this.uploads?.enabled || this.session.store.view.status === 'ended') return;
    await import('../../uploader-entry.js');
    this.uploaderLoaded = true;
    await this.updateComplete;
    await this.renderRoot.querySelector('parley-uploader')?.start(file);
  }

  private readonly handleAttach = (event: ParleyAttachEvent): void => void this.attach(event.file);

  private readonly handleDragOver = (event: DragEvent): void => {
    // Saying "copy" here is what makes the panel a drop target.
    if (this.uploads?.enabled && event.dataTransfer?.types.includes('Files')) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  };

  private readonly handleDrop = (event: DragEvent): void => {
    const file = event.dataTransfer?.files[0];
    if (!file || !this.uploads?.enabled) return;
    event.preventDefault();
    void this.attach(file);
  };

  /** A pasted image (a screenshot) is sent as a file; pasted text stays the browser's business. */
  private readonly handlePaste = (event: ClipboardEvent): void => {
    const file = [...(event.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (!file || !this.uploads?.enabled) return;
    event.preventDefault();
    void this.attach(file);
  };

  private readonly handleUploadEnd = (): void => this.renderRoot.querySelector('parley-composer')?.focus();

  private async handleEnd(confirmed: boolean): Promise<void> {
    this.confirmingEnd = false;
    if (confirmed) {
      this.endRequested = true;
      this.session.end();
      // Until the server's verdict arrives, the composer holds focus (the confirmation is gone).
      await this.focusInput();
    } else {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('button.end')?.focus();
    }
  }

  /** The status line for the conversation state (exhaustive over ConversationStatus). */
  private statusText(view: ConversationView): string {
    const status = view.status;
    switch (status) {
      case 'bot':
      case 'collecting':
      case 'escalation_requested':
      case 'voice_requested':
      case 'voice_active':
      case 'ended':
        return this.l10n.t(`status.${status}`);
      case 'queued':
        return view.queue && view.queue.position > 0
          ? this.l10n.t('status.queuedPosition', { position: view.queue.position }) + this.waitText(view.queue)
          : this.l10n.t('status.queued');
      case 'with_agent': {
        const names = (view.agents ?? []).map((a) => a.name).filter(Boolean);
        return names.length
          ? this.l10n.t('status.with_agent', { name: names.join(', ') })
          : this.l10n.t('status.with_agentAnon');
      }
      default:
        return assertNever(status);
    }
  }

  /** A banner while the socket is not online (exhaustive over ConnectionState). */
  private renderConnection(state: ConnectionState) {
    switch (state) {
      case 'online':
      case 'idle':
        return nothing;
      case 'connecting':
      case 'reconnecting':
      case 'offline':
        return html`<p class="banner" role="status">${this.l10n.t(`conn.${state}`)}</p>`;
      case 'failed': {
        const code = this.session.connectionFailure ?? '';
        const reason = this.l10n.tDynamic(`error.${code}`, 'error.generic');
        return html`<p class="banner failed" role="alert">${this.l10n.t('conn.failed', { reason })}</p>`;
      }
      default:
        return assertNever(state);
    }
  }

  private renderFooter(ended: boolean) {
    if (!ended)
      return html`${
          this.uploaderLoaded
            ? html`<parley-uploader
                .session=${this.session}
                .maxBytes=${this.uploads?.maxBytes ?? 0}
                @parley-upload-end=${this.handleUploadEnd}
              ></parley-uploader>`
            : nothing
        }<parley-composer
          part="composer"
          .session=${this.session}
          ?attach=${this.uploads?.enabled === true}
          @parley-attach=${this.handleAttach}
        ></parley-composer>`;
    return html`<div class="ended">
      <p>${this.l10n.t('composer.ended')}</p>
      <button class="new-chat" type="button" @click=${() => this.session.startNew()}>
        ${this.l10n.t('panel.newChat')}
      </button>
      ${this.afterChatLoaded ? html`<parley-after-chat .session=${this.session}></parley-after-chat>` : nothing}
    </div>`;
  }

  override render() {
    const { store } = this.session;
    const ended = store.view.status === 'ended';
    return html`<section
      aria-label=${this.heading}
      @dragover=${this.handleDragOver}
      @drop=${this.handleDrop}
      @paste=${this.handlePaste}
    >
      <header part="header">
        <div class="titles">
          <h2>${this.heading}</h2>
          <div class="status" part="status" role="status">${this.statusText(store.view)}</div>
        </div>
        ${
          ended || !store.token
            ? nothing
            : html`<button class="end" type="button" @click=${() => void this.confirmEnd()}>
                ${this.l10n.t('panel.end')}
              </button>`
        }
        <button
          type="button"
          class="sound"
          aria-label=${this.l10n.t('panel.sound')}
          aria-pressed=${this.sound ? 'true' : 'false'}
          @click=${this.toggleSound}
        >
          <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">${soundIcon}</svg>
        </button>
        <button type="button" aria-label=${this.l10n.t('panel.close')} @click=${this.handleMinimise}>
          <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">${minimiseIcon}</svg>
        </button>
      </header>
      ${
        this.confirmingEnd
          ? html`<div class="confirm" role="group" aria-label=${this.l10n.t('panel.endConfirm')}>
              <span>${this.l10n.t('panel.endConfirm')}</span>
              <button type="button" @click=${() => void this.handleEnd(true)}>${this.l10n.t('panel.end')}</button>
              <button type="button" @click=${() => void this.handleEnd(false)}>${this.l10n.t('action.cancel')}</button>
            </div>`
          : nothing
      }
      ${this.renderConnection(this.connection)}
      <parley-message-list
        part="messages"
        exportparts="message, form"
        .session=${this.session}
        .welcome=${this.welcome}
      ></parley-message-list>
      ${this.renderFooter(ended)}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-panel': ParleyPanel;
  }
}
