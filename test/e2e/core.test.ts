/**
 * The visitor's journey on the demo site, in Chromium, against the real server (`npm start`):
 * launcher, welcome, a bot answer, asking for a person, the name/phone form with a kind inline
 * error, the Chat | Voice choice, history across a reload and a second tab, the strict CSP, XSS
 * attempts shown as text, and a message typed offline delivered exactly once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { launchBrowser, newContext, watchProblems } from './support/browser.js';
import { CustomerPage, fieldByLabel, type RenderedMessage } from './support/customer-page.js';
import { startE2eServer, type E2eServer } from './support/e2e-server.js';
import { waitUntil } from './support/wait.js';

/** Personal data that must never reach info-level logs (quality target S8). */
const CANARY = { name: 'Zebulon Canaryfield', phone: '07400 123457', e164: '+447400123457', text: 'canary-text-7f3a9' };

const TEST_TIMEOUT = 240_000;

describe('customer journey on the demo site (Chromium)', { timeout: 900_000 }, () => {
  let env: E2eServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [env, browser] = await Promise.all([
      // Info level on purpose: the last test greps the logs for the visitor's personal data.
      startE2eServer({ LOG_LEVEL: 'info', agentWaitInterval: '900000' }),
      launchBrowser(),
    ]);
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await env?.stop();
  });

  async function freshContext(options: Parameters<typeof newContext>[1] = {}) {
    const context = await newContext(browser, options);
    contexts.push(context);
    const problems = await watchProblems(context);
    return { context, problems };
  }

  test(
    'ask the bot, ask for a person, forms, Chat | Voice, reload and a second tab',
    { timeout: TEST_TIMEOUT },
    async () => {
      const { context, problems } = await freshContext();
      const chat = new CustomerPage(await context.newPage());

      await chat.goto(env.baseUrl);
      assert.equal(await chat.launcher.getAttribute('aria-expanded'), 'false', 'the launcher starts closed');
      await chat.open();
      assert.equal(await chat.launcher.getAttribute('aria-expanded'), 'true');

      // Welcome from the bot.
      await chat.waitForText("I'm the Northwind Energy assistant");
      await chat.waitForText('What can I help you with?');

      // A question the bot answers.
      await chat.send('what are your opening hours?');
      await chat.waitForText('Monday to Friday 8am to 8pm');

      // Asking for a person opens the contact form.
      await chat.send('can I speak to a real person?');
      await chat.waitForText('may I have your name and phone number');
      const form = chat.page.getByRole('form', { name: 'Your details' }).last();
      await form.waitFor();

      // A typo in the phone number (letter O for zero): a kind inline error, nothing sent.
      const before = await chat.serverTranscript(env.baseUrl);
      await form.getByLabel('Your name', { exact: true }).fill(CANARY.name);
      const phone = fieldByLabel(form, 'Phone number');
      await phone.fill('0740O 123457');
      await form.getByRole('button', { name: 'Continue' }).click();
      assert.match(await fieldError(phone), /digits/, 'the error says what a phone number may contain');
      assert.deepEqual(await chat.pendingTexts(), [], 'nothing is waiting to be sent');
      const afterTypo = await chat.serverTranscript(env.baseUrl);
      assert.equal(
        afterTypo.messages.length,
        before.messages.length,
        'the server received nothing for the invalid form',
      );

      // Too short for a real number (only the server knows every country's rules): the server's verdict
      // is shown inline, on the field, and the form stays open.
      await phone.fill('0740 12');
      await form.getByRole('button', { name: 'Continue' }).click();
      assert.match(await fieldError(phone), /too short/, 'the server verdict is shown on the field');
      assert.equal(await form.getByRole('button', { name: 'Continue' }).isEnabled(), true, 'the form can be corrected');

      // A valid number, normalised to E.164.
      await phone.fill(CANARY.phone);
      await form.getByRole('button', { name: 'Continue' }).click();
      await chat.waitForText(`Thanks, ${CANARY.name}. Talk to an agent using:`);
      const accepted = (await chat.serverTranscript(env.baseUrl)).messages.filter(
        (m) => m.author.role === 'bot' && m.content['text'] === `Thanks, ${CANARY.name}. Talk to an agent using:`,
      );
      assert.equal(accepted.length, 1, 'the details were accepted once');
      await form.getByRole('button', { name: 'Sent' }).waitFor();

      // The Chat | Voice choice; choose Chat.
      const chatButton = chat.log.getByRole('button', { name: 'Chat', exact: true });
      const voiceButton = chat.log.getByRole('button', { name: 'Voice', exact: true });
      await chatButton.waitFor();
      await voiceButton.waitFor();
      await chatButton.click();
      await chat.waitForText("I'm connecting you to an agent");
      const contact = await env.sim.waitForContact(
        (c) => c.customer.name === CANARY.name,
        'the chat to reach the contact center',
      );
      assert.equal(
        contact.customer.phone,
        CANARY.e164,
        'the phone number is normalised to E.164 (as AACC receives it)',
      );
      await waitUntil(
        async () => /agent|queue/i.test((await chat.status.textContent()) ?? ''),
        'the status to show the hand-off',
      );

      // Reload: the same history, no duplicates.
      const beforeReload = await chat.messages();
      assertNoDuplicates(beforeReload, 'before reload');
      await chat.page.reload({ waitUntil: 'load' });
      await chat.log.waitFor({ state: 'visible' });
      const afterReload = await waitUntil(async () => {
        const now = await chat.messages();
        return containsInOrder(now, beforeReload) ? now : undefined;
      }, 'the reloaded transcript to hold every earlier message');
      assertNoDuplicates(afterReload, 'after reload');
      assert.equal(await chat.countText('what are your opening hours?'), 1);

      // A second tab of the same browser shows the same conversation, live both ways.
      const tab2 = new CustomerPage(await context.newPage());
      await tab2.goto(env.baseUrl);
      await tab2.open();
      await waitUntil(
        async () => containsInOrder(await tab2.messages(), beforeReload),
        'the second tab to show the conversation',
      );
      const fromTab1 = `hello from the first tab ${CANARY.text}`;
      await chat.send(fromTab1);
      await tab2.waitForText(fromTab1);
      await tab2.send('and hello from the second tab');
      await chat.waitForText('and hello from the second tab');
      for (const tab of [chat, tab2]) {
        assert.equal(await tab.countText(fromTab1), 1);
        assert.equal(await tab.countText('and hello from the second tab'), 1);
        assertNoDuplicates(await tab.messages(), 'tab');
      }
      const stored = await chat.serverTranscript(env.baseUrl);
      assert.equal(stored.messages.filter((m) => m.content['text'] === fromTab1).length, 1);
      assert.equal(stored.messages.filter((m) => m.content['text'] === 'and hello from the second tab').length, 1);

      // The demo page ships a strict CSP: nothing was blocked, nothing logged an error.
      assert.deepEqual(problems.cspViolations, [], 'no securitypolicyviolation events');
      assert.deepEqual(problems.consoleErrors, [], 'no console errors');
      assert.deepEqual(problems.pageErrors, [], 'no uncaught exceptions');
    },
  );

  test(
    'strict CSP: a first visit and a conversation raise no violation and no console error',
    { timeout: TEST_TIMEOUT },
    async () => {
      const { context, problems } = await freshContext();
      const chat = new CustomerPage(await context.newPage());
      const response = await chat.page.goto(env.baseUrl, { waitUntil: 'load' });
      const csp = response?.headers()['content-security-policy'] ?? '';
      assert.match(csp, /script-src 'self'/, 'the demo page is served with a strict CSP');
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      await chat.open();
      await chat.waitForText('What can I help you with?');
      await chat.choose('Tariffs');
      await chat.waitForText(/Flex|Fixed|tariff/i);
      assert.deepEqual(problems.cspViolations, []);
      assert.deepEqual(problems.consoleErrors, []);
      assert.deepEqual(problems.pageErrors, []);
    },
  );

  test('XSS: markup typed by the visitor is shown as text and never runs', { timeout: TEST_TIMEOUT }, async () => {
    const { context, problems } = await freshContext();
    const chat = new CustomerPage(await context.newPage());
    await chat.goto(env.baseUrl);
    await chat.open();
    await chat.waitForText('What can I help you with?');
    const attacks = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>'];
    for (const attack of attacks) {
      await chat.send(attack);
      await chat.log.getByText(attack, { exact: true }).waitFor();
      await waitUntil(async () => (await chat.countText(attack)) === 1, `"${attack}" stored and shown once`);
    }
    // Let the bot answer the last one, so every render has happened.
    await waitUntil(async () => (await chat.messages()).at(-1)?.role === 'bot', 'the bot to answer');
    assert.equal(await chat.page.locator('parley-message img').count(), 0, 'no <img> element was created from text');
    assert.equal(
      await chat.page.locator('parley-message script').count(),
      0,
      'no <script> element was created from text',
    );
    assert.deepEqual(problems.dialogs, [], 'no dialog fired');
    assert.deepEqual(problems.cspViolations, []);
    assert.deepEqual(problems.pageErrors, []);
  });

  test('offline: a message typed offline is delivered once when back online', { timeout: TEST_TIMEOUT }, async () => {
    const { context } = await freshContext();
    const chat = new CustomerPage(await context.newPage());
    await chat.goto(env.baseUrl);
    await chat.open();
    await chat.waitForText('What can I help you with?');
    await chat.stored();

    await context.setOffline(true);
    // Checked at the end, so a missing banner does not hide whether the message is delivered.
    const bannerShown = await chat.panel
      .getByText('You are offline')
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    const text = 'written while offline 4711';
    await chat.send(text);
    await waitUntil(async () => (await chat.pendingTexts()).includes(text), 'the message to wait in the outbox');

    await context.setOffline(false);
    await waitUntil(
      async () => (await chat.countText(text)) === 1 && (await chat.pendingTexts()).length === 0,
      'the message to be delivered',
    );
    // The bot answers it: processing is complete, nothing more is on its way.
    await waitUntil(async () => {
      const msgs = await chat.messages();
      const at = msgs.findIndex((m) => m.key === text);
      return at >= 0 && msgs.slice(at + 1).some((m) => m.role === 'bot');
    }, 'the bot to answer the offline message');
    const stored = await chat.serverTranscript(env.baseUrl);
    assert.equal(stored.messages.filter((m) => m.content['text'] === text).length, 1, 'stored exactly once');
    assert.equal(await chat.countText(text), 1, 'shown exactly once');
    assertNoDuplicates(await chat.messages(), 'after reconnect');
    assert.ok(bannerShown, 'going offline shows "You are offline" in the panel');
  });

  test("info-level logs of the whole run carry none of the visitor's personal data", () => {
    const out = env.server.output();
    assert.ok(out.length > 0, 'the server logged at info level');
    for (const canary of [CANARY.name, 'Canaryfield', CANARY.phone, CANARY.e164, CANARY.text]) {
      assert.equal(out.includes(canary), false, `"${canary}" appears in the server output`);
    }
  });
});

/** Waits until `field` is marked invalid and returns the error text tied to it (aria-describedby). */
async function fieldError(field: Locator): Promise<string> {
  await waitUntil(async () => (await field.getAttribute('aria-invalid')) === 'true', 'the field to be marked invalid');
  const id = await field.getAttribute('aria-describedby');
  assert.ok(id, 'the error is tied to the field for screen readers');
  return waitUntil(
    async () =>
      (
        await field.evaluate(
          (el, errorId) =>
            (
              el.getRootNode() as unknown as { getElementById(i: string): { textContent: string | null } | null }
            ).getElementById(errorId)?.textContent ?? '',
          id,
        )
      ).trim(),
    'the error text',
  );
}

/** Fails if a message id, or a (conversation, seq) pair, is rendered twice. */
function assertNoDuplicates(messages: RenderedMessage[], where: string): void {
  const ids = messages.map((m) => m.id);
  assert.equal(new Set(ids).size, ids.length, `duplicate message ids ${where}`);
  const seqs = messages.map((m) => `${m.conversationId}#${m.seq}`);
  assert.equal(new Set(seqs).size, seqs.length, `duplicate seqs ${where}`);
}

/** Whether `all` holds every message of `expected`, in the same order. */
function containsInOrder(all: RenderedMessage[], expected: RenderedMessage[]): boolean {
  const ids = all.map((m) => m.id);
  let last = -1;
  for (const m of expected) {
    const at = ids.indexOf(m.id);
    if (at <= last) return false;
    last = at;
  }
  return true;
}
