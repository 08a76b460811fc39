import { LitElement, css, html, nothing } from 'lit';
import type { AgentSnapshot, ContactSnapshot, OutboxEntry } from '../src/model/types.js';
import type { SkillsetSeed } from '../src/options.js';
import { AgentConnection, type ServerFrame } from './agent-connection.js';
import './contact-pane.js';
import { theme } from './styles.js';

/** Customer typing shows this long after the last pulse. */
const TYPING_SHOW_MS = 3000;

/**
 * The simulated AACC agent desktop: login, Ready/Not Ready, offered contacts with Answer, chats in tabs,
 * outbox of transcript e-mails. Live over the simulator's agent socket.
 */
export class AgentDesktop extends LitElement {
  static override properties = {
    me: { state: true },
    contacts: { state: true },
    agents: { state: true },
    outbox: { state: true },
    selected: { state: true },
    view: { state: true },
    error: { state: true },
    typing: { state: true },
  };

  me: AgentSnapshot | undefined;
  contacts = new Map<string, ContactSnapshot>();
  agents: AgentSnapshot[] = [];
  outbox: OutboxEntry[] = [];
  skillsets: SkillsetSeed[] = [];
  selected: string | undefined;
  view: 'contacts' | 'outbox' = 'contacts';
  error = '';
  typing = new Set<string>();
  private connection: AgentConnection | undefined;
  private readonly typingTimers = new Map<string, number>();

  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100vh;
        background: var(--bg);
      }
      header {
        display: flex;
        align-items: center;
        gap: 14px;
        padding: 0 18px;
        height: 52px;
        background: var(--hdr);
        color: #fff;
      }
      header .brand {
        font-weight: 700;
        letter-spacing: 0.12em;
        color: #fff;
      }
      header .brand span {
        color: var(--accent);
      }
      header .title {
        color: #c9ced6;
      }
      header .spacer {
        flex: 1;
      }
      header button {
        background: transparent;
        color: #fff;
        border-color: #49515c;
      }
      header .state {
        display: inline-flex;
        align-items: center;
        gap: 6px;
      }
      .dot {
        width: 10px;
        height: 10px;
        border-radius: 50%;
        background: #8b939e;
        display: inline-block;
      }
      .dot.ready {
        background: #35c46f;
      }
      .login {
        margin: 10vh auto;
        width: 320px;
        background: #fff;
        border: 1px solid var(--line);
        border-radius: 10px;
        padding: 24px;
        display: grid;
        gap: 12px;
      }
      .login h1 {
        margin: 0 0 4px;
        font-size: 18px;
      }
      .body {
        flex: 1;
        display: grid;
        grid-template-columns: 260px 1fr;
        min-height: 0;
      }
      nav {
        background: #fff;
        border-right: 1px solid var(--line);
        overflow-y: auto;
      }
      nav .section {
        padding: 10px 14px 4px;
        font-size: 12px;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--muted);
      }
      nav button.tab {
        display: block;
        width: 100%;
        text-align: left;
        border: none;
        border-radius: 0;
        border-left: 3px solid transparent;
        padding: 10px 14px;
      }
      nav button.tab[aria-selected='true'] {
        background: #f4f5f7;
        border-left-color: var(--accent);
      }
      nav .sub {
        font-size: 12px;
        color: var(--muted);
      }
      nav .row {
        display: flex;
        justify-content: space-between;
        align-items: center;
      }
      button.link {
        border: none;
        background: none;
        padding: 0;
        color: #2f6fde;
        font-size: 12px;
        text-transform: none;
      }
      .alert {
        margin: 10px;
        padding: 10px 12px;
        border-radius: 8px;
        background: #fff4e5;
        border: 1px solid #f5c27a;
        display: grid;
        gap: 6px;
      }
      .alert strong {
        font-size: 13px;
      }
      main {
        min-height: 0;
        background: var(--panel);
      }
      .empty {
        display: grid;
        place-items: center;
        height: 100%;
        color: var(--muted);
      }
      .outbox {
        padding: 16px;
        overflow-y: auto;
        height: 100%;
        box-sizing: border-box;
      }
      .outbox article {
        background: #fff;
        border: 1px solid var(--line);
        border-radius: 8px;
        padding: 12px;
        margin-bottom: 12px;
      }
      .outbox pre {
        white-space: pre-wrap;
        font:
          12px/1.4 ui-monospace,
          monospace;
        margin: 8px 0 0;
      }
      .pad {
        margin: 8px 14px;
      }
    `,
  ];

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.connection?.close();
    for (const t of this.typingTimers.values()) clearTimeout(t);
  }

  private async login(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const connection = new AgentConnection();
    this.error = '';
    try {
      const hello = await connection.login(String(data.get('agentId') ?? ''), String(data.get('password') ?? ''));
      this.connection = connection;
      this.me = hello.agent;
      this.agents = hello.agents;
      this.outbox = hello.outbox;
      this.skillsets = hello.skillsets;
      this.contacts = new Map(hello.contacts.map((c) => [c.id, c]));
      connection.addEventListener('frame', (ev) => this.onFrame((ev as CustomEvent<ServerFrame>).detail));
      connection.addEventListener('closed', () => {
        this.me = undefined;
        this.error = 'Disconnected from the contact center';
      });
    } catch (err) {
      connection.close();
      this.error = err instanceof Error ? err.message : 'Login failed';
    }
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'contact': {
        const next = new Map(this.contacts);
        if (frame.visible || next.has(frame.contact.id)) next.set(frame.contact.id, frame.contact);
        this.contacts = next;
        if (!this.selected && frame.visible) this.selected = frame.contact.id;
        break;
      }
      case 'agents':
        this.agents = frame.agents;
        this.me = frame.agents.find((a) => a.id === this.me?.id) ?? this.me;
        break;
      case 'outbox':
        this.outbox = frame.outbox;
        break;
      case 'event':
        if (frame.event.type === 'customer_typing') this.showTyping(frame.event.contactId);
        if (frame.event.type === 'customer_message') this.clearTyping(frame.event.contactId);
        break;
      default:
        break;
    }
  }

  private showTyping(contactId: string): void {
    this.typing = new Set(this.typing).add(contactId);
    clearTimeout(this.typingTimers.get(contactId));
    this.typingTimers.set(
      contactId,
      window.setTimeout(() => this.clearTyping(contactId), TYPING_SHOW_MS),
    );
  }

  private clearTyping(contactId: string): void {
    if (!this.typing.has(contactId)) return;
    const next = new Set(this.typing);
    next.delete(contactId);
    this.typing = next;
  }

  private async run(name: string, args: Record<string, unknown> = {}): Promise<void> {
    this.error = '';
    try {
      await this.connection?.command(name, args);
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  private async logout(): Promise<void> {
    await this.run('logout');
    if (!this.error) {
      this.connection?.close();
      this.me = undefined;
      this.contacts = new Map();
      this.selected = undefined;
    }
  }

  override render() {
    return html`
      <header>
        <div class="brand">AACC<span>·</span>SIM</div>
        <div class="title">Agent Desktop (simulator)</div>
        <span class="spacer"></span>
        ${this.me ? this.renderAgentBar(this.me) : nothing}
      </header>
      ${this.me ? this.renderBody() : this.renderLogin()}
    `;
  }

  private renderAgentBar(me: AgentSnapshot) {
    return html`
      <span class="state"
        ><span class="dot ${me.ready ? 'ready' : ''}"></span>${me.name} (${me.id}) ·
        ${me.ready ? 'Ready' : 'Not Ready'}</span
      >
      ${
        me.supervisor
          ? nothing
          : html` <button @click=${() => this.run('setReady', { ready: !me.ready })}>
              ${me.ready ? 'Go Not Ready' : 'Go Ready'}
            </button>`
      }
      <button @click=${() => (this.view = this.view === 'outbox' ? 'contacts' : 'outbox')}>
        ${this.view === 'outbox' ? 'Contacts' : `Outbox (${this.outbox.length})`}
      </button>
      <button @click=${() => this.logout()}>Log out</button>
    `;
  }

  private renderLogin() {
    return html`
      <form class="login" @submit=${this.login} aria-label="Agent login">
        <h1>Sign in</h1>
        <label>Agent ID<br /><input name="agentId" autocomplete="username" required value="5001" /></label>
        <label>Password<br /><input name="password" type="password" autocomplete="current-password" required /></label>
        <button class="primary" type="submit">Log in</button>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </form>
    `;
  }

  private renderBody() {
    const me = this.me!;
    const all = [...this.contacts.values()];
    const offered = all.filter((c) => c.offeredTo === me.id);
    const mine = all.filter((c) => c.participants.some((p) => p.id === me.id) || c.state === 'closed');
    const others = me.supervisor
      ? all.filter((c) => c.state === 'active' && !c.participants.some((p) => p.id === me.id))
      : [];
    const shown = new Set([...offered, ...mine, ...others].map((c) => c.id));
    const selected = this.selected && shown.has(this.selected) ? this.contacts.get(this.selected) : undefined;
    return html`
      <div class="body">
        <nav aria-label="Contacts">
          ${offered.map(
            (c) =>
              html` <div class="alert" role="alert">
                <strong>${c.kind === 'voice' ? 'Incoming callback' : 'Incoming chat'} · ${c.skillset}</strong>
                <span>${c.customer.name}</span>
                <span>
                  <button
                    class="good"
                    @click=${async () => {
                      await this.run('answer', { contactId: c.id });
                      this.selected = c.id;
                    }}
                  >
                    Answer
                  </button>
                  ${c.kind === 'voice' ? html`<button @click=${() => this.run('close', { contactId: c.id })}>End</button>` : nothing}
                </span>
              </div>`,
          )}
          <div class="section row">
            My contacts
            ${
              mine.some((c) => c.state === 'closed')
                ? html`<button class="link" @click=${() => this.clearEnded()}>Clear ended</button>`
                : nothing
            }
          </div>
          ${mine.length === 0 ? html`<div class="section muted">None yet</div>` : nothing}
          ${mine.map((c) => this.renderTab(c))}
          ${
            me.supervisor
              ? html` <div class="section">Active chats</div>
                  ${others.map(
                    (c) =>
                      html` <button
                          class="tab"
                          @click=${() => (this.selected = c.id)}
                          aria-selected=${this.selected === c.id}
                        >
                          ${c.customer.name}
                          <div class="sub">${c.participants.map((p) => p.name).join(', ')}</div>
                        </button>
                        <button @click=${() => this.run('observe', { contactId: c.id })}>Observe</button>`,
                  )}`
              : nothing
          }
          ${this.error ? html`<p class="error pad" role="alert">${this.error}</p>` : nothing}
        </nav>
        <main>
          ${
            this.view === 'outbox'
              ? this.renderOutbox()
              : selected
                ? html` <contact-pane
                    .contact=${selected}
                    .me=${me}
                    .agents=${this.agents}
                    .skillsets=${this.skillsets}
                    .connection=${this.connection}
                    .customerTyping=${this.typing.has(selected.id)}
                  ></contact-pane>`
                : html`<div class="empty">${me.ready ? 'Waiting for contacts…' : 'Go Ready to receive contacts'}</div>`
          }
        </main>
      </div>
    `;
  }

  /** Forget ended contacts (they stay in the simulator; this only tidies the list). */
  private clearEnded(): void {
    this.contacts = new Map([...this.contacts].filter(([, c]) => c.state !== 'closed'));
  }

  private renderTab(c: ContactSnapshot) {
    const last = c.transcript.at(-1);
    return html`
      <button
        class="tab"
        role="tab"
        aria-selected=${this.selected === c.id}
        @click=${() => {
          this.selected = c.id;
          this.view = 'contacts';
        }}
      >
        ${c.kind === 'voice' ? '☎ ' : ''}${c.customer.name}
        <div class="sub">
          ${c.state === 'closed' ? 'Ended' : c.skillset}${last ? ` · ${last.text.slice(0, 40)}` : ''}
        </div>
      </button>
    `;
  }

  private renderOutbox() {
    return html`
      <section class="outbox" aria-label="Outbox">
        ${this.outbox.length === 0 ? html`<p class="muted">No transcript e-mails yet.</p>` : nothing}
        ${[...this.outbox].reverse().map(
          (m) =>
            html` <article>
              <strong>${m.subject}</strong>
              <div class="muted">To ${m.to} · ${new Date(m.at).toLocaleString()}</div>
              <pre>${m.body}</pre>
            </article>`,
        )}
      </section>
    `;
  }
}

customElements.define('agent-desktop', AgentDesktop);

declare global {
  interface HTMLElementTagNameMap {
    'agent-desktop': AgentDesktop;
  }
}
