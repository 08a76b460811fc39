import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktopInChromium } from '../testing/desktop-browser.js';
import { axeViolations } from '../testing/axe.js';
import { EwcTestClient, newChat } from '../testing/ewc-test-client.js';

test('agent desktop: bot conversation in the customer pane, canned replies, connection notices, axe clean, a closed tab goes Not Ready', async (t) => {
  const setup = await desktopInChromium(t);
  if (!setup) return;
  const { sim, browser } = setup;
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const axeClean = async (state: string) => assert.deepEqual(await axeViolations(page), [], `axe on ${state}`);

  await page.goto(sim.desktopUrl);
  await page.locator('input[name=agentId]').fill('5001');
  await axeClean('the login page');
  await page.locator('input[name=password]').fill('agent');
  await page.getByRole('button', { name: 'Log in' }).click();
  const ready = sim.control.waitFor('agent_state', 5000, (e) => e.agentId === '5001' && e.ready);
  await page.getByRole('button', { name: 'Go Ready' }).click();
  await ready;
  await axeClean('an idle Ready desktop');

  // Parley sends the bot conversation as the chat's first customer messages, in parts (EWC carries only text).
  const customer = await EwcTestClient.connect(sim.ewcUrl);
  t.after(() => customer.close());
  customer.request(newChat({ name: 'Jane Doe', customFields: [{ title: 'Intent', value: 'billing.refund' }] }));
  const started = await customer.next('requestChat');
  const { guid, authenticationKey } = started.body as { guid: number; authenticationKey: string };
  customer.request({
    method: 'newMessage',
    message: 'Conversation with the bot (2/2)\n[10:01] Jane Doe: the <b>May</b> invoice',
  });
  customer.request({
    method: 'newMessage',
    message:
      'Conversation with the bot (1/2, times UTC)\n[10:00] Bot: Hello! How can I help?\n[10:01] Jane Doe: refund',
  });
  await page.getByText('Incoming chat').waitFor();
  await axeClean('an incoming chat alert');
  await page.getByRole('navigation').getByRole('button', { name: 'Answer' }).click();
  await customer.next('newParticipant');
  const botLines = page.getByRole('list', { name: 'Conversation with the bot' }).getByRole('listitem');
  await botLines.nth(2).waitFor();
  assert.deepEqual(await botLines.allInnerTexts(), [
    '[10:00] Bot: Hello! How can I help?',
    '[10:01] Jane Doe: refund',
    '[10:01] Jane Doe: the <b>May</b> invoice',
  ]);
  assert.equal(await page.getByRole('log').getByText('Conversation with the bot').count(), 0);
  const tab = page.getByRole('tablist', { name: 'My contacts' }).getByRole('tab', { name: /Jane Doe/ });
  assert.equal(await tab.getAttribute('aria-selected'), 'true');
  assert.equal(await page.getByRole('tabpanel').count(), 1);
  await axeClean('an answered chat');

  // A canned response fills the message box with this chat's names; the agent sends it as usual.
  await page.getByRole('combobox', { name: 'Canned response' }).selectOption({ label: 'Greeting' });
  const box = page.locator('textarea[name=text]');
  assert.match(await box.inputValue(), /^Hello Jane Doe, I'm Agent Smith\./);
  await box.press('Enter');
  const greeting = await customer.next('newMessage', 'notification');
  assert.match(String(greeting.body['message']), /^Hello Jane Doe, I'm Agent Smith\./);

  // The customer's connection drops, then the chat is resumed: both are told in the log.
  const dropped = sim.control.waitFor('customer_disconnected');
  sim.control.dropSocket(guid);
  await dropped;
  await page.getByRole('log').getByText("The customer's connection dropped").waitFor();
  await page.getByRole('status').getByText('The customer is disconnected').waitFor();
  // What the agent writes meanwhile never reaches the customer (AACC does not replay it): the desktop says so.
  await box.fill('Are you still there?');
  await box.press('Enter');
  const unsent = page.getByRole('log').locator('.msg.undelivered');
  await unsent.getByText('Are you still there?').waitFor();
  assert.match((await unsent.locator('.meta').textContent()) ?? '', /not delivered$/);
  const back = await EwcTestClient.connect(sim.ewcUrl);
  t.after(() => back.close());
  back.request({ method: 'requestChat', guid, authenticationKey, deviceType: 'test' });
  await back.next('requestChat');
  await page.getByRole('log').getByText('The customer is back').waitFor();
  assert.equal(await page.getByRole('status').filter({ hasText: 'The customer is disconnected' }).count(), 0);

  // The customer leaves: the log says so and the message box no longer asks to answer the chat.
  back.request({ method: 'closeConversation' });
  await page.getByRole('log').getByText('The customer left the chat').waitFor();
  assert.equal(await box.getAttribute('placeholder'), 'This chat has ended');
  assert.equal(await box.isDisabled(), true);
  await axeClean('an ended chat');

  // Closing the desktop tab must not leave the agent Ready with nobody to take the chats.
  const notReady = sim.control.waitFor('agent_state', 5000, (e) => e.agentId === '5001' && !e.ready);
  await page.close();
  await notReady;
  assert.equal(sim.control.agents().find((a) => a.id === '5001')?.ready, false);
  assert.deepEqual(problems, []);
});
