/**
 * Writes the README screenshots (docs/screenshots/*.png) from the real product: the server as
 * `npm start` runs it, the demo site in Chromium and the simulator's agent desktop.
 * Not part of the test suite (CI must not rewrite files):
 *
 *   npm run build && node --import tsx test/e2e/screenshots.ts [customer mobile desktop out-of-hours history queue survey]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../support/server-process.js';
import { AgentPage } from './support/agent-page.js';
import { launchBrowser, newContext } from './support/browser.js';
import { CustomerPage, fieldByLabel } from './support/customer-page.js';
import { startE2eServer, type E2eServer } from './support/e2e-server.js';

const OUT = join(repoRoot, 'docs', 'screenshots');

async function shoot(page: Page, name: string): Promise<void> {
  // Let transitions and late renders settle (screenshots only; the tests never sleep).
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, name) });
  console.log(`wrote docs/screenshots/${name}`);
}

async function customerScreens(env: E2eServer, browser: Browser): Promise<void> {
  const context = await newContext(browser);
  const chat = new CustomerPage(await context.newPage());
  await chat.goto(env.baseUrl);
  await chat.open();
  await chat.waitForText('What can I help you with?');
  await chat.send('How do I submit a meter reading?');
  await chat.waitForText(/meter/i);
  await chat.choose('Another question');
  await chat.waitForText('What can I help you with?');
  await shoot(chat.page, 'demo-chat-open.png');

  await chat.send('can I speak to a real person?');
  const form = chat.page.getByRole('form', { name: 'Your details' }).last();
  await form.getByLabel('Your name', { exact: true }).fill('Ann Smith');
  await fieldByLabel(form, 'Phone number').fill('0740O 123456');
  await form.getByRole('button', { name: 'Continue' }).click();
  await form.getByText('A phone number can only contain digits').waitFor();
  await shoot(chat.page, 'form-card.png');
  await fieldByLabel(form, 'Phone number').fill('07400 123456');

  await form.getByRole('button', { name: 'Continue' }).click();
  await chat.waitForText('Talk to an agent using:');
  await shoot(chat.page, 'chat-or-voice.png');
  await context.close();
}

async function mobileScreen(env: E2eServer, browser: Browser): Promise<void> {
  const context = await newContext(browser, {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const chat = new CustomerPage(await context.newPage());
  await chat.goto(env.baseUrl);
  await chat.open();
  await chat.waitForText('What can I help you with?');
  await chat.send('What are your opening hours?');
  await chat.waitForText('Monday to Friday');
  await shoot(chat.page, 'mobile-full-screen.png');
  await context.close();
}

/** Show history: an ended conversation paged back in above the current one, after a reload. */
async function historyScreen(env: E2eServer, browser: Browser): Promise<void> {
  const context = await newContext(browser);
  const chat = new CustomerPage(await context.newPage());
  await chat.goto(env.baseUrl);
  await chat.open();
  await chat.waitForText('What can I help you with?');
  await chat.send('What are your opening hours?');
  await chat.waitForText('Monday to Friday');
  await chat.panel.getByRole('button', { name: 'End chat', exact: true }).click();
  await chat.panel
    .getByRole('group', { name: 'End this conversation?' })
    .getByRole('button', { name: 'End chat' })
    .click();
  await chat.panel.getByRole('button', { name: 'Start a new conversation' }).click();
  await chat.log.getByText('What are your opening hours?').waitFor({ state: 'detached' });
  await chat.send('How do I submit a meter reading?');
  await chat.waitForText(/meter/i);
  await chat.page.reload({ waitUntil: 'load' });
  await chat.log.waitFor({ state: 'visible' });
  await chat.log.getByRole('button', { name: 'Show history' }).click();
  await chat.waitForText('What are your opening hours?');
  // The divider between the earlier conversation and the current one, mid-panel.
  await chat.page.locator('hr.next').evaluate((hr) => hr.scrollIntoView({ block: 'center' }));
  await shoot(chat.page, 'history.png');
  await context.close();
}

async function desktopScreens(env: E2eServer, browser: Browser): Promise<void> {
  const deskContext = await newContext(browser, { viewport: { width: 1280, height: 800 } });
  const smith = new AgentPage(await deskContext.newPage(), '5001');
  await smith.login(env.desktopUrl);
  await smith.goReady();

  const context = await newContext(browser);
  const chat = new CustomerPage(await context.newPage());
  await chat.goto(env.baseUrl);
  await chat.open();
  await chat.waitForText('What can I help you with?');
  await chat.send('My bill went up a lot this month');
  await chat.waitForText(/.+/);
  await chat.askForHuman({ name: 'Ann Smith', phone: '07400 123456' });
  await chat.choose('Chat');
  await smith.answer('Ann Smith');
  await smith.send('Hello Ann, this is Agent Smith. I can see you asked about your bill.');
  await chat.waitForText('Hello Ann, this is Agent Smith.');
  await chat.send('Yes, it doubled since last month.');
  await smith.waitForText('Yes, it doubled since last month.');
  await smith.send('Let me check your meter readings.');
  await chat.waitForText('Let me check your meter readings.');
  await shoot(smith.page, 'agent-desktop-chat.png');
  await shoot(chat.page, 'demo-chat-with-agent.png');
  await smith.closeChat();
  await context.close();
  await smith.logout();
  await deskContext.close();

  // A callback ringing on a fresh desktop (agent Jones).
  const jonesContext = await newContext(browser, { viewport: { width: 1280, height: 800 } });
  const jones = new AgentPage(await jonesContext.newPage(), '5002');
  await jones.login(env.desktopUrl);
  await jones.goReady();

  const voiceContext = await newContext(browser);
  const caller = new CustomerPage(await voiceContext.newPage());
  await caller.goto(env.baseUrl);
  await caller.open();
  await caller.waitForText('What can I help you with?');
  await caller.askForHuman({ name: 'Vera Brown', phone: '07400 123471' });
  await caller.choose('Voice');
  const form = caller.page.getByRole('form', { name: 'Call me back' }).last();
  await form.waitFor();
  // "Call me now" is the default; the date field shows only for "later" (onlyWhen).
  await form.getByRole('button', { name: 'Request a call' }).click();
  await jones.alert('Vera Brown', 'callback').waitFor();
  await jones.page.getByRole('group', { name: 'Callback' }).waitFor();
  await shoot(jones.page, 'agent-desktop-voice-ringing.png');
  await voiceContext.close();
  await jonesContext.close();
}

/** Outside chat hours (today made a holiday): the bot says when agents are there and offers a callback or a message. */
async function outOfHoursScreen(browser: Browser): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const env = await startE2eServer({ CHAT_HOURS: '08:00-20:00', CHAT_DAYS: '1-5', HOLIDAYS: today });
  const context = await newContext(browser);
  try {
    const chat = new CustomerPage(await context.newPage());
    await chat.goto(env.baseUrl);
    await chat.open();
    await chat.waitForText('What can I help you with?');
    await chat.send('can I speak to a real person?');
    await chat.waitForText(/closed right now/);
    await shoot(chat.page, 'out-of-hours.png');
  } finally {
    await context.close();
    await env.stop();
  }
}

/** Waiting with every agent Not Ready: the place and estimated wait, then the offer to leave a message instead. */
async function queueScreen(browser: Browser): Promise<void> {
  const env = await startE2eServer({ QUEUE_OFFER_MESSAGE_AFTER: '8', agentWaitInterval: '900000' });
  const context = await newContext(browser);
  try {
    for (const agentId of ['5001', '5002', '5003']) {
      await env.sim.call('login', { agentId, password: 'agent' });
      await env.sim.call('setReady', { agentId, ready: false });
    }
    const chat = new CustomerPage(await context.newPage());
    await chat.goto(env.baseUrl);
    await chat.open();
    await chat.waitForText('What can I help you with?');
    await chat.askForHuman({ name: 'Quentin Queue', phone: '07400 123478' });
    await chat.choose('Chat');
    await chat.waitForText(/Sorry for the wait, all our agents are busy/, 60_000);
    await chat.status.getByText(/You are number 1 in the queue, about \d+ min/).waitFor();
    await shoot(chat.page, 'queue.png');
  } finally {
    await context.close();
    await env.stop();
  }
}

/** After an agent chat: the survey pane, a rating chosen and a comment typed. */
async function surveyScreen(env: E2eServer, browser: Browser): Promise<void> {
  const context = await newContext(browser);
  const chat = new CustomerPage(await context.newPage());
  await chat.goto(env.baseUrl);
  await chat.open();
  await chat.waitForText('What can I help you with?');
  await env.sim.readyAgent('5003');
  await chat.askForHuman({ name: 'Rita Rater', phone: '07400 123477' });
  await chat.choose('Chat');
  const contact = await env.sim.waitForContact(
    (c) => c.kind === 'chat' && c.customer.name === 'Rita Rater' && c.state === 'offered',
    "Rita's chat offered",
  );
  await env.sim.call('answer', { agentId: '5003', contactId: contact.id });
  await chat.send('My bill is wrong');
  await env.sim.call('say', { agentId: '5003', contactId: contact.id, text: 'Fixed: you will get a refund.' });
  await chat.waitForText('Fixed: you will get a refund.');
  await env.sim.call('close', { agentId: '5003', contactId: contact.id });
  const survey = chat.panel.getByRole('group', { name: 'How was your chat with our agent?' });
  await survey.waitFor();
  await survey.getByRole('radio', { name: '4 out of 5' }).check();
  await chat.panel.getByRole('textbox', { name: 'Anything to add? (optional)' }).fill('Quick and kind');
  await shoot(chat.page, 'survey.png');
  await env.sim.call('logout', { agentId: '5003' });
  await context.close();
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const [env, browser] = await Promise.all([startE2eServer({ agentWaitInterval: '900000' }), launchBrowser()]);
  // `node --import tsx test/e2e/screenshots.ts history` writes only the named groups.
  const only = process.argv.slice(2);
  const groups: Record<string, () => Promise<void>> = {
    customer: () => customerScreens(env, browser),
    mobile: () => mobileScreen(env, browser),
    desktop: () => desktopScreens(env, browser),
    'out-of-hours': () => outOfHoursScreen(browser),
    history: () => historyScreen(env, browser),
    queue: () => queueScreen(browser),
    survey: () => surveyScreen(env, browser),
  };
  try {
    for (const [name, write] of Object.entries(groups)) if (!only.length || only.includes(name)) await write();
  } finally {
    await browser.close();
    await env.stop();
  }
}

await main();
