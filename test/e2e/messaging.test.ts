/**
 * The messaging channels end to end in Chromium, exactly as `npm start` runs them (Parley with the AACC simulator
 * and the aggregator simulator side by side): a customer on the simulator's phone page for WhatsApp, Messenger or
 * X chats with the bot, confirms name and number, chooses Chat, and an agent on the AACC agent desktop answers;
 * messages go both ways and the agent closes. A WhatsApp customer who chooses Voice makes the desktop ring with the
 * channel's number; a WhatsApp chat answered after 24 hours goes through the template path.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '../support/server-process.js';
import { AgentPage } from './support/agent-page.js';
import { launchBrowser, newContext, watchProblems, type PageProblems } from './support/browser.js';
import { startE2eServer, type E2eServer } from './support/e2e-server.js';
import { PhonePage, type PhoneChannel } from './support/phone-page.js';
import type { SimContact } from './support/sim-client.js';
import { waitUntil } from './support/wait.js';

const TEST_TIMEOUT = 120_000;
const AGENT = '5001';
const CHANNEL_LABEL: Record<PhoneChannel, string> = { whatsapp: 'WhatsApp', messenger: 'Messenger', x: 'X' };

describe('messaging channels: phone pages, the bot and the agent desktop (Chromium)', { timeout: 600_000 }, () => {
  let env: E2eServer;
  let browser: Browser;
  /** The aggregator simulator `npm start` runs beside Parley: phone pages and control API. */
  let aggregatorUrl: string;
  const contexts: BrowserContext[] = [];
  let problems: PageProblems[] = [];

  before(async () => {
    const port = await freePort();
    aggregatorUrl = `http://127.0.0.1:${port}`;
    [env, browser] = await Promise.all([startE2eServer({ AGGREGATOR_SIM_PORT: String(port) }), launchBrowser()]);
  });

  after(() => Promise.all([browser?.close(), env?.stop()]));

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
    problems = [];
    await env.sim.closeAllChats();
    await env.sim.call('logout', { agentId: AGENT }).catch(() => undefined);
  });

  async function page(): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    problems.push(await watchProblems(context));
    return context.newPage();
  }

  /** A customer who opened the channel's phone page and greeted the bot. */
  async function customer(channel: PhoneChannel, name: string, phone?: string): Promise<PhonePage> {
    const app = new PhonePage(await page(), channel);
    await app.start(aggregatorUrl, name, phone);
    await app.send('Hello');
    await app.waitForText('What can I help you with?');
    return app;
  }

  /** The agent on the desktop, logged in and Ready. */
  async function agent(): Promise<AgentPage> {
    const desk = new AgentPage(await page(), AGENT);
    await desk.login(env.desktopUrl);
    await desk.goReady();
    return desk;
  }

  /**
   * Asks for a person and confirms the details the bot asks one at a time: the name from the channel's profile,
   * then the number (WhatsApp's own, confirmed; typed on Messenger and X), skips the e-mail and declines the consent.
   * Ends at "Talk to an agent using:".
   */
  async function toChoice(app: PhonePage, name: string, phone: string): Promise<void> {
    await app.send('Talk to an agent');
    await app.waitForText(`Your name: ${name}`);
    await app.tap('Yes');
    if (app.channel === 'whatsapp') {
      await app.waitForText(new RegExp(`Phone number[^:]*: \\${phone}`));
      await app.tap('Yes');
    } else {
      await app.waitForText(/Phone number/);
      await app.send(phone);
    }
    await app.waitForText('Email address (optional)');
    await app.tap('Skip');
    await app.waitForText(/Please answer Yes or No/);
    await app.tap('No');
    await app.waitForText('Talk to an agent using:');
  }

  /** The agent Ready on the desktop, and a customer who greeted the bot and confirmed their details. */
  async function atChoice(channel: PhoneChannel, name: string, phone: string) {
    const desk = await agent();
    const app = await customer(channel, name, phone);
    await toChoice(app, name, phone);
    return { desk, app };
  }

  /** Chooses Chat; resolves with the contact the AACC simulator offers. */
  async function chooseChat(app: PhonePage, name: string): Promise<SimContact> {
    await app.tap('Chat');
    await app.waitForText(/Connecting you to an agent/);
    return env.sim.waitForContact(
      (c) => c.kind === 'chat' && c.customer.name === name && c.state !== 'closed',
      `${name}'s chat in the contact center`,
    );
  }

  /** The aggregator simulator's control API (`POST /sim/control/<name>`). */
  async function aggregator<T>(name: string, args: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(`${aggregatorUrl}/sim/control/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    const body = (await res.json()) as { ok: boolean; result: T; error?: { message: string } };
    assert.ok(body.ok, `aggregator ${name}: ${body.error?.message ?? res.status}`);
    return body.result;
  }

  async function customerId(name: string): Promise<string> {
    const all = await aggregator<Array<{ id: string; name: string }>>('customers');
    const found = all.find((c) => c.name === name);
    assert.ok(found, `the aggregator knows ${name}`);
    return found.id;
  }

  function assertNoProblems(): void {
    for (const p of problems) {
      assert.deepEqual(p.pageErrors, [], 'no uncaught exception on a page');
      assert.deepEqual(p.cspViolations, [], 'every page respects its CSP');
      assert.deepEqual(p.dialogs, [], 'no dialog fired');
    }
  }

  for (const [channel, name, phone, expected] of [
    ['whatsapp', 'Ada Lovelace', '+447911123456', '+447911123456'],
    ['messenger', 'Grace Hopper', '07911 123457', '+447911123457'],
    ['x', 'Alan Turing', '07911 123458', '+447911123458'],
  ] as const) {
    test(
      `${channel}: details confirmed, Chat chosen, the agent answers, messages both ways, the agent closes`,
      { timeout: TEST_TIMEOUT },
      async () => {
        const { desk, app } = await atChoice(channel, name, phone);
        const contact = await chooseChat(app, name);

        // The desktop offers the chat with the customer's details and channel.
        await desk.alert(name).waitFor();
        await desk.details.getByText(name, { exact: true }).waitFor();
        await desk.details.getByText(expected).waitFor();
        await desk.details.getByText(`${CHANNEL_LABEL[channel]}: ${name}`).waitFor();
        assert.equal(contact.customer.phone, expected);

        await desk.answer(name);
        await app.waitForText('Agent Smith joined the chat.');
        await desk.send(`Hello ${name}, Agent Smith here. How can I help?`);
        await app.waitForText(`Hello ${name}, Agent Smith here. How can I help?`);
        await app.send('My meter is broken');
        await desk.waitForText('My meter is broken');
        await desk.send('An engineer will call tomorrow.');
        await app.waitForText('An engineer will call tomorrow.');

        await desk.closeChat();
        await desk.transcript.getByText(/Chat ended/).waitFor();
        await app.waitForText('The conversation has ended. Write again any time.');
        assert.equal(await app.countText('An engineer will call tomorrow.'), 1, 'the phone shows it once');
        assert.equal(await desk.countText('My meter is broken'), 1, 'the desktop shows it once');
        assert.equal((await env.sim.contact(contact.id)).state, 'closed');
        assertNoProblems();
      },
    );
  }

  test(
    "whatsapp: Voice with the channel's number confirmed, the desktop rings with that number",
    { timeout: TEST_TIMEOUT },
    async () => {
      const name = 'Mary Jackson';
      const { desk, app } = await atChoice('whatsapp', name, '+447400123457');
      await app.tap('Voice');
      // The callback form, one question at a time: WhatsApp's number is offered for confirmation, not asked.
      await app.waitForText(/Number to call[^:]*: \+447400123457/);
      await app.tap('Yes');
      await app.waitForText('When?');
      await app.tap('Call me now');
      await app.waitForText("We'll call you on +447400123457");

      await desk.alert(name, 'callback').waitFor();
      await desk.details.getByText(name, { exact: true }).waitFor();
      await desk.details.getByText('+447400123457').waitFor();
      await app.waitForText('Call: ringing');
      const call = await env.sim.waitForContact(
        (c) => c.kind === 'voice' && c.customer.name === name,
        `${name}'s callback in the contact center`,
      );
      // The callback REST carries the number in parts (country code apart); the desktop above shows it whole.
      assert.match(call.customer.phone ?? '', /7400123457$/, "the callback dials the customer's WhatsApp number");

      await desk.answer(name, 'callback');
      await app.waitForText('Call: connected');
      await desk.page.getByRole('group', { name: 'Callback' }).getByRole('button', { name: 'End' }).click();
      await app.waitForText('Call: completed');
      assertNoProblems();
    },
  );

  test(
    'whatsapp answered after 24 hours: template advice, a regular message refused in words, a template delivered, the reply reopens',
    { timeout: TEST_TIMEOUT },
    async () => {
      const name = 'Annie Easley';
      const { desk, app } = await atChoice('whatsapp', name, '+447911123459');
      const contact = await chooseChat(app, name);
      await desk.alert(name).waitFor();
      // The customer's last message, as WhatsApp stamped it, is now 25 hours old.
      await aggregator('age', { customerId: await customerId(name), hours: 25 });

      const refusals = desk.transcript.getByText(/^\[Parley\] WhatsApp did not deliver the message: .*template/);
      await desk.answer(name);
      await refusals.first().waitFor();

      await desk.send('Are you still there?');
      await waitUntil(async () => (await refusals.count()) === 2, 'the regular message to be refused in words');

      await desk.send('/template delayed_reply Annie');
      await app.template('delayed_reply').waitFor();
      await app.waitForText('Hello Annie, thank you for contacting us.');
      await desk.waitForText(/^\[Parley\] Template "WTM: Sorry for the delay" sent: Hello Annie, thank you/);
      // The outbox sends in order, so what was refused before the template would be on the phone by now.
      assert.equal(await app.countText('Agent Smith joined the chat.'), 0, 'no welcome outside the window');
      assert.equal(await app.countText('Are you still there?'), 0, 'the refused message never reached the phone');

      // The customer's reply reopens the window: regular messages go again.
      await app.send('Yes, still an issue');
      await desk.waitForText('Yes, still an issue');
      await desk.send('Thanks, looking now');
      await app.waitForText('Thanks, looking now');
      assert.equal(await refusals.count(), 2, 'nothing refused once the customer replied');

      await desk.closeChat();
      await app.waitForText('The conversation has ended. Write again any time.');
      assert.equal((await env.sim.contact(contact.id)).state, 'closed');
      assertNoProblems();
    },
  );
});
