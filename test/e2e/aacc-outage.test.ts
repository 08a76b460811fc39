/**
 * AACC down before anyone asks for an agent (issue 13, point 4), in Chromium against the real server and its
 * built-in simulator: the active probe makes /health degraded with the reason, a customer who asks for an agent is
 * told plainly that agents cannot be reached (not "no agent is available") and offered a callback or a message, and
 * no escalation is tried; once AACC is back, /health is ok again and the same customer reaches an agent.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { greetedCustomer } from './support/customer-page.js';
import { serverAndBrowser } from './support/e2e-server.js';
import { waitUntil } from './support/wait.js';

const suite = serverAndBrowser();

interface Health {
  status: string;
  contactCenter: { ok: boolean; detail?: string };
}
const health = async () => (await (await fetch(`${suite.env.baseUrl}/health`)).json()) as Health;

test('AACC down: /health degraded with the reason, the customer told plainly; back: an agent again', async () => {
  const { env, browser } = suite;
  await env.sim.call('refuseConnections', { on: true });
  // Two failed handshakes of the probe (every 5 s), with no customer involved.
  const down = await waitUntil(async () => {
    const h = await health();
    return h.status === 'degraded' ? h : undefined;
  }, '/health to report AACC down');
  assert.equal(down.contactCenter.ok, false);
  assert.match(down.contactCenter.detail ?? '', /AACC unreachable/);

  const { chat, problems } = await greetedCustomer(browser, env.baseUrl);
  await chat.askForHuman({ name: 'Otto Outage', phone: '07400 123481' });
  await chat.choose('Chat');
  await chat.waitForText(/can't reach our agents right now because of a technical problem/);
  assert.equal(await chat.log.getByText(/no agent could take your chat/i).count(), 0, 'not "no agent"');
  for (const offer of ['Call me back', 'Leave a message'])
    await chat.log.getByRole('button', { name: offer, exact: true }).last().waitFor();
  assert.deepEqual(await env.sim.contacts(), [], 'no escalation tried while AACC is down');

  await env.sim.call('refuseConnections', { on: false });
  await waitUntil(async () => (await health()).status === 'ok', '/health ok once AACC is back');
  await env.sim.readyAgent('5001');
  await chat.send('can I speak to a real person?');
  // A second Chat | Voice choice (the first one's buttons are spent).
  const choices = chat.log.getByText('Talk to an agent using:');
  await waitUntil(async () => (await choices.count()) === 2, 'the Chat | Voice choice again');
  await chat.choose('Chat');
  await chat.waitForText("I'm connecting you to an agent");
  await env.sim.waitForContact((c) => c.customer.name === 'Otto Outage', "Otto's chat in AACC");
  assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], cspViolations: [], dialogs: [] });
});
