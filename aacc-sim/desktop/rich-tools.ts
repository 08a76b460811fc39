import { LitElement, css, html, nothing } from 'lit';
import type { RichResponseSeed } from '../src/options.js';
import { theme } from './styles.js';

/** How a command reaches the simulator (the pane's `run`, which shows failures). */
export type RunCommand = (name: string, args?: Record<string, unknown>) => Promise<void>;

const SHARED_FILES = '/sim/files';
const MAX_BYTES = 10 * 1024 * 1024;

/**
 * The agent's rich media tools, as an AACC workspace with a rich media widget and a file server offers them: a
 * palette of Parley's rich responses (sending one types `/rich CODE`, which Parley expands), and an attach button
 * (the file goes to the simulator's file server and its URL is pushed to the customer, shown as a link card).
 */
export class RichTools extends LitElement {
  static override properties = {
    responses: { attribute: false },
    run: { attribute: false },
    status: { state: true },
  };

  responses: RichResponseSeed[] = [];
  run: RunCommand = () => Promise.resolve();
  status = '';

  static override styles = [
    theme,
    css`
      :host {
        display: contents;
      }
      input[type='file'] {
        position: absolute;
        width: 1px;
        height: 1px;
        opacity: 0;
      }
      .status {
        font-size: 12px;
      }
    `,
  ];

  private readonly onSendRich = (): void => {
    const select = this.renderRoot.querySelector<HTMLSelectElement>('select[name=rich]');
    if (!select?.value) return;
    void this.run('say', { text: `/rich ${select.value}` });
    select.value = '';
  };

  private readonly onPick = async (e: Event): Promise<void> => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_BYTES) {
      this.status = `${file.name} is larger than 10 MB`;
      return;
    }
    this.status = `Sending ${file.name}…`;
    try {
      const res = await fetch(`${SHARED_FILES}?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { 'Content-Type': file.type || 'application/octet-stream' },
        body: file,
      });
      if (!res.ok) throw new Error(`the file server answered ${res.status}`);
      const { url } = (await res.json()) as { url: string };
      await this.run('pushUrl', { url });
      this.status = `${file.name} sent`;
    } catch (err) {
      this.status = `${file.name} not sent: ${err instanceof Error ? err.message : String(err)}`;
    }
  };

  override render() {
    return html`
      ${
        this.responses.length > 0
          ? html`<select name="rich" aria-label="Rich response">
                <option value="">Rich response…</option>
                ${this.responses.map(
                  (r) => html`<option value=${r.code} title=${r.fallback ?? ''}>${r.title} (/rich ${r.code})</option>`,
                )}
              </select>
              <button @click=${this.onSendRich}>Send rich</button>`
          : nothing
      }
      <input id="attach" type="file" aria-label="Attach a file" @change=${this.onPick} tabindex="-1" />
      <button @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#attach')?.click()}>Attach file</button>
      <span class="status muted" role="status">${this.status}</span>
    `;
  }
}

customElements.define('rich-tools', RichTools);

declare global {
  interface HTMLElementTagNameMap {
    'rich-tools': RichTools;
  }
}
