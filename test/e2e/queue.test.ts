/**
 * Waiting for an agent when none is free, in Chromium on the demo site against the real server and its built-in AACC
 * simulator with every agent Not Ready: the customer gives an e-mail and ticks the consent box (AACC's email intrinsic
 * carries it), sees their place in the queue and the estimated wait, sees the place move up when the customer ahead
 * gives up, and after QUEUE_OFFER_MESSAGE_AFTER is offered to leave a message instead, which withdraws the queued
 * contact and takes the message.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeViolations } from '../../aacc-sim/src/testing/axe.js';
import { launchBrowser } from './support/browser.js';
import { type CustomerPage, fieldByLabel, greetedCustomer } from './support/customer-page.js';
import { startE2eServer, type E2eServer } from './support/e2e-server.js';
import { waitUntil } from './support/wait.js';

/** queueStatus every 2 s (30 s in production), so the place moves up within seconds of the customer ahead leaving. */
const QUEUE_STATUS_MS = 2000;
/** Long enough for the place to be seen at 2 and then 1 before the offer comes. */
const OFFER_AFTER_S = 12;
const AGENTS = ['5001', '5002', '5003'];

let env: E2eServer;
let browser: Browser;

before(async () => {
  [env, browser] = await Promise.all([
    startE2eServer({
      QUEUE_OFFER_MESSAGE_AFTER: String(OFFER_AFTER_S),
      EWC_QUEUE_STATUS_INTERVAL: String(QUEUE_STATUS_MS),
      agentWaitInterval: '900000',
    }),
    launchBrowser(),
  ]);
  // Every agent signed in but Not Ready: chats queue.
  for (const agentId of AGENTS) {
    await env.sim.call('login', { agentId, password: 'agent' });
    await env.sim.call('setReady', { agentId, ready: false });
  }
});

after(async () => {
  await browser?.close();
  await env?.stop();
});

const statusText = async (chat: CustomerPage) => ((await chat.status.textContent()) ?? '').trim();

test(
  'all agents Not Ready: queue place and wait shown and updated, then "leave a message instead"',
  {
    timeout: 240_000,
  },
  async () => {
    // Someone already waiting ahead.
    const ahead = await greetedCustomer(browser, env.baseUrl);
    await ahead.chat.askForHuman({ name: 'Ada Ahead', phone: '07400 123478' });
    await ahead.chat.choose('Chat');
    await env.sim.waitForContact((c) => c.customer.name === 'Ada Ahead' && c.state === 'queued', "Ada's chat queued");

    const { chat, problems } = await greetedCustomer(browser, env.baseUrl);
    await chat.send('can I speak to a real person?');
    const form = chat.page.getByRole('form', { name: 'Your details' }).last();
    await form.getByLabel('Your name', { exact: true }).fill('Quentin Queue');
    await fieldByLabel(form, 'Email address').fill('Quentin.Queue@Example.COM');
    await form.getByRole('checkbox', { name: 'You may contact me by email about this request' }).check();
    await form.getByRole('button', { name: 'Continue' }).click();
    await chat.waitForText('Talk to an agent using:');
    await chat.choose('Chat');
    const queued = await env.sim.waitForContact(
      (c) => c.customer.name === 'Quentin Queue' && c.state === 'queued',
      "Quentin's chat queued",
    );
    assert.equal(queued.customer.email, 'Quentin.Queue@example.com', "the e-mail in AACC's email intrinsic");
    assert.ok(queued.customer.customFields.some((f) => f.title === 'Email consent' && f.value === 'yes'));

    // Second in the queue, with an estimated wait.
    await waitUntil(
      async () => /^You are number 2 in the queue, about \d+ min$/.test(await statusText(chat)),
      'place 2',
    );

    // The customer ahead gives up: at the next poll the place moves up.
    await ahead.chat.panel.getByRole('button', { name: 'End chat', exact: true }).click();
    await ahead.chat.panel
      .getByRole('group', { name: 'End this conversation?' })
      .getByRole('button', { name: 'End chat' })
      .click();
    await waitUntil(
      async () => /^You are number 1 in the queue, about \d+ min$/.test(await statusText(chat)),
      'place 1 after the customer ahead left',
      60_000,
    );

    // The offer, after QUEUE_OFFER_MESSAGE_AFTER, while still waiting.
    await chat.waitForText(/Sorry for the wait, all our agents are busy/, 60_000);
    assert.match(await statusText(chat), /^You are number 1 in the queue/, 'still waiting: the offer changes nothing');
    assert.deepEqual(await axeViolations(chat.page), [], 'axe while queued with the offer');
    await chat.choose('Leave a message instead');
    await waitUntil(async () => {
      const c = await env.sim.contact(queued.id);
      return c.state === 'closed' && c.closedBy === 'customer';
    }, 'the queued contact withdrawn');
    await chat.submitForm('Leave a message', { 'Your message': 'Please call me about my bill.' }, 'Send');
    await chat.waitForText("we've received your message");
    assert.doesNotMatch(await statusText(chat), /queue/);
    assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], cspViolations: [], dialogs: [] });
  },
);
