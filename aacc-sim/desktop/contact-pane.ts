import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { internationalNumber } from '../src/model/phone.js';
import type { AgentSnapshot, ContactSnapshot } from '../src/model/types.js';
import type { RichResponseSeed, SkillsetSeed } from '../src/options.js';
import type { AgentConnection } from './agent-connection.js';
import { contactPaneStyles } from './contact-pane-styles.js';
import { theme } from './styles.js';
import { linkify } from './linkify.js';
import { customerMedia } from './customer-media.js';
import './rich-tools.js';
import { splitBotTranscript } from './bot-transcript.js';
import { renderCannedPicker } from './canned-responses.js';
import type { Notice } from './desktop-session.js';

const TYPING_SEND_EVERY_MS = 2000;

function time(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/**
 * One contact: transcript, composer and actions for a chat; call controls for a voice contact; the customer's
 * details (intrinsics, custom fields incl. the bot's summary and intent). All text is rendered as text.
 */
export class ContactPane extends LitElement {
  static override properties = {
    contact: { attribute: false },
    me: { attribute: false },
    agents: { attribute: false },
    skillsets: { attribute: false },
    connection: { attribute: false },
    customerTyping: { attribute: false },
    richResponses: { attribute: false },
    notices: { attribute: false },
    error: { state: true },
  };

  contact!: ContactSnapshot;
  me!: AgentSnapshot;
  agents: AgentSnapshot[] = [];
  skillsets: SkillsetSeed[] = [];
  connection!: AgentConnection;
  customerTyping = false;
  richResponses: RichResponseSeed[] = [];
  notices: readonly Notice[] = [];
  error = '';
  private lastTypingSent = 0;

  static override styles = [theme, contactPaneStyles];

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('contact')) {
      const log = this.renderRoot.querySelector('.log');
      if (log) log.scrollTop = log.scrollHeight;
    }
  }

  private async run(name: string, args: Record<string, unknown> = {}): Promise<void> {
    this.error = '';
    try {
      await this.connection.command(name, { contactId: this.contact.id, ...args });
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  private readonly onSend = (e: SubmitEvent): void => {
    e.preventDefault();
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>('textarea[name=text]');
    const text = box?.value.trim() ?? '';
    if (!box || !text) return;
    box.value = '';
    void this.run('say', { text });
  };

  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      (e.currentTarget as HTMLTextAreaElement).form?.requestSubmit();
      return;
    }
    const now = Date.now();
    if (now - this.lastTypingSent > TYPING_SEND_EVERY_MS) {
      this.lastTypingSent = now;
      void this.run('typing');
    }
  };

  private field(name: string): string {
    return this.renderRoot.querySelector<HTMLInputElement | HTMLSelectElement>(`[name=${name}]`)?.value ?? '';
  }

  private transfer(): void {
    const target = this.field('transferTo');
    if (!target) return;
    const [kind, id] = target.split(':');
    void this.run('transfer', { target: kind === 'agent' ? { toAgentId: id } : { toSkillset: id } });
  }

  override render() {
    const c = this.contact;
    return html`
      <div class="main">${c.kind === 'voice' ? this.renderCall() : this.renderChat()}</div>
      <aside class="details" aria-label="Customer details">${this.renderDetails()}</aside>
    `;
  }

  private renderCall() {
    const c = this.contact;
    const ringing = c.state === 'ringing' && c.offeredTo === this.me.id;
    return html`
      <div class="call" role="group" aria-label="Callback">
        <div class="muted">Web callback · ${c.skillset}</div>
        <div class="state">${c.customer.name} · ${internationalNumber(c.customer)}</div>
        <div class="muted">${c.state === 'closed' ? `Ended (${c.outcome ?? ''})` : c.state}</div>
        <div class="buttons">
          ${ringing ? html`<button class="good" @click=${() => this.run('answer')}>Answer</button>` : nothing}
          ${c.state !== 'closed' ? html`<button class="primary" @click=${() => this.run('close')}>End</button>` : nothing}
        </div>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </div>
    `;
  }

  private renderChat() {
    const c = this.contact;
    const mine = c.participants.find((p) => p.id === this.me.id);
    const active = c.state === 'active' && mine !== undefined && mine.type !== 'supervisor';
    const others = this.agents.filter((a) => a.id !== this.me.id && a.loggedIn && !a.supervisor);
    const chatSkillsets = this.skillsets.filter((s) => s.kind === 'chat');
    return html`
      <div class="bar" role="toolbar" aria-label="Chat actions">
        ${
          c.state === 'offered' && c.offeredTo === this.me.id
            ? html`<button class="good" @click=${() => this.run('answer')}>Answer</button>`
            : nothing
        }
        ${
          active
            ? html`
                <select name="transferTo" aria-label="Transfer or conference target">
                  <option value="">Transfer / conference to…</option>
                  ${others.map((a) => html`<option value="agent:${a.id}">${a.name} (${a.id})</option>`)}
                  ${chatSkillsets.map((s) => html`<option value="skillset:${s.name}">Skillset ${s.name}</option>`)}
                </select>
                <button @click=${() => this.transfer()}>Transfer</button>
                <button
                  @click=${() => {
                    const [kind, id] = this.field('transferTo').split(':');
                    if (kind === 'agent') void this.run('conference', { otherAgentId: id });
                    else this.error = 'Choose an agent to conference';
                  }}
                >
                  Conference
                </button>
                <input name="url" type="url" size="18" placeholder="https://…" aria-label="URL to push" />
                <button @click=${() => this.run('pushUrl', { url: this.field('url') })}>Push URL</button>
                <rich-tools .responses=${this.richResponses} .run=${(n: string, a = {}) => this.run(n, a)}></rich-tools>
              `
            : nothing
        }
        <span class="spacer"></span>
        ${
          mine && (c.participants.length > 1 || mine.type === 'supervisor')
            ? html`<button @click=${() => this.run('leave')}>Leave</button>`
            : nothing
        }
        ${active ? html`<button class="primary" @click=${() => this.run('close')}>Close chat</button>` : nothing}
      </div>
      ${
        c.state === 'active' && !c.customerConnected
          ? html`<div class="status" role="status">The customer is disconnected; they can still come back.</div>`
          : nothing
      }
      <div class="log" role="log" aria-live="polite" aria-label="Transcript">
        ${this.logEntries().map((m) =>
          m.kind === 'message'
            ? html` <div class="msg ${m.from} ${m.undelivered ? 'undelivered' : ''}">
                <div class="meta">${m.name} · ${time(m.at)}${m.undelivered ? ' · not delivered' : ''}</div>
                <div class="text">${(m.from === 'customer' && customerMedia(m.text)) || linkify(m.text)}</div>
              </div>`
            : html`<div class="msg notice">${m.text} · ${time(m.at)}</div>`,
        )}
        ${c.state === 'closed' ? html`<div class="msg system">Chat ended (${c.closedBy ?? ''})</div>` : nothing}
      </div>
      <div class="typing">${this.customerTyping && c.state !== 'closed' ? `${c.customer.name} is typing…` : ''}</div>
      ${this.error ? html`<p class="error pad" role="alert">${this.error}</p>` : nothing}
      <form class="composer" @submit=${this.onSend}>
        ${renderCannedPicker({ customer: c.customer.name, agent: this.me.name }, (text) => this.insert(text), !active)}
        <textarea
          name="text"
          aria-label="Message"
          placeholder=${this.placeholder(active)}
          ?disabled=${!active}
          maxlength="4045"
          @keydown=${this.onKey}
        ></textarea>
        <button class="primary" type="submit" ?disabled=${!active}>Send</button>
      </form>
    `;
  }

  /** The chat's messages (without the bot conversation, shown beside) and this desktop's notices, by time. */
  private logEntries() {
    const { chat } = splitBotTranscript(this.contact.transcript);
    return [
      ...chat.map((m) => ({ kind: 'message' as const, ...m })),
      ...this.notices.map((n) => ({ kind: 'notice' as const, ...n })),
    ].sort((a, b) => a.at - b.at);
  }

  private placeholder(active: boolean): string {
    const c = this.contact;
    if (active) return 'Type a message';
    if (c.state === 'closed') return 'This chat has ended';
    if (c.participants.some((p) => p.id === this.me.id && p.type === 'supervisor')) return 'Observing: read only';
    return 'Answer the chat to reply';
  }

  private insert(text: string): void {
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>('textarea[name=text]');
    if (!box) return;
    box.value = box.value.trim() === '' ? text : `${box.value} ${text}`;
    box.focus();
  }

  private renderBotConversation() {
    const { bot } = splitBotTranscript(this.contact.transcript);
    if (bot.length === 0) return nothing;
    return html`<h2>Conversation with the bot</h2>
      <ol class="bot" aria-label="Conversation with the bot">
        ${bot.map((line) => html`<li>${line}</li>`)}
      </ol>`;
  }

  private renderDetails() {
    const c = this.contact;
    const cu = c.customer;
    return html`
      <h2>Customer</h2>
      <dl>
        <dt>Name</dt>
        <dd>${cu.name}</dd>
        ${
          cu.email
            ? html`<dt>Email</dt>
                <dd>${cu.email}</dd>`
            : nothing
        }
        ${
          cu.phone
            ? html`<dt>Phone</dt>
                <dd>${internationalNumber(cu)}</dd>`
            : nothing
        }
        <dt>Skillset</dt>
        <dd>${c.skillset}</dd>
        <dt>Contact</dt>
        <dd>${c.id}${c.kind === 'chat' ? ` · guid ${c.guid}` : ''}</dd>
        <dt>Waiting since</dt>
        <dd>${time(c.queuedAt)}</dd>
      </dl>
      ${
        cu.customFields.length > 0
          ? html` <h2>Custom fields</h2>
              <dl>
                ${cu.customFields.map(
                  (f) =>
                    html`<dt>${f.title}</dt>
                      <dd>${f.value}</dd>`,
                )}
              </dl>`
          : nothing
      }
      ${this.renderBotConversation()}
      <h2>Participants</h2>
      <ul class="people">
        ${c.participants.length === 0 ? html`<li class="muted">None</li>` : nothing}
        ${c.participants.map((p) => html`<li>${p.name} <span class="muted">(${p.type.replace('_', ' ')})</span></li>`)}
      </ul>
    `;
  }
}

customElements.define('contact-pane', ContactPane);

declare global {
  interface HTMLElementTagNameMap {
    'contact-pane': ContactPane;
  }
}
