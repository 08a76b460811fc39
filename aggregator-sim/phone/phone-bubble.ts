import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { Bubble, PhoneButton, PhoneMessage } from '../src/phone-frames.js';
import { controls } from './theme.js';

const TICK_LABEL = { sent: 'Sent', delivered: 'Delivered', read: 'Read' } as const;

/** URLs in text become links (opened in a new tab); everything else stays text (never innerHTML). */
function linkify(text: string): Array<string | TemplateResult> {
  return text
    .split(/(https?:\/\/[^\s]+)/g)
    .map((part, i) =>
      i % 2 === 1 ? html`<a href=${part} target="_blank" rel="noopener noreferrer">${part}</a>` : part,
    );
}

/** One message as the customer's app draws it; taps bubble up as `tap` / `share-location` events. */
export class PhoneBubble extends LitElement {
  static override properties = { message: { attribute: false }, latest: { type: Boolean } };
  message: PhoneMessage | undefined;
  /** Reply options are one-shot: only the latest message keeps them. */
  latest = false;

  static override styles = [
    controls,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      .bubble {
        max-width: 80%;
        padding: 6px 10px;
        border-radius: var(--radius);
        background: var(--theirs);
        overflow-wrap: anywhere;
        align-self: flex-start;
      }
      .text {
        white-space: pre-wrap;
      }
      .bubble a {
        color: inherit;
      }
      .mine {
        background: var(--mine);
        color: var(--mine-fg);
        align-self: flex-end;
      }
      .meta {
        font-size: 11px;
        opacity: 0.75;
        text-align: right;
      }
      .read {
        color: var(--tick-read);
        opacity: 1;
      }
      .template {
        font-size: 11px;
        text-transform: uppercase;
        letter-spacing: 0.05em;
        opacity: 0.7;
      }
      .media {
        display: block;
        padding: 8px;
        border-radius: 6px;
        background: rgba(0, 0, 0, 0.06);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .row button,
      .buttons button,
      .card button {
        border: 1px solid var(--accent);
        color: var(--accent);
        background: transparent;
        border-radius: 16px;
        padding: 4px 12px;
      }
      .buttons {
        display: flex;
        flex-direction: column;
        gap: 4px;
        margin-top: 6px;
      }
      .buttons button {
        border-radius: 6px;
      }
      .cards {
        display: flex;
        gap: 8px;
        overflow-x: auto;
        max-width: 100%;
      }
      .card {
        flex: 0 0 200px;
        border-radius: 12px;
        background: var(--theirs);
        padding: 10px;
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      details ul {
        list-style: none;
        margin: 6px 0 0;
        padding: 0;
      }
    `,
  ];

  override render() {
    const m = this.message;
    if (!m) return nothing;
    const mine = m.from === 'customer';
    return m.bubbles.map((b, i) => this.bubble(b, mine, i === m.bubbles.length - 1));
  }

  private bubble(b: Bubble, mine: boolean, last: boolean) {
    const m = this.message as PhoneMessage;
    const hasBody = b.text || b.media || b.template || b.buttons?.length;
    return html`
      ${
        hasBody
          ? html`<div class="bubble ${mine ? 'mine' : ''}">
              ${b.template ? html`<div class="template">Template · ${b.template.name}</div>` : nothing}
              ${
                b.media
                  ? html`<a class="media" href=${b.media.url} target="_blank" rel="noopener noreferrer"
                      >${b.media.kind === 'image' ? '🖼' : '📎'} ${b.media.name}</a
                    >`
                  : nothing
              }
              ${b.text ? html`<span class="text">${linkify(b.text)}</span>` : nothing}
              ${b.template && !b.text ? b.template.params.join(' · ') : nothing}
              ${b.buttons?.length ? html`<div class="buttons">${b.buttons.map((x) => this.button(x))}</div>` : nothing}
              ${last ? this.meta(mine, m) : nothing}
            </div>`
          : nothing
      }
      ${
        b.cards?.length
          ? html`<div class="cards" role="list">
              ${b.cards.map(
                (c) =>
                  html`<div class="card" role="listitem">
                    <strong>${c.title}</strong>${c.description ? html`<span>${c.description}</span>` : nothing}
                    ${c.buttons.map((x) => this.button(x))}
                  </div>`,
              )}
            </div>`
          : nothing
      }
      ${
        b.list && this.latest
          ? html`<details>
              <summary>${b.list.button}</summary>
              <ul>
                ${b.list.rows.map((r) => html`<li><button @click=${() => this.tap(r.actionId)}>${r.label}</button></li>`)}
              </ul>
            </details>`
          : nothing
      }
      ${
        b.replies && this.latest
          ? html`<div class="row" role="group" aria-label="Suggested replies">
              ${b.replies.options.map((o) => html`<button @click=${() => this.tap(o.actionId)}>${o.label}</button>`)}
            </div>`
          : nothing
      }
    `;
  }

  private meta(mine: boolean, m: PhoneMessage) {
    const time = new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    if (!mine || !m.tick) return html`<div class="meta">${time}</div>`;
    const ticks = m.tick === 'sent' ? '✓' : '✓✓';
    return html`<div class="meta">
      ${time} <span class=${m.tick === 'read' ? 'read' : ''} aria-label=${TICK_LABEL[m.tick]}>${ticks}</span>
    </div>`;
  }

  private button(b: PhoneButton) {
    if (b.kind === 'link') {
      return html`<button @click=${() => window.open(b.uri, '_blank', 'noopener')}>🔗 ${b.label}</button>`;
    }
    if (b.kind === 'locationRequest') return html`<button @click=${() => this.tap(b.actionId)}>📍 ${b.label}</button>`;
    return html`<button @click=${() => this.tap(b.actionId)}>${b.label}</button>`;
  }

  private tap(actionId: string) {
    const messageId = this.message?.id;
    this.dispatchEvent(new CustomEvent('tap', { detail: { messageId, actionId }, bubbles: true, composed: true }));
  }
}
customElements.define('phone-bubble', PhoneBubble);
