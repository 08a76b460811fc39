/**
 * Voice escalation by web callback, in Chromium, over the real path (server -> AACC callback REST
 * of the built-in simulator -> agent desktop): the customer chooses Voice, confirms the number and
 * asks to be called now; the desktop rings with the customer's details; the agent answers and
 * ends; the customer's chat shows every call status. Also: a scheduled callback cancelled from the
 * chat.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { AgentPage } from './support/agent-page.js';
import { launchBrowser, newContext, watchProblems } from './support/browser.js';
import { CustomerPage } from './support/customer-page.js';
import { startE2eServer, type E2eServer } from './support/e2e-server.js';
import { waitUntil } from './support/wait.js';

const TEST_TIMEOUT = 240_000;

describe('voice callback (Chromium + agent desktop)', { timeout: 900_000 }, () => {
  let env: E2eServer;
  let browser: Browser;
  let contexts: BrowserContext[] = [];

  before(async () => {
    [env, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await env?.stop();
  });

  afterEach(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    contexts = [];
    await env.sim.call('logout', { agentId: '5001' }).catch(() => undefined);
  });

  async function openChat() {
    const context = await newContext(browser);
    contexts.push(context);
    const problems = await watchProblems(context);
    const chat = new CustomerPage(await context.newPage());
    await chat.goto(env.baseUrl);
    await chat.open();
    await chat.waitForText('What can I help you with?');
    return { chat, problems };
  }

  /** Asks for a person, gives name and phone, chooses Voice; returns the callback form. */
  async function chooseVoice(chat: CustomerPage, name: string, phone: string) {
    await chat.askForHuman({ name, phone });
    await chat.choose('Voice');
    await chat.waitForText('Please confirm the number we should call, and when.');
    const form = chat.page.getByRole('form', { name: 'Call me back' }).last();
    await form.waitFor();
    return form;
  }

  test(
    'call me now: the desktop rings with the details, the agent answers and ends, the chat shows each status',
    { timeout: TEST_TIMEOUT },
    async () => {
      const desktopContext = await newContext(browser);
      contexts.push(desktopContext);
      const smith = new AgentPage(await desktopContext.newPage(), '5001');
      await smith.login(env.desktopUrl);
      await smith.goReady();

      const { chat, problems } = await openChat();
      const form = await chooseVoice(chat, 'Vera Voice', '07400 123471');
      // The number given earlier is pre-filled; "Call me now" is the default.
      assert.equal(await form.getByLabel('Number to call', { exact: true }).inputValue(), '+447400123471');
      assert.equal(await form.getByRole('radio', { name: 'Call me now' }).isChecked(), true);
      await form.getByRole('button', { name: 'Request a call' }).click();
      await chat.waitForText("We'll call you on +447400123471");
      await chat.waitForText(/Call: (callback requested|dialling)/);

      // The desktop rings with the customer's details.
      await smith.alert('Vera Voice', 'callback').waitFor();
      await smith.details.getByText('Vera Voice', { exact: true }).waitFor();
      await smith.details.getByText('+447400123471').waitFor();
      await smith.details.getByText('Bot summary', { exact: true }).waitFor();
      await chat.waitForText('Call: ringing');

      await smith.answer('Vera Voice', 'callback');
      await chat.waitForText('Call: connected');
      await smith.page.getByRole('group', { name: 'Callback' }).getByRole('button', { name: 'End' }).click();
      await chat.waitForText('Call: completed');

      // Each status once, in order, and stored.
      const statuses = (await chat.serverTranscript(env.baseUrl)).messages
        .filter((m) => m.content.type === 'event' && m.content['event'] === 'call_status')
        .map((m) => String((m.content['data'] as Record<string, unknown>)['status']));
      const order = ['ringing', 'connected', 'completed'];
      assert.deepEqual(
        statuses.filter((s) => order.includes(s)),
        order,
        `call statuses in order: ${statuses.join(', ')}`,
      );
      assert.ok(
        statuses.indexOf('requested') === 0 || statuses.indexOf('dialling') === 0,
        `the first status is requested or dialling: ${statuses.join(', ')}`,
      );
      assert.equal(new Set(statuses).size, statuses.length, `no status twice: ${statuses.join(', ')}`);
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(problems.cspViolations, []);
    },
  );

  test('a scheduled callback can be cancelled from the chat', { timeout: TEST_TIMEOUT }, async () => {
    const { chat } = await openChat();
    const form = await chooseVoice(chat, 'Sam Schedule', '07400 123472');
    await form.getByRole('radio', { name: 'At a time I choose' }).check();
    await form.getByLabel(/^Date and time:/).fill(nextWeekdayAt10());
    await form.getByRole('button', { name: 'Request a call' }).click();
    await chat.waitForText('Call: callback scheduled');

    const contact = await env.sim.waitForContact(
      (c) => c.kind === 'voice' && c.customer.name === 'Sam Schedule',
      'the scheduled callback in AACC',
    );
    assert.equal(contact.state, 'scheduled');

    await chat.log.getByRole('button', { name: 'Cancel call' }).click();
    await chat.waitForText('Call: cancelled');
    await waitUntil(
      async () => (await env.sim.contact(contact.id)).outcome === 'cancelled',
      'AACC to cancel the callback',
    );
    assert.equal(await chat.log.getByRole('button', { name: 'Cancel call' }).count(), 0, 'nothing left to cancel');
  });
});

/** `YYYY-MM-DDT10:00` (datetime-local) on the next Monday-Friday at least a day ahead, inside business hours. */
function nextWeekdayAt10(): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return `${d.toISOString().slice(0, 10)}T10:00`;
}
