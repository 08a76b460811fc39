/**
 * A customer's phone as the aggregator simulator draws it (`/phone/whatsapp`, `/phone/messenger`, `/phone/x`): the
 * set-up form, the conversation log, reply buttons or chips, templates and the composer, found by role, label and
 * text (Playwright pierces the Lit shadow roots). The page object only reads what a person sees.
 */
import type { Locator, Page } from 'playwright-core';
import { STEP_TIMEOUT_MS } from './browser.js';

export type PhoneChannel = 'whatsapp' | 'messenger' | 'x';

export class PhonePage {
  constructor(
    readonly page: Page,
    readonly channel: PhoneChannel,
  ) {}

  get log(): Locator {
    return this.page.getByRole('log', { name: 'Conversation' });
  }

  get composer(): Locator {
    return this.page.getByRole('textbox', { name: 'Message' });
  }

  /** The header line under the customer's name: "Simulated WhatsApp · +44… · online". */
  get status(): Locator {
    return this.page.locator('phone-app header p');
  }

  /** Opens the channel's page (`simUrl` is the simulator's base URL) and starts chatting as `name`. */
  async start(simUrl: string, name: string, phone?: string): Promise<void> {
    await this.page.goto(`${simUrl}/phone/${this.channel}`, { waitUntil: 'load' });
    await this.page.getByLabel('Your name').fill(name);
    if (this.channel === 'whatsapp') await this.page.getByLabel('Your phone number').fill(phone ?? '+447400123456');
    await this.page.getByRole('button', { name: 'Start chatting' }).click();
    await this.log.waitFor();
    await this.status.getByText(/online$/).waitFor();
  }

  /** Types a message and sends it, then waits until it is shown as the customer's own. */
  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.page.getByRole('button', { name: 'Send', exact: true }).click();
    await this.log.locator('.mine').filter({ hasText: text }).last().waitFor();
  }

  /** Waits until the conversation shows `text` (substring, or a pattern); on failure says what the phone showed. */
  async waitForText(text: string | RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<Locator> {
    const hit = this.log.getByText(text).last();
    try {
      await hit.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (err) {
      const shown = await this.lastBubbles().catch(() => ['(unreadable)']);
      throw new Error(
        `${(err as Error).message.split('\n')[0]}\nthe ${this.channel} phone showed last:\n${shown.map((s) => `  ${s}`).join('\n')}`,
      );
    }
    return hit;
  }

  /** Taps a reply button, chip or bubble button of the latest message by its label. */
  async tap(label: string): Promise<void> {
    await this.log.getByRole('button', { name: label, exact: true }).last().click();
  }

  /** The reply options (WhatsApp reply buttons, Messenger and X chips) the latest message offers. */
  get suggestedReplies(): Locator {
    return this.log.getByRole('group', { name: 'Suggested replies' });
  }

  /** The template badge ("Template · NAME") of a template message. */
  template(name: string): Locator {
    return this.log.getByText(`Template · ${name}`);
  }

  /** How many bubbles show exactly `text` (business or customer). */
  async countText(text: string): Promise<number> {
    return this.log
      .locator('.text')
      .filter({ hasText: new RegExp(`^${escapeRegExp(text)}$`) })
      .count();
  }

  /** The last bubbles' texts, for failure messages. */
  async lastBubbles(n = 8): Promise<string[]> {
    const all = await this.log.locator('.bubble').allInnerTexts();
    return all.slice(-n).map((t) => t.replace(/\s+/g, ' ').trim().slice(0, 160));
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
