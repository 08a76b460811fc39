import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { internationalNumber } from '../src/model/phone.js';
import type { AgentSnapshot, ContactSnapshot } from '../src/model/types.js';
import type { RichResponseSeed, SkillsetSeed } from '../src/options.js';
import type { AgentConnection } from './agent-connection.js';
import { theme } from './styles.js';
import { linkify } from './linkify.js';
import { customerMedia } from './customer-media.js';
import './rich-tools.js';

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
    error: { state: true },
  };

  contact!: ContactSnapshot;
  me!: AgentSnapshot;
  agents: AgentSnapshot[] = [];
  skillsets: SkillsetSeed[] = [];
  connection!: AgentConnection;
  customerTyping = false;
  richResponses: RichResponseSeed[] = [];
  error = '';
  private lastTypingSent = 0;

  static override styles = [
    theme,
    css`
      :host {
        display: grid;
        grid-template-columns: 1fr 300px;
        height: 100%;
        min-height: 0;
      }
      .main {
        display: flex;
        flex-direction: column;
        min-height: 0;
        border-right: 1px solid var(--line);
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: center;
        padding: 8px 12px;
        border-bottom: 1px solid var(--line);
        background: #fafbfc;
      }
      .bar .spacer {
        flex: 1;
      }
      .log {
        flex: 1;
        overflow-y: auto;
        padding: 16px;
        display: flex;
        flex-direction: column;
        gap: 8px;
        min-height: 0;
      }
      .msg {
        max-width: 72%;
        padding: 8px 12px;
        border-radius: 10px;
        background: #fff;
        border: 1px solid var(--line);
        overflow-wrap: anywhere;
      }
      .msg .text {
        white-space: pre-wrap;
      }
      .msg img {
        display: block;
        max-width: 240px;
        max-height: 240px;
        border-radius: 6px;
      }
      .msg.agent {
        align-self: flex-end;
        background: #fdecea;
        border-color: #f4c7c3;
      }
      .msg.system {
        align-self: center;
        background: transparent;
        border: none;
        color: var(--muted);
        font-size: 12px;
      }
      .meta {
        font-size: 11px;
        color: var(--muted);
        margin-bottom: 2px;
      }
      .typing {
        padding: 0 16px 6px;
        font-size: 12px;
        color: var(--muted);
        min-height: 18px;
      }
      form.composer {
        display: flex;
        gap: 8px;
        padding: 10px 12px;
        border-top: 1px solid var(--line);
        background: #fff;
      }
      form.composer textarea {
        flex: 1;
        resize: none;
        height: 44px;
      }
      aside {
        padding: 14px;
        overflow-y: auto;
        background: #fff;
      }
      aside h3 {
        margin: 0 0 8px;
        font-size: 13px;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--muted);
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 10px;
        margin: 0 0 16px;
      }
      dt {
        color: var(--muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
        white-space: pre-wrap;
      }
      .call {
        margin: 40px auto;
        text-align: center;
      }
      .call .state {
        font-size: 20px;
        margin: 8px 0 16px;
      }
      .call .buttons {
        display: flex;
        gap: 10px;
        justify-content: center;
      }
      ul.people {
        list-style: none;
        padding: 0;
        margin: 0 0 16px;
      }
      ul.people li {
        padding: 2px 0;
      }
      .pad {
        margin: 0 12px;
      }
    `,
  ];

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
      <aside aria-label="Customer details">${this.renderDetails()}</aside>
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
      <div class="log" role="log" aria-live="polite" aria-label="Transcript">
        ${c.transcript.map(
          (m) =>
            html` <div class="msg ${m.from}">
              <div class="meta">${m.name} · ${time(m.at)}</div>
              <div class="text">${(m.from === 'customer' && customerMedia(m.text)) || linkify(m.text)}</div>
            </div>`,
        )}
        ${c.state === 'closed' ? html`<div class="msg system">Chat ended (${c.closedBy ?? ''})</div>` : nothing}
      </div>
      <div class="typing">${this.customerTyping && c.state !== 'closed' ? `${c.customer.name} is typing…` : ''}</div>
      ${this.error ? html`<p class="error pad" role="alert">${this.error}</p>` : nothing}
      <form class="composer" @submit=${this.onSend}>
        <textarea
          name="text"
          aria-label="Message"
          placeholder=${active ? 'Type a message' : 'Answer the chat to reply'}
          ?disabled=${!active}
          maxlength="4045"
          @keydown=${this.onKey}
        ></textarea>
        <button class="primary" type="submit" ?disabled=${!active}>Send</button>
      </form>
    `;
  }

  private renderDetails() {
    const c = this.contact;
    const cu = c.customer;
    return html`
      <h3>Customer</h3>
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
          ? html` <h3>Custom fields</h3>
              <dl>
                ${cu.customFields.map(
                  (f) =>
                    html`<dt>${f.title}</dt>
                      <dd>${f.value}</dd>`,
                )}
              </dl>`
          : nothing
      }
      <h3>Participants</h3>
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
