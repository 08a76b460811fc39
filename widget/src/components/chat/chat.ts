import { LitElement, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { currentLang, LocalizeController, setLocale } from '../../controllers/localize-controller.js';
import { ParleyCloseEvent } from '../../events/parley-close.js';
import { ParleyOpenEvent } from '../../events/parley-open.js';
import { ParleyUnreadEvent } from '../../events/parley-unread.js';
import type { WidgetOptions } from '../../options.js';
import type { SessionApi } from '../../session/session-api.js';
import type { SessionHost } from '../../session/session-host.js';
import { WidgetStorage } from '../../state/storage.js';
import { readUi, UI_KEY, writeUi } from '../../state/ui-state.js';
import { assertNever } from '../../util/assert-never.js';
import type { ParleyLauncher } from '../launcher/launcher.js';
import { sharedStyles } from '../shared.styles.js';
import { chatStyles } from './chat.styles.js';

/** Loads the panel chunk (lit components, protocol validation, the socket). Replaceable in tests. */
export type PanelLoader = () => Promise<{ createSession(host: SessionHost, storage: WidgetStorage): SessionApi }>;

/**
 * The root's view: only the launcher until the panel chunk is needed, then the panel (open or
 * minimised with the conversation alive), or a failure to load it.
 */
export type RootView =
  { kind: 'launcher' } | { kind: 'loading' } | { kind: 'ready'; session: SessionApi } | { kind: 'failed' };

/**
 * @summary The chat widget: a launcher that lazy-loads the panel on first use (or at once when a
 * conversation already exists), shared open state and unread count across tabs.
 * @event parley-open - The panel opens (cancelable).
 * @event parley-close - The panel closes.
 * @event parley-unread - The unread count changed.
 * @csspart launcher - The launcher button element.
 * @cssproperty --parley-accent - Accent colour (buttons, customer bubbles).
 */
export class ParleyChat extends LitElement implements SessionHost {
  static override styles = [sharedStyles, ...chatStyles];
  private readonly l10n = new LocalizeController(this);

  @query('parley-launcher') private launcher?: ParleyLauncher;

  /** Settings (from the script tag). Set before the element connects. */
  @property({ attribute: false }) options!: WidgetOptions;
  /** Whether the panel is open (reflected, so CSS can react; shared by all tabs). */
  @property({ type: Boolean, reflect: true }) open = false;
  @property({ reflect: true }) position: 'left' | 'right' = 'right';
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'auto';

  @state() private view: RootView = { kind: 'launcher' };
  @state() private unread = 0;

  /** Loads the lazy chunk; the build points it at the hashed panel chunk. */
  loadPanel: PanelLoader = () => import('../../panel-entry.js');
  private storage!: WidgetStorage;

  /**
   * Takes over from the loader's launcher (loader/launcher.ts), which painted this host's shadow
   * root before Lit loaded: its content is dropped in the same task as the first render (no paint in
   * between, so no flash), and keyboard focus moves to the real launcher if the painted one had it.
   */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const painted = this.shadowRoot;
    if (painted?.activeElement)
      void this.updateComplete.then(() => this.launcher?.updateComplete).then(() => this.launcher?.focus());
    painted?.replaceChildren();
    return super.createRenderRoot();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.options) this.start();
  }

  /**
   * Options set on the loader's host before <parley-chat> was defined are only restored by Lit at
   * the first update, after connectedCallback: start then.
   */
  protected override willUpdate(): void {
    if (!this.storage) this.start();
    // The widget's language may differ from the page's: screen readers read French strings as French.
    this.lang = currentLang();
  }

  /** Reads options and shared UI state, listens to other tabs, restores an open or live conversation. */
  private start(): void {
    this.storage = new WidgetStorage(this.options.server);
    this.position = this.options.position;
    this.theme = this.options.theme;
    void setLocale(this.options.locale);
    const ui = readUi(this.storage);
    this.unread = ui.unread;
    addEventListener('storage', this.handleStorage);
    this.addEventListener('keydown', this.handleKeydown);
    const firstVisit = this.storage.get('ui') === undefined;
    if (ui.open || (firstVisit && this.options.open)) void this.show('restore');
    else if (ui.hasConversation) void this.ensureSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('storage', this.handleStorage);
    this.removeEventListener('keydown', this.handleKeydown);
  }

  /** The conversation, once the panel chunk is loaded. */
  get session(): SessionApi | undefined {
    return this.view.kind === 'ready' ? this.view.session : undefined;
  }

  /** Opens the panel (loading it first if needed). Resolves false if a listener vetoed it. */
  async show(source: 'user' | 'api' | 'restore' = 'api'): Promise<boolean> {
    if (!this.dispatchEvent(new ParleyOpenEvent({ source }))) return false;
    this.open = true;
    writeUi(this.storage, { open: true });
    const session = await this.ensureSession();
    session?.markRead(source !== 'restore');
    // The visitor asked for the panel: keyboard focus goes into it (a restored panel leaves the page's focus alone).
    if (source === 'user' && session) {
      await this.updateComplete;
      await this.shadowRoot?.querySelector('parley-panel')?.focusInput();
    }
    return session !== undefined;
  }

  /** Minimises the panel; the conversation goes on and unread messages are counted. */
  hide(source: 'user' | 'api' = 'api'): void {
    if (!this.open) return;
    this.open = false;
    writeUi(this.storage, { open: false });
    this.dispatchEvent(new ParleyCloseEvent({ source }));
    if (source === 'user') void this.updateComplete.then(() => this.launcher?.focus());
  }

  /** Loads the panel chunk once and starts the conversation. */
  async ensureSession(): Promise<SessionApi | undefined> {
    if (this.view.kind === 'ready') return this.view.session;
    if (this.view.kind === 'loading') {
      await this.updateComplete;
      return new Promise((resolve) =>
        this.addEventListener('parley-session-ready', () => resolve(this.session), { once: true }),
      );
    }
    this.view = { kind: 'loading' };
    try {
      const mod = await this.loadPanel();
      const session = mod.createSession(this, this.storage);
      this.view = { kind: 'ready', session };
      this.dispatchEvent(new Event('parley-session-ready'));
      return session;
    } catch {
      this.view = { kind: 'failed' };
      this.dispatchEvent(new Event('parley-session-ready'));
      return undefined;
    }
  }

  /** Called by the session when the shared unread count changes. */
  setUnread(count: number): void {
    if (count === this.unread) return;
    this.unread = count;
    this.dispatchEvent(new ParleyUnreadEvent({ count }));
  }

  private readonly handleStorage = (event: StorageEvent): void => {
    if (this.storage.keyOf(event) !== UI_KEY) return;
    const ui = readUi(this.storage);
    if (ui.open !== this.open) {
      if (ui.open) void this.show('restore');
      else this.hide('api');
    }
    if (this.view.kind !== 'ready') this.setUnread(ui.unread);
    else if (ui.hasConversation) this.session?.markRead();
  };

  private readonly handleKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.open) {
      event.stopPropagation();
      this.hide('user');
    }
  };

  private readonly handleLauncherClick = (): void => {
    if (this.open) this.hide('user');
    else void this.show('user');
  };

  private renderLauncher(busy: boolean, failed: boolean) {
    return html`<parley-launcher
      part="launcher"
      exportparts="button: launcher-button, badge"
      .open=${this.open}
      .unread=${this.unread}
      .busy=${busy}
      .failed=${failed}
      @click=${this.handleLauncherClick}
    ></parley-launcher>`;
  }

  override render() {
    const view = this.view;
    switch (view.kind) {
      case 'launcher':
        return this.renderLauncher(false, false);
      case 'loading':
        return this.renderLauncher(this.open, false);
      case 'ready':
        // The launcher comes first in the tab order; CSS (order) still draws the panel above it.
        return html`${this.renderLauncher(false, false)}<parley-panel
            part="panel"
            exportparts="header, status, messages, message, composer, form"
            ?hidden=${!this.open}
            .unread=${this.unread}
            .session=${view.session}
            .connection=${view.session.connectionState}
            .heading=${this.options.title ?? this.l10n.t('panel.title')}
            .welcome=${this.options.welcome}
            @parley-request-close=${() => this.hide('user')}
          ></parley-panel>`;
      case 'failed':
        return html`${this.renderLauncher(false, true)}
        ${this.open ? html`<p class="alert" role="alert">${this.l10n.t('launcher.loadFailed')}</p>` : nothing}`;
      default:
        return assertNever(view);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-chat': ParleyChat;
  }
}
