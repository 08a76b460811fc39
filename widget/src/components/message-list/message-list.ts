import { contentText, type Message } from '@parley/protocol';
import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { AutoScrollController } from '../../controllers/auto-scroll-controller.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { StoreController } from '../../controllers/store-controller.js';
import type { SessionApi } from '../../session/session-api.js';
import type { PendingMessage } from '../../state/outbox.js';
import { dayKey, daysBetween } from '../../util/day.js';
import { formAnswerText } from '../message/form-answer.js';
import { sharedStyles } from '../shared.styles.js';
import { messageListStyles } from './message-list.styles.js';

/**
 * @summary The transcript: a polite live log with "Today"/"Yesterday"/date separators, a
 * "Show history" button that pages in earlier messages and conversations, messages still being
 * sent, the typing indicator, and a "New messages" button when the visitor has scrolled up.
 * @csspart message - Each message entry.
 */
export class ParleyMessageList extends LitElement {
  static override styles = [sharedStyles, messageListStyles];
  private readonly l10n = new LocalizeController(this);
  private readonly storeWatch = new StoreController(this, () => this.session?.store);
  private readonly autoScroll = new AutoScrollController(
    this,
    () => this.renderRoot.querySelector<HTMLElement>('.scroller'),
    () => {
      const last = this.session?.store.messages.at(-1);
      return `${last?.id ?? ''}|${this.session?.pending().length ?? 0}|${this.session?.store.typing ? 1 : 0}`;
    },
  );

  @property({ attribute: false }) session!: SessionApi;
  @property() welcome: string | undefined;
  /** "Now", injectable for tests of the date separators. */
  @property({ attribute: false }) now: () => number = Date.now;

  protected override updated(): void {
    const children = [...this.renderRoot.querySelectorAll('parley-message')];
    void Promise.all(children.map((c) => c.updateComplete)).then(() => this.autoScroll.keepPinned());
  }

  private dayLabel(at: number): string {
    const days = daysBetween(at, this.now());
    if (days === 0) return this.l10n.t('list.today');
    if (days === 1) return this.l10n.t('list.yesterday');
    return this.l10n.date(at);
  }

  private renderEntries(messages: readonly Message[]) {
    let previousDay = '';
    let previousConversation = messages[0]?.conversationId;
    // While queued, queue places and comfort messages come and go: the offer to leave a message stays usable.
    const waiting = this.session.store.view.status === 'queued';
    const latest = messages.filter((m) => !waiting || m.author.role !== 'system').at(-1);
    return repeat(
      messages,
      (m) => m.id,
      (m) => {
        const day = dayKey(m.createdAt);
        // Earlier conversations (from history) are told apart from the next one, and each starts with its day.
        const next = m.conversationId !== previousConversation;
        // Like Koopid's: "Show history" sits beside the first day heading ("Today").
        const first = m === messages[0];
        const separator = first
          ? html`<div class="day-row">
              <h3 class="day">${this.dayLabel(m.createdAt)}</h3>
              ${this.renderHistoryButton()}
            </div>`
          : day !== previousDay || next
            ? html`${
                  next
                    ? html`<hr class="next" aria-hidden="true" />
                        <p class="sr-only">${this.l10n.t('list.nextConversation')}</p>`
                    : nothing
                }
                <h3 class="day">${this.dayLabel(m.createdAt)}</h3>`
            : nothing;
        previousDay = day;
        previousConversation = m.conversationId;
        return html`${separator}<parley-message
            part="message"
            exportparts="form"
            .message=${m}
            .session=${this.session}
            ?latest=${m === latest}
          ></parley-message>`;
      },
    );
  }

  private renderPending(p: PendingMessage) {
    const text =
      p.content.type === 'form_response'
        ? formAnswerText(p.content, this.session.store.messages, (at) => this.l10n.dateTime(at))
        : contentText(p.content);
    const failed = p.error !== undefined;
    return html`<div class="pending">
      <div class="bubble">${text}</div>
      <span class="state ${failed ? 'failed' : ''}"
        >${failed ? this.l10n.t('msg.failed', { reason: this.l10n.tDynamic(`error.${p.error}`, 'error.generic') }) : this.l10n.t('msg.sending')}</span
      >
    </div>`;
  }

  private renderHistoryButton() {
    const { store } = this.session;
    if (store.historyLoading) return html`<p class="history" role="status">${this.l10n.t('list.loadingHistory')}</p>`;
    if (!store.mayHaveOlder) return nothing;
    return html`<button class="history" type="button" @click=${() => this.session.fetchHistory()}>
      ${this.l10n.t('list.showHistory')}
    </button>`;
  }

  override render() {
    const { store } = this.session;
    const pending = this.session.pending().filter((p) => !store.messages.some((m) => m.clientMsgId === p.clientMsgId));
    return html`<div
        class="scroller"
        role="log"
        aria-live="polite"
        aria-label=${this.l10n.t('list.label')}
        tabindex="0"
      >
        <div class="content">
          ${store.messages.length === 0 ? this.renderHistoryButton() : nothing}
          ${this.welcome && !store.messages.some((m) => m.conversationId === store.conversationId) ? html`<p class="welcome">${this.welcome}</p>` : nothing}
          ${this.renderEntries(store.messages)} ${pending.map((p) => this.renderPending(p))}
          ${store.typing ? html`<parley-typing-indicator .author=${store.typing}></parley-typing-indicator>` : nothing}
        </div>
      </div>
      ${
        this.autoScroll.hasNew
          ? html`<button class="new" type="button" @click=${() => this.autoScroll.scrollToBottom()}>
              ${this.l10n.t('list.newMessages')}
            </button>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-message-list': ParleyMessageList;
  }
}
