/**
 * Escalation to a human over the real EWC path (server -> built-in AACC simulator), in Chromium:
 * the customer's widget on the demo site and agents on the simulator's agent desktop. Chat both
 * ways, typing both ways, transfer, conference and leave, agent and customer ends; resilience of
 * the EWC socket (drop, refused reconnects); and (escalation-load.test.ts) 20 concurrent customers served by 3 agents.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { AgentPage } from './support/agent-page.js';
import { launchBrowser, newContext, watchProblems, type PageProblems } from './support/browser.js';
import { CustomerPage } from './support/customer-page.js';
import { Expectations } from './support/expectations.js';
import { startE2eServer, type E2eServer } from './support/e2e-server.js';
import type { SimContact } from './support/sim-client.js';
import { waitUntil } from './support/wait.js';

const TEST_TIMEOUT = 300_000;
/** EWC reconnects: few and quick, so "all attempts failed" is reached in seconds. */
const RECONNECT_ATTEMPTS = 3;
const AGENTS = ['5001', '5002', '5003'];

describe('escalation to an AACC agent (Chromium + agent desktop)', { timeout: 1_500_000 }, () => {
  let env: E2eServer;
  let browser: Browser;
  let contexts: BrowserContext[] = [];

  before(async () => {
    [env, browser] = await Promise.all([
      startE2eServer({
        wsReconnectMaxAttempt: String(RECONNECT_ATTEMPTS),
        wsReconnectInterval: '500',
        agentWaitInterval: '900000',
      }),
      launchBrowser(),
    ]);
  });

  after(async () => {
    await browser?.close();
    await env?.stop();
  });

  afterEach(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    contexts = [];
    deskProblems = [];
    // Every scenario starts with no open chat and all agents logged out.
    await env.sim.closeAllChats();
    for (const agentId of AGENTS) await env.sim.call('logout', { agentId }).catch(() => undefined);
  });

  async function customer(name: string) {
    const context = await newContext(browser);
    contexts.push(context);
    const problems = await watchProblems(context);
    const chat = new CustomerPage(await context.newPage());
    await chat.goto(env.baseUrl);
    await chat.open();
    await chat.waitForText('What can I help you with?');
    return { chat, problems, name };
  }

  /** The customer asks for a person, gives name and phone, and chooses Chat. */
  async function escalateToChat(chat: CustomerPage, name: string, phone = '07400 123456'): Promise<SimContact> {
    await chat.askForHuman({ name, phone });
    await chat.choose('Chat');
    await chat.waitForText("I'm connecting you to an agent");
    return env.sim.waitForContact(
      (c) => c.kind === 'chat' && c.customer.name === name && c.state !== 'closed',
      `${name}'s chat in the contact center`,
    );
  }

  /** What the agent desktops did that they never should (dialogs, errors), across the scenario. */
  let deskProblems: PageProblems[] = [];

  async function agent(agentId: string): Promise<AgentPage> {
    const context = await newContext(browser);
    contexts.push(context);
    deskProblems.push(await watchProblems(context));
    const desk = new AgentPage(await context.newPage(), agentId);
    await desk.login(env.desktopUrl);
    return desk;
  }

  test(
    'chat with agents: details, messages and typing both ways, transfer, conference, leave, agent closes',
    { timeout: TEST_TIMEOUT },
    async () => {
      const later = new Expectations();
      const { chat, problems } = await customer('Ann Smith');
      const queued = await escalateToChat(chat, 'Ann Smith', '07400 123456');
      assert.equal(queued.customer.phone, '+447400123456');

      // The agent logs in, goes Ready and is offered the chat with the customer's details.
      const smith = await agent('5001');
      await smith.goReady();
      await smith.alert('Ann Smith').waitFor();
      await smith.details.getByText('Ann Smith', { exact: true }).waitFor();
      await smith.details.getByText('+447400123456').waitFor();
      await smith.details.getByText('Bot summary', { exact: true }).waitFor();
      await smith.details.getByText('Intent', { exact: true }).waitFor();
      await smith.details.getByText('can I speak to a real person?').waitFor();
      const offered = await env.sim.contact(queued.id);
      const fields = Object.fromEntries(offered.customer.customFields.map((f) => [f.title, f.value]));
      assert.match(
        fields['Bot summary'] ?? '',
        /real person/,
        'the bot summary tells the agent what the customer asked',
      );
      assert.ok(fields['Intent'], 'the detected intent is passed on');

      await smith.answer('Ann Smith');
      await waitForStatus(chat, 'Chatting with Agent Smith');
      await later.eventually(
        () => chat.waitForText('Agent Smith joined the chat', 5000),
        'the customer is told "Agent Smith joined the chat"',
      );

      // Messages both ways.
      await smith.send('Hello Ann, this is Agent Smith. How can I help?');
      await chat.waitForText('Hello Ann, this is Agent Smith. How can I help?');
      await chat.send('My bill looks too high this month.');
      await smith.waitForText('My bill looks too high this month.');
      // Markup from the customer is text on the agent's screen too.
      const attack = '<img src=x onerror=alert(1)><script>alert(2)</script>';
      await chat.send(attack);
      await smith.transcript.getByText(attack, { exact: true }).waitFor();
      assert.equal(
        await smith.transcript.locator('img, script').count(),
        0,
        'no element was created from customer text',
      );

      // Typing both ways.
      // Typing is throttled on the way (a pulse every few seconds), so type at a person's pace.
      await Promise.all([
        chat.composer.pressSequentially('I was charged twice for the same meter reading in March', { delay: 250 }),
        smith.page.getByText('Ann Smith is typing…').waitFor(),
      ]);
      await chat.composer.fill('');
      await Promise.all([
        smith.composer.pressSequentially('Let me check your account for you', { delay: 150 }),
        chat.log.getByText('Agent Smith is typing…').waitFor(),
      ]);
      await smith.composer.fill('');

      // Transfer to a second agent; the customer is told.
      const jones = await agent('5002');
      await jones.goReady();
      await smith.transfer('5002');
      await jones.alert('Ann Smith').waitFor();
      await later.eventually(
        () => chat.waitForText('You are being transferred to another agent', 5000),
        'the customer is told about the transfer',
      );
      await jones.answer('Ann Smith');
      await waitForStatus(chat, 'Chatting with Agent Jones');
      await later.eventually(
        () => chat.waitForText('Agent Jones joined the chat', 5000),
        'the customer is told "Agent Jones joined the chat"',
      );
      await jones.send('Hi Ann, Agent Jones here, I look after billing.');
      await chat.waitForText('Hi Ann, Agent Jones here, I look after billing.');
      await jones.waitForText('My bill looks too high this month.');

      // Conference Agent Smith back in, then Smith leaves.
      await jones.conference('5001');
      await waitForStatus(chat, /Chatting with .*Agent Smith/);
      await later.eventually(
        () => chat.waitForText(/Agent Smith joined the (conversation|chat)/, 5000),
        'the customer is told Agent Smith joined the conversation',
      );
      await smith.select('Ann Smith');
      await smith.waitForText('Hi Ann, Agent Jones here, I look after billing.');
      await smith.send('Smith here too, for a second.');
      await chat.waitForText('Smith here too, for a second.');
      await smith.leave();
      await waitForStatus(chat, /^Chatting with Agent Jones$/);
      await later.eventually(
        () => chat.waitForText('Agent Smith left the chat', 5000),
        'the customer is told "Agent Smith left the chat"',
      );
      await jones.send('It is just me again.');
      await chat.waitForText('It is just me again.');

      // The agent closes: the customer sees the end.
      await jones.closeChat();
      await jones.transcript.getByText(/Chat ended/).waitFor();
      await waitForStatus(chat, 'Conversation ended');
      await chat.waitForText('Conversation ended');
      later.check(
        (await chat.log.getByText('number 0 in the queue').count()) === 0,
        'no "You are number 0 in the queue" during the transfer',
      );

      // Nothing lost or doubled: each side has each message once.
      for (const text of [
        'Hello Ann, this is Agent Smith. How can I help?',
        'Hi Ann, Agent Jones here, I look after billing.',
        'It is just me again.',
        'My bill looks too high this month.',
      ]) {
        assert.equal(await chat.countText(text), 1, `customer sees "${text}" once`);
      }
      const closed = await env.sim.contact(queued.id);
      assert.equal(closed.state, 'closed');
      assert.equal(
        closed.transcript.filter((t) => t.from === 'customer' && t.text === 'My bill looks too high this month.')
          .length,
        1,
      );
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(problems.cspViolations, []);
      for (const desk of deskProblems) {
        assert.deepEqual(desk.dialogs, [], 'no dialog fired on an agent desktop');
        assert.deepEqual(desk.cspViolations, [], 'the agent desktop respects its CSP');
        assert.deepEqual(desk.pageErrors, [], 'no uncaught exception on an agent desktop');
      }
      later.assertAll();
    },
  );

  test('the customer ends the chat with "End chat"; the agent sees it end', { timeout: TEST_TIMEOUT }, async () => {
    const smith = await agent('5001');
    await smith.goReady();
    const { chat } = await customer('Bob Jones');
    const contact = await escalateToChat(chat, 'Bob Jones', '07400 123458');
    await smith.answer('Bob Jones');
    await waitForStatus(chat, 'Chatting with Agent Smith');
    await smith.send('Hi Bob.');
    await chat.waitForText('Hi Bob.');

    await chat.panel.getByRole('button', { name: 'End chat' }).click();
    const confirm = chat.panel.getByRole('group', { name: 'End this conversation?' });
    await confirm.getByRole('button', { name: 'End chat' }).click();
    await waitUntil(
      async () => (await chat.status.textContent())?.includes('Conversation ended'),
      'the panel to show the conversation ended',
    );
    await chat.panel.getByText('This conversation has ended.').waitFor();
    await smith.transcript.getByText('Chat ended (customer)').waitFor();
    assert.equal((await env.sim.contact(contact.id)).closedBy, 'customer');
  });

  test('EWC socket dropped mid-chat: nothing lost or doubled on either side', { timeout: TEST_TIMEOUT }, async () => {
    await env.sim.readyAgent('5001');
    const { chat } = await customer('Cara Drop');
    const contact = await escalateToChat(chat, 'Cara Drop', '07400 123459');
    await env.sim.call('answer', { agentId: '5001', contactId: contact.id });
    await waitForStatus(chat, 'Chatting with Agent Smith');
    await env.sim.call('say', { agentId: '5001', contactId: contact.id, text: 'before the drop' });
    await chat.waitForText('before the drop');
    await chat.send('customer before the drop');
    await waitUntil(
      async () => (await env.sim.contact(contact.id)).transcript.some((t) => t.text === 'customer before the drop'),
      'the agent to get the first message',
    );

    await env.sim.call('dropSocket', { guid: contact.guid });
    // Typed while the gateway reconnects: buffered, then delivered once.
    await chat.send('customer during the drop');
    await waitUntil(
      async () =>
        (await env.sim.contact(contact.id)).customerConnected === true &&
        (await env.sim.contact(contact.id)).transcript.some((t) => t.text === 'customer during the drop'),
      'the gateway to resume and deliver the buffered message',
    );
    await env.sim.call('say', { agentId: '5001', contactId: contact.id, text: 'after the drop' });
    await chat.waitForText('after the drop');
    await chat.send('customer after the drop');
    const final = await waitUntil(async () => {
      const c = await env.sim.contact(contact.id);
      return c.transcript.some((t) => t.text === 'customer after the drop') ? c : undefined;
    }, 'the agent to get the message after the drop');

    const customerTexts = final.transcript.filter((t) => t.from === 'customer').map((t) => t.text);
    for (const text of ['customer before the drop', 'customer during the drop', 'customer after the drop']) {
      assert.equal(customerTexts.filter((t) => t === text).length, 1, `agent side has "${text}" once`);
    }
    for (const text of ['before the drop', 'after the drop']) {
      assert.equal(await chat.countText(text), 1, `customer side has "${text}" once`);
      const stored = (await chat.serverTranscript(env.baseUrl)).messages.filter((m) => m.content['text'] === text);
      assert.equal(stored.length, 1, `stored "${text}" once`);
    }
    await env.sim.call('close', { agentId: '5001', contactId: contact.id });
  });

  test(
    'EWC unreachable after a drop: after every reconnect attempt the customer is told',
    { timeout: TEST_TIMEOUT },
    async () => {
      await env.sim.readyAgent('5001');
      const { chat } = await customer('Dan Lost');
      const contact = await escalateToChat(chat, 'Dan Lost', '07400 123450');
      await env.sim.call('answer', { agentId: '5001', contactId: contact.id });
      await waitForStatus(chat, 'Chatting with Agent Smith');
      try {
        await env.sim.call('refuseConnections', { on: true });
        await env.sim.call('dropSocket', { guid: contact.guid });
        await chat.waitForText('Sorry, we lost the connection to our agent', 60_000);
        await chat.log.getByRole('button', { name: 'Call me back' }).waitFor();
      } finally {
        await env.sim.call('refuseConnections', { on: false });
      }
    },
  );
});

/** Waits until the panel's status line matches (the conversation state the customer sees). */
async function waitForStatus(chat: CustomerPage, expected: string | RegExp): Promise<void> {
  await waitUntil(
    async () => {
      const text = ((await chat.status.textContent()) ?? '').trim();
      return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
    },
    `the status line to show ${String(expected)}`,
  );
}
