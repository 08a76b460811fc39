/**
 * The simulated AACC agent desktop (aacc-sim/desktop) as an agent uses it: log in, go Ready, answer
 * the incoming alert, read the customer's details, chat, transfer, conference, leave and close.
 * Found by role and accessible name.
 */
import type { Locator, Page } from 'playwright-core';

export class AgentPage {
  constructor(
    readonly page: Page,
    readonly agentId: string,
  ) {}

  /** The incoming chat or callback alerts in the contact list. */
  alert(customerName: string, kind: 'chat' | 'callback' = 'chat'): Locator {
    return this.page
      .getByRole('navigation', { name: 'Contacts' })
      .getByRole('alert')
      .filter({ hasText: kind === 'chat' ? 'Incoming chat' : 'Incoming callback' })
      .filter({ hasText: customerName });
  }

  get details(): Locator {
    return this.page.getByRole('complementary', { name: 'Customer details' });
  }

  get transcript(): Locator {
    return this.page.getByRole('log', { name: 'Transcript' });
  }

  get composer(): Locator {
    return this.page.getByRole('textbox', { name: 'Message' });
  }

  get actions(): Locator {
    return this.page.getByRole('toolbar', { name: 'Chat actions' });
  }

  /** Opens the desktop and signs in. */
  async login(desktopUrl: string, password = 'agent'): Promise<void> {
    await this.page.goto(desktopUrl, { waitUntil: 'load' });
    const form = this.page.getByRole('form', { name: 'Agent login' });
    await form.getByLabel('Agent ID').fill(this.agentId);
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button', { name: 'Log in' }).click();
    await this.page.getByRole('button', { name: /^Go (Not )?Ready$/ }).waitFor();
  }

  async goReady(): Promise<void> {
    await this.page.getByRole('button', { name: 'Go Ready' }).click();
    await this.page.getByRole('button', { name: 'Go Not Ready' }).waitFor();
  }

  /** Answers the alert for `customerName`; the contact opens. */
  async answer(customerName: string, kind: 'chat' | 'callback' = 'chat'): Promise<void> {
    const alert = this.alert(customerName, kind);
    await alert.getByRole('button', { name: 'Answer' }).click();
    await alert.waitFor({ state: 'detached' });
  }

  /** Opens the contact tab of `customerName` in "My contacts". */
  async select(customerName: string): Promise<void> {
    await this.page.getByRole('tab').filter({ hasText: customerName }).first().click();
  }

  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press('Enter');
  }

  /** Waits until the open chat's transcript shows `text`. */
  async waitForText(text: string | RegExp): Promise<void> {
    await this.transcript.getByText(text).last().waitFor();
  }

  /** How many transcript entries of the open chat have exactly `text`. */
  async countText(text: string): Promise<number> {
    return this.transcript
      .locator('.text')
      .filter({ hasText: new RegExp(`^${escapeRegExp(text)}$`) })
      .count();
  }

  async transfer(toAgentId: string): Promise<void> {
    await this.actions.getByLabel('Transfer or conference target').selectOption(`agent:${toAgentId}`);
    await this.actions.getByRole('button', { name: 'Transfer' }).click();
  }

  async conference(otherAgentId: string): Promise<void> {
    await this.actions.getByLabel('Transfer or conference target').selectOption(`agent:${otherAgentId}`);
    await this.actions.getByRole('button', { name: 'Conference' }).click();
  }

  async leave(): Promise<void> {
    await this.actions.getByRole('button', { name: 'Leave' }).click();
  }

  async closeChat(): Promise<void> {
    await this.actions.getByRole('button', { name: 'Close chat' }).click();
  }

  async logout(): Promise<void> {
    await this.page.getByRole('button', { name: 'Log out' }).click();
    await this.page.getByRole('form', { name: 'Agent login' }).waitFor();
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
