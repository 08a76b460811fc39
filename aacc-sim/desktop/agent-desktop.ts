import { LitElement, html, nothing } from 'lit';
import type { AgentSnapshot } from '../src/model/types.js';
import { groupContacts, renderContactList, renderOutbox } from './contact-list.js';
import './contact-pane.js';
import { DesktopSession } from './desktop-session.js';
import { desktopStyles } from './desktop-styles.js';
import { theme } from './styles.js';

/**
 * The simulated AACC agent desktop: login, Ready/Not Ready, offered contacts with Answer, chats in tabs,
 * outbox of transcript e-mails. Live over the simulator's agent socket ({@link DesktopSession}).
 */
export class AgentDesktop extends LitElement {
  static override properties = {
    view: { state: true },
  };

  static override styles = [theme, desktopStyles];

  view: 'contacts' | 'outbox' = 'contacts';
  private readonly session = new DesktopSession(this);

  private readonly onLogin = (e: SubmitEvent): void => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    void this.session.login(text('agentId'), text('password'));
  };

  override render() {
    const me = this.session.me;
    return html`
      <header>
        <div class="brand">AACC<span>·</span>SIM</div>
        <h1 class="title">Agent Desktop (simulator)</h1>
        <span class="spacer"></span>
        ${me ? this.renderAgentBar(me) : nothing}
      </header>
      ${me ? this.renderBody(me) : this.renderLogin()}
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
          : html` <button @click=${() => this.session.run('setReady', { ready: !me.ready })}>
              ${me.ready ? 'Go Not Ready' : 'Go Ready'}
            </button>`
      }
      <button @click=${() => (this.view = this.view === 'outbox' ? 'contacts' : 'outbox')}>
        ${this.view === 'outbox' ? 'Contacts' : `Outbox (${this.session.outbox.length})`}
      </button>
      <button @click=${() => this.session.logout()}>Log out</button>
    `;
  }

  private renderLogin() {
    const error = this.session.error;
    return html`
      <main>
        <form class="login" @submit=${this.onLogin} aria-label="Agent login">
          <h2>Sign in</h2>
          <label>Agent ID<br /><input name="agentId" autocomplete="username" required value="5001" /></label>
          <label
            >Password<br /><input name="password" type="password" autocomplete="current-password" required
          /></label>
          <button class="primary" type="submit">Log in</button>
          ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
        </form>
      </main>
    `;
  }

  private renderBody(me: AgentSnapshot) {
    const { session } = this;
    const groups = groupContacts(session, me);
    const selected = groups.selected;
    const openTab = (contactId: string) => {
      session.select(contactId);
      this.view = 'contacts';
    };
    return html`
      <main class="body">
        ${renderContactList(session, groups, openTab)}
        <div
          class="pane"
          id="contact-panel"
          role=${this.view === 'contacts' && selected ? 'tabpanel' : nothing}
          aria-labelledby=${this.view === 'contacts' && selected ? `tab-${selected.id}` : nothing}
        >
          ${
            this.view === 'outbox'
              ? renderOutbox(session.outbox)
              : selected
                ? html` <contact-pane
                    .contact=${selected}
                    .me=${me}
                    .agents=${session.agents}
                    .skillsets=${session.skillsets}
                    .richResponses=${session.richResponses}
                    .connection=${session.connection}
                    .customerTyping=${session.typing.has(selected.id)}
                    .notices=${session.notices.get(selected.id) ?? []}
                  ></contact-pane>`
                : html`<div class="empty">${me.ready ? 'Waiting for contacts…' : 'Go Ready to receive contacts'}</div>`
          }
        </div>
      </main>
    `;
  }
}

customElements.define('agent-desktop', AgentDesktop);

declare global {
  interface HTMLElementTagNameMap {
    'agent-desktop': AgentDesktop;
  }
}
