import { type Action, type ContentOf, type Message } from '@parley/protocol';
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import type { SessionApi } from '../../session/session-api.js';
import { assertNever } from '../../util/assert-never.js';
import { requestComposerFocus } from '../panel/focus-request.js';
import { sharedStyles } from '../shared.styles.js';
import { formAnswerText } from './form-answer.js';
import { onlyLink, renderLinkCards, webLinks } from './link-card.js';
import { linkify } from './linkify.js';
import { renderFile, renderImage } from './media.js';
import { messageStyles } from './message.styles.js';

const CANCELLABLE_CALL = new Set(['requested', 'scheduled']);

/**
 * @summary One transcript entry: a text bubble with safe links and its quick replies/buttons, a
 * form card, a system line (agent joined, queue position, call status with Cancel), or media.
 * Nothing from the wire is ever rendered as HTML.
 * @csspart message - The entry's container.
 */
export class ParleyMessage extends LitElement {
  static override styles = [sharedStyles, messageStyles];
  private readonly l10n = new LocalizeController(this);

  @property({ attribute: false }) message!: Message;
  @property({ attribute: false }) session!: SessionApi;
  /** The newest entry: only then are quick replies shown and decision buttons enabled. */
  @property({ type: Boolean }) latest = false;
  /** Reflects the author role for styling. */
  @property({ attribute: 'role-name', reflect: true }) roleName = '';

  override willUpdate(): void {
    this.roleName = this.message.author.role;
  }

  private authorLabel(): string {
    const { role, name } = this.message.author;
    switch (role) {
      case 'customer':
        return this.l10n.t('msg.you');
      case 'agent':
        return name ?? this.l10n.t('msg.agent');
      case 'bot':
        return name ?? this.l10n.t('msg.bot');
      case 'system':
        return '';
      default:
        return assertNever(role);
    }
  }

  /** The full-size view lives in the rich renderers' chunk, loaded on first use. */
  private async openImage(event: Event, content: ContentOf<'image'>): Promise<void> {
    const opener = event.currentTarget as HTMLElement;
    const { viewImage } = await import('../../rich-entry.js');
    await viewImage(opener, content.url, content.alt || this.l10n.t('msg.image'));
  }

  /** Geolocation lives in the rich renderers' chunk: the element draws once that chunk has defined it. */
  private renderLocationRequest(label: string) {
    void import('../../rich-entry.js');
    return html`<parley-location-request .label=${label} .session=${this.session}></parley-location-request>`;
  }

  /** The button goes away (or is disabled) once used: focus moves to the composer rather than the page. */
  private act(action: Extract<Action, { type: 'reply' | 'postback' }>): void {
    this.session.act(action);
    requestComposerFocus(this);
  }

  private renderActions(actions: readonly Action[] | undefined) {
    if (!actions?.length) return nothing;
    // Quick replies and a location request are for the newest entry only: an old request is no longer asked.
    const visible = actions.filter((a) => (a.type !== 'reply' && a.type !== 'location_request') || this.latest);
    if (!visible.length) return nothing;
    const replies = visible.every((a) => a.type === 'reply');
    return html`<div
      class="actions"
      role="group"
      aria-label=${this.l10n.t(replies ? 'msg.quickReplies' : 'msg.choices')}
    >
      ${visible.map((a) =>
        a.type === 'link'
          ? html`<a href=${a.url} target="_blank" rel="noopener noreferrer">${a.label}</a>`
          : a.type === 'location_request'
            ? this.renderLocationRequest(a.label)
            : html`<button type="button" ?disabled=${!this.latest} @click=${() => this.act(a)}>${a.label}</button>`,
      )}
    </div>`;
  }

  /**
   * A system line. Reads the keys the server sends (bot-server conversation-service): `agentName`
   * (agent_joined/left, transferred, conferenced; only when the server shares agent names),
   * `position` (queued, queue_position), and `status`, `callId`, `scheduledFor` (call_status).
   */
  private renderEvent(content: ContentOf<'event'>) {
    const data = content.data ?? {};
    const name =
      typeof data['agentName'] === 'string' && data['agentName'] ? data['agentName'] : this.l10n.t('event.someone');
    if (content.event === 'call_status') {
      const status = typeof data['status'] === 'string' ? data['status'] : '';
      const callId = typeof data['callId'] === 'string' ? data['callId'] : undefined;
      const at = typeof data['scheduledFor'] === 'number' ? data['scheduledFor'] : undefined;
      const detail =
        status === 'scheduled' && at !== undefined
          ? this.l10n.t('call.scheduledAt', { time: this.l10n.dateTime(at) })
          : this.l10n.tDynamic(`call.${status}`, 'call.requested');
      const call = this.session.store.view.call;
      const cancellable =
        callId && CANCELLABLE_CALL.has(status) && call?.id === callId && CANCELLABLE_CALL.has(call.status);
      return html`<p class="system">
        ${this.l10n.t('event.call_status', { status: detail })}${
          cancellable
            ? html`<button
                type="button"
                @click=${() => {
                  this.session.cancelCall(callId);
                  requestComposerFocus(this);
                }}
              >
                ${this.l10n.t('call.cancel')}
              </button>`
            : nothing
        }
      </p>`;
    }
    const position = typeof data['position'] === 'number' ? data['position'] : 0;
    // An unknown or zero queue position is not news: say only that we are waiting.
    if (content.event === 'queue_position' && position < 1)
      return html`<p class="system">${this.l10n.t('event.queueWaiting')}</p>`;
    return html`<p class="system">${this.l10n.t(`event.${content.event}`, { name, position })}</p>`;
  }

  private renderBody(): TemplateResult | typeof nothing {
    const content = this.message.content;
    switch (content.type) {
      case 'text': {
        // An agent's web links get cards (a pushed page is its card alone); the bot's and system's stay inline.
        const cards = this.message.author.role === 'agent' ? webLinks(content.text) : [];
        const bare = cards.length === 1 && onlyLink(content.text);
        return html`${bare ? nothing : html`<div class="bubble text">${linkify(content.text)}</div>`}
        ${renderLinkCards(cards)} ${this.renderActions(content.actions)}`;
      }
      case 'postback':
        return html`<div class="bubble text">${content.label}</div>`;
      case 'form':
        return html`<parley-form part="form" .content=${content} .session=${this.session}></parley-form>`;
      case 'form_response': {
        const text = formAnswerText(content, this.session.store.messages, (at) => this.l10n.dateTime(at));
        return html`<div class="bubble text">${text}</div>`;
      }
      case 'event':
        return this.renderEvent(content);
      case 'image':
        return renderImage(content, this.l10n, (event) => void this.openImage(event, content));
      case 'file':
        return renderFile(content, this.l10n);
      case 'location': {
        const label = content.name ?? content.address ?? `${content.latitude}, ${content.longitude}`;
        const href = `https://www.openstreetmap.org/?mlat=${content.latitude}&mlon=${content.longitude}`;
        return html`<div class="bubble">
          <a href=${href} target="_blank" rel="noopener noreferrer">${this.l10n.t('msg.location', { name: label })}</a>
        </div>`;
      }
      case 'carousel':
        return html`<div class="carousel">
          ${content.items.map(
            (item) =>
              html`<div class="card">
                ${item.imageUrl ? html`<img src=${item.imageUrl} alt="" loading="lazy" referrerpolicy="no-referrer" />` : nothing}
                <h3>${item.title}</h3>
                ${item.subtitle ? html`<p>${item.subtitle}</p>` : nothing} ${this.renderActions(item.actions)}
              </div>`,
          )}
        </div>`;
      default:
        return assertNever(content);
    }
  }

  override render() {
    const { content, createdAt } = this.message;
    if (content.type === 'event') return html`<div part="message">${this.renderBody()}</div>`;
    const author = this.authorLabel();
    const showAuthor = this.message.author.role !== 'customer' && author;
    return html`<div class="row" part="message">
      ${showAuthor ? html`<span class="author">${author}</span>` : html`<span class="sr-only">${author}</span>`}
      ${this.renderBody()}
      <time datetime=${new Date(createdAt).toISOString()}>${this.l10n.time(createdAt)}</time>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-message': ParleyMessage;
  }
}
