/**
 * Opening hours in Chromium on the demo site (issue 11): outside chat hours (today made a holiday) the bot says when
 * agents are there and offers a callback or a message; the callback form's date field names the callback hours and a
 * time outside them is refused in words, with focus on the field; a message left goes to the agents' mailbox
 * (MESSAGES_TO over SMTP_URL, a real smtp-server peer).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator } from 'playwright-core';
import { axeViolations } from '../../aacc-sim/src/testing/axe.js';
import { greetedCustomer } from './support/customer-page.js';
import { serverAndBrowser } from './support/e2e-server.js';

const MAILBOX = 'agents@example.com';

const suite = serverAndBrowser(
  {
    CHAT_HOURS: '08:00-20:00',
    CHAT_DAYS: '1-5',
    HOLIDAYS: new Date().toISOString().slice(0, 10),
    BUSINESS_HOURS: '09:00-17:30',
    BUSINESS_DAYS: '1-5',
    MESSAGES_TO: MAILBOX,
  },
  { smtp: true },
);

/** A new visitor asks for a person while the contact centre is closed. */
async function closedNow() {
  const { chat, problems } = await greetedCustomer(suite.browser, suite.env.baseUrl);
  await chat.send('can I speak to a real person?');
  const said = await chat.waitForText(/closed right now/);
  return { chat, problems, said };
}

test('closed today: the bot says when agents are there; a callback outside the callback hours is refused', async () => {
  const { chat, problems, said } = await closedNow();
  assert.match((await said.textContent()) ?? '', /08:00.20:00/, 'the chat hours are named');
  assert.equal(await suite.env.sim.contacts().then((all) => all.length), 0, 'no escalation was tried');
  assert.deepEqual(await axeViolations(chat.page), [], 'axe on the out-of-hours offer');

  await chat.choose('Call me back');
  const form = chat.page.getByRole('form', { name: 'Call me back' }).last();
  await form.getByLabel('Number to call', { exact: true }).fill('07400 123480');
  await form.getByRole('radio', { name: 'At a time I choose' }).check();
  const when = form.getByLabel(/^Date and time: /);
  assert.match(await labelOf(when), /09:00.17:30/, 'the date field names the callback hours');
  await when.fill(nextWeekdayAt('03:00'));
  await form.getByRole('button', { name: 'Request a call' }).click();
  await form.getByRole('alert').getByText('Please choose a time within our opening hours.').waitFor();

  await when.fill(nextWeekdayAt('10:00'));
  await form.getByRole('button', { name: 'Request a call' }).click();
  await chat.waitForText('Call: callback scheduled');
  assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], cspViolations: [], dialogs: [] });
});

test('closed today: a message left reaches the agents by e-mail', async () => {
  const { chat, problems } = await closedNow();
  await chat.choose('Leave a message');
  const mailed = suite.smtp.next();
  await chat.submitForm('Leave a message', { 'Your message': 'Please call me about my meter.' }, 'Send');
  await chat.waitForText("we've received your message");
  const mail = await mailed;
  assert.deepEqual(mail.to, [MAILBOX]);
  assert.match(mail.raw.replace(/=\r?\n/g, ''), /Please call me about my meter\./);
  assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], cspViolations: [], dialogs: [] });
});

/** The visible label of a field, read from its <label>. */
async function labelOf(field: Locator): Promise<string> {
  return field.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? '');
}

/** `YYYY-MM-DDTHH:MM` (datetime-local) on the next Monday-Friday at least a day ahead (today is the holiday). */
function nextWeekdayAt(time: string): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return `${d.toISOString().slice(0, 10)}T${time}`;
}
