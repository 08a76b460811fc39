// First: before any module that builds a zod schema (see jitless.ts).
import './jitless.js';
import { LitElement, css, html, nothing } from 'lit';
import type { CustomerView, PhoneMessage, ServerFrame } from '../src/phone-frames.js';
import { PhoneConnection } from './phone-connection.js';
import './phone-bubble.js';
import { controls, theme } from './theme.js';

type Channel = CustomerView['channel'];

const LABEL: Record<Channel, string> = { whatsapp: 'WhatsApp', messenger: 'Messenger', twitter: 'X' };

function channelOfPage(): Channel {
  const page = location.pathname.split('/').filter(Boolean).pop();
  return page === 'messenger' ? 'messenger' : page === 'x' ? 'twitter' : 'whatsapp';
}

/**
 * A phone-sized customer app for one channel: pick a name (and, on WhatsApp, a number), then chat. Shows what the
 * channel would show, with ticks on the customer's own messages (sent, delivered to the business, read by it).
 */
export class PhoneApp extends LitElement {
  static override properties = {
    channel: { reflect: true },
    customer: { state: true },
    messages: { state: true },
    typing: { state: true },
    connected: { state: true },
  };

  channel: Channel = channelOfPage();
  customer: CustomerView | undefined;
  messages: PhoneMessage[] = [];
  typing = false;
  connected = false;
  private readonly connection = new PhoneConnection(
    (f) => this.onFrame(f),
    (up) => (this.connected = up),
  );

  static override styles = [
    theme,
    controls,
    css`
      :host {
        display: flex;
        flex-direction: column;
        width: 375px;
        height: 740px;
        max-height: 100vh;
        border: 10px solid #1b1b1b;
        border-radius: 36px;
        overflow: hidden;
        background: var(--wall);
        box-shadow: 0 10px 40px rgba(0, 0, 0, 0.3);
      }
      header {
        background: var(--bar);
        color: var(--bar-fg);
        padding: 14px 16px 10px;
        border-bottom: 1px solid rgba(0, 0, 0, 0.1);
      }
      header h1 {
        font-size: 16px;
        margin: 0;
      }
      header p {
        margin: 2px 0 0;
        font-size: 12px;
        opacity: 0.8;
      }
      main {
        flex: 1;
        overflow-y: auto;
        padding: 10px;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      form {
        display: flex;
        gap: 6px;
        padding: 8px;
        background: var(--bar);
        align-items: center;
      }
      form.setup {
        flex-direction: column;
        align-items: stretch;
        padding: 24px;
        gap: 10px;
        background: transparent;
      }
      label {
        display: flex;
        flex-direction: column;
        gap: 4px;
        font-size: 13px;
      }
      input {
        font: inherit;
        padding: 8px 12px;
        border-radius: 18px;
        border: 1px solid #bbb;
        flex: 1;
        min-width: 0;
      }
      form button {
        border: none;
        border-radius: 18px;
        padding: 8px 14px;
        background: var(--accent);
        color: #fff;
      }
      .typing {
        font-style: italic;
        font-size: 13px;
        opacity: 0.7;
      }
      .sr {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.markRead);
    const saved = localStorage.getItem(this.storageKey());
    if (saved) {
      const { id, name, phone } = JSON.parse(saved) as { id: string; name: string; phone?: string };
      this.connection.start({ type: 'hello', channel: this.channel, name, phone, customerId: id });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.markRead);
    this.connection.close();
  }

  override render() {
    const title = this.customer ? this.customer.name : `${LABEL[this.channel]} customer`;
    const status = [`Simulated ${LABEL[this.channel]}`];
    if (this.customer?.phone) status.push(this.customer.phone);
    if (this.customer) status.push(this.connected ? 'online' : 'reconnecting…');
    return html`
      <header>
        <h1>${title}</h1>
        <p>${status.join(' · ')}</p>
      </header>
      ${this.customer ? this.conversation() : this.setup()}
    `;
  }

  private setup() {
    const whatsapp = this.channel === 'whatsapp';
    return html`<form class="setup" @submit=${this.start}>
      <p>Play a customer writing from ${LABEL[this.channel]}.</p>
      <label>Your name <input name="name" required maxlength="80" autocomplete="name" value="Jane Doe" /></label>
      ${
        whatsapp
          ? html`<label
              >Your phone number
              <input name="phone" required pattern="\\+[1-9][0-9]{6,14}" value="+447400123456" autocomplete="tel" />
            </label>`
          : nothing
      }
      <button type="submit">Start chatting</button>
    </form>`;
  }

  private conversation() {
    const lastBusiness = this.messages.findLastIndex((m) => m.from === 'business');
    return html`
      <main role="log" aria-live="polite" aria-label="Conversation" @tap=${this.onTap}>
        ${this.messages.map(
          (m, i) =>
            html`<phone-bubble
              .message=${m}
              ?latest=${i === lastBusiness && i === this.messages.length - 1}
            ></phone-bubble>`,
        )}
        ${this.typing ? html`<div class="typing">typing…</div>` : nothing}
      </main>
      <form @submit=${this.say}>
        <label class="sr" for="composer">Message</label>
        <input id="composer" name="text" autocomplete="off" maxlength="4096" placeholder="Message" />
        <button type="button" aria-label="Share location" @click=${this.shareLocation}>📍</button>
        <button type="submit">Send</button>
      </form>
    `;
  }

  private storageKey(): string {
    return `aggregator-sim:${this.channel}`;
  }

  private readonly start = (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const field = (key: string) => {
      const value = data.get(key);
      return typeof value === 'string' ? value.trim() : '';
    };
    const phone = this.channel === 'whatsapp' ? field('phone').replace(/\s/g, '') : undefined;
    const name = field('name');
    this.connection.start({ type: 'hello', channel: this.channel, name, phone });
  };

  private readonly say = (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const input = form.elements.namedItem('text') as HTMLInputElement;
    const text = input.value.trim();
    if (!text) return;
    this.connection.send({ type: 'say', text });
    input.value = '';
  };

  private readonly shareLocation = () => this.connection.send({ type: 'shareLocation' });

  private readonly onTap = (e: Event) => {
    const { messageId, actionId } = (e as CustomEvent<{ messageId: string; actionId: string }>).detail;
    this.connection.send({ type: 'tap', messageId, actionId });
  };

  private readonly markRead = () => {
    if (document.visibilityState === 'visible' && this.messages.some((m) => m.from === 'business')) {
      this.connection.send({ type: 'read' });
    }
  };

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        this.customer = frame.customer;
        this.messages = frame.messages;
        this.connection.resumeAs(frame.customer.id);
        localStorage.setItem(
          this.storageKey(),
          JSON.stringify({ id: frame.customer.id, name: frame.customer.name, phone: frame.customer.phone }),
        );
        this.markRead();
        break;
      case 'message':
        this.messages = [...this.messages, frame.message];
        if (frame.message.from === 'business') {
          this.typing = false;
          this.markRead();
        }
        break;
      case 'tick':
        this.messages = this.messages.map((m) => (m.id === frame.messageId ? { ...m, tick: frame.tick } : m));
        break;
      case 'typing':
        this.typing = frame.on;
        break;
      case 'error':
        break;
    }
    void this.updateComplete.then(() => {
      const main = this.renderRoot.querySelector('main');
      if (main) main.scrollTop = main.scrollHeight;
    });
  }
}
customElements.define('phone-app', PhoneApp);
