/**
 * The customer's side of the demo site as a person uses it: the launcher, the chat panel, the
 * transcript, the composer and form cards, found by role and accessible name (Playwright pierces
 * the widget's open shadow roots). Also reads what the widget stored (the conversation token) and
 * the server's transcript API, to check the visible transcript against the durable one.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { newContext, STEP_TIMEOUT_MS, watchProblems, type PageProblems } from './browser.js';
import { waitUntil } from './wait.js';

/** One rendered transcript entry, read from the `parley-message` element. */
export interface RenderedMessage {
  id: string;
  seq: number;
  conversationId: string;
  clientMsgId?: string;
  role: string;
  type: string;
  /** For text content: the text; for events: the event name; forms: the form id. */
  key: string;
  /** What the entry shows (text content of its shadow root, whitespace collapsed). */
  shown: string;
}

/** The durable transcript (GET /api/conversations/:id/transcript). */
export interface ServerTranscript {
  conversation: { id: string; status: string; channel: string; view: { status: string } };
  messages: Array<{
    id: string;
    seq: number;
    clientMsgId?: string;
    author: { role: string; name?: string };
    content: Record<string, unknown> & { type: string };
  }>;
}

export class CustomerPage {
  constructor(
    readonly page: Page,
    /** The panel's title (the demo site sets data-title). */
    readonly title = 'Northwind Energy',
  ) {}

  get launcher(): Locator {
    return this.page.getByRole('button', { name: /^(Open|Close) chat/ });
  }

  get panel(): Locator {
    return this.page.getByRole('region', { name: this.title });
  }

  get log(): Locator {
    return this.page.getByRole('log', { name: 'Conversation' });
  }

  get composer(): Locator {
    return this.page.getByRole('textbox', { name: 'Message' });
  }

  get status(): Locator {
    return this.panel.locator('[part="status"]');
  }

  /** Loads the demo site and waits for the launcher. */
  async goto(baseUrl: string, path = '/'): Promise<void> {
    await this.page.goto(new URL(path, baseUrl).toString(), { waitUntil: 'load' });
    await this.launcher.waitFor({ state: 'visible' });
  }

  /**
   * Opens the panel with the launcher (unless already open) and waits for the transcript. A page whose visitor left
   * the panel open (in another tab too) reopens it by itself once the widget has booted, and the transcript shows
   * only when the panel chunk has loaded: deciding on the transcript's visibility before then clicked an opening
   * panel shut. So decide on the booted launcher's aria-expanded.
   */
  async open(): Promise<void> {
    await this.page.waitForFunction(() => customElements.get('parley-chat') !== undefined);
    if ((await this.launcher.getAttribute('aria-expanded')) !== 'true') await this.launcher.click();
    await this.log.waitFor({ state: 'visible' });
  }

  /** Types a message and presses Enter, as a person does. */
  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press('Enter');
  }

  /** Waits until the transcript shows `text` (substring, or a pattern). */
  async waitForText(text: string | RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<Locator> {
    const hit = this.log.getByText(text).last();
    try {
      await hit.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (err) {
      // Say what the visitor saw instead: the end of the transcript and the status line.
      const seen = await this.messages().then(
        (all) =>
          all
            .slice(-8)
            .map((m) => `  ${m.role}/${m.type}: ${m.shown.slice(0, 120)}`)
            .join('\n'),
        () => '  (unreadable)',
      );
      const status = await this.status.textContent({ timeout: 1000 }).catch(() => '?');
      throw new Error(`${(err as Error).message.split('\n')[0]}\nstatus: ${status}\nlast entries:\n${seen}`);
    }
    return hit;
  }

  /** Every `parley-message` in display order, with its stored identity. */
  async messages(): Promise<RenderedMessage[]> {
    return this.page.locator('parley-message').evaluateAll((els) =>
      els.map((el) => {
        const m = (
          el as unknown as {
            message: {
              id: string;
              seq: number;
              conversationId: string;
              clientMsgId?: string;
              author: { role: string };
              content: Record<string, unknown> & { type: string };
            };
          }
        ).message;
        const c = m.content;
        const key =
          c.type === 'text'
            ? String(c['text'])
            : c.type === 'event'
              ? String(c['event'])
              : c.type === 'form'
                ? String(c['formId'])
                : c.type === 'postback'
                  ? String(c['label'])
                  : c.type;
        const shown = (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
        return {
          id: m.id,
          seq: m.seq,
          conversationId: m.conversationId,
          ...(m.clientMsgId ? { clientMsgId: m.clientMsgId } : {}),
          role: m.author.role,
          type: c.type,
          key,
          shown,
        };
      }),
    );
  }

  /** Messages still in the outbox (shown as "Sending…" bubbles), by text. */
  async pendingTexts(): Promise<string[]> {
    return this.page.locator('parley-message-list .pending .bubble').allTextContents();
  }

  /** Waits until a customer/agent/bot text message with exactly `text` is rendered, returns how many are. */
  async countText(text: string): Promise<number> {
    return (await this.messages()).filter((m) => m.type === 'text' && m.key === text).length;
  }

  /** The conversation token and id the widget keeps in localStorage (shared by all tabs). */
  async stored(): Promise<{ token: string; conversationId: string }> {
    return waitUntil(
      () =>
        this.page.evaluate(() => {
          const localStorage = (
            globalThis as unknown as { localStorage: { getItem(k: string): string | null } & Record<string, unknown> }
          ).localStorage;
          for (const key of Object.keys(localStorage)) {
            if (!key.startsWith('parley:') || !key.endsWith(':conversation')) continue;
            const snap = JSON.parse(localStorage.getItem(key) ?? 'null') as {
              token?: string;
              conversationId?: string;
            } | null;
            if (snap?.token && snap.conversationId) return { token: snap.token, conversationId: snap.conversationId };
          }
          return undefined;
        }),
      'the widget to store a conversation token',
    );
  }

  /** The server's durable transcript of this page's conversation. */
  async serverTranscript(baseUrl: string): Promise<ServerTranscript> {
    const { token, conversationId } = await this.stored();
    const res = await fetch(`${baseUrl}/api/conversations/${encodeURIComponent(conversationId)}/transcript`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`transcript HTTP ${res.status}: ${await res.text()}`);
    return (await res.json()) as ServerTranscript;
  }

  /** Fills a form card's fields by label and submits it with its button. */
  async submitForm(formName: string, values: Record<string, string>, submitLabel: string): Promise<Locator> {
    const form = this.page.getByRole('form', { name: formName }).last();
    await form.waitFor({ state: 'visible' });
    for (const [label, value] of Object.entries(values)) await fieldByLabel(form, label).fill(value);
    await form.getByRole('button', { name: submitLabel }).click();
    return form;
  }

  /** Clicks a quick reply / postback button of the newest bot message. */
  async choose(label: string): Promise<void> {
    await this.log.getByRole('button', { name: label, exact: true }).last().click();
  }

  /** Walks the bot to the human hand-off: asks for a person, fills name and phone, sees the Chat | Voice choice. */
  async askForHuman(details: { name: string; phone: string }): Promise<void> {
    await this.send('can I speak to a real person?');
    await this.submitForm('Your details', { 'Your name': details.name, 'Phone number': details.phone }, 'Continue');
    await this.waitForText('Talk to an agent using:');
  }
}

/** A form field by its label as the flow wrote it, whether or not the widget marks it "(optional)". */
export function fieldByLabel(form: Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return form.getByLabel(new RegExp(`^${escaped}( \\((optional|facultatif)\\))?$`));
}

/** A new visitor (own context, problems watched from the start) on the demo site, panel open, the bot's greeting shown. */
export async function greetedCustomer(
  browser: Browser,
  baseUrl: string,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ chat: CustomerPage; problems: PageProblems; context: BrowserContext }> {
  const context = await newContext(browser, options);
  const problems = await watchProblems(context);
  const chat = new CustomerPage(await context.newPage());
  await chat.goto(baseUrl);
  await chat.open();
  await chat.waitForText('What can I help you with?');
  return { chat, problems, context };
}
