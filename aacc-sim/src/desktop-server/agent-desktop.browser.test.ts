import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { desktopInChromium } from '../testing/desktop-browser.js';
import { EwcTestClient, newChat } from '../testing/ewc-test-client.js';

const pkg = fileURLToPath(new URL('../../', import.meta.url));

test('agent desktop in Chromium: log in, go Ready, answer an offered chat, exchange messages (text only)', async (t) => {
  const setup = await desktopInChromium(t);
  if (!setup) return;
  const { sim, browser } = setup;
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  const problems: string[] = [];
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));

  await page.goto(sim.desktopUrl);
  await page.locator('input[name=agentId]').fill('5001');
  await page.locator('input[name=password]').fill('agent');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Go Ready' }).click();
  await page.getByText('Ready', { exact: false }).first().waitFor();
  await sim.control.waitFor('agent_state', 5000, (e) => e.agentId === '5001' && e.ready).catch(() => undefined);
  assert.equal(sim.control.agents().find((a) => a.id === '5001')?.ready, true);

  const customer = await EwcTestClient.connect(sim.ewcUrl);
  t.after(() => customer.close());
  customer.request(
    newChat({
      name: 'Jane Doe',
      phoneNumber: '+353 91 733277',
      customFields: [
        { title: 'Bot summary', value: 'Asked about a double charge on the May invoice.' },
        { title: 'Intent', value: 'billing.refund' },
      ],
    }),
  );
  await customer.next('requestChat');
  await page.getByText('Incoming chat').waitFor();
  await page.getByRole('navigation').getByRole('button', { name: 'Answer' }).click();
  await customer.next('newParticipant');
  await page.getByText('billing.refund').waitFor();

  const xss = '<img src=x onerror=alert(1)> hello';
  customer.request({ method: 'newMessage', message: xss });
  await page.getByRole('log').getByText(xss).waitFor();
  assert.equal(await page.locator('contact-pane img').count(), 0, 'message text is never parsed as HTML');

  // A file the customer sent arrives as text (EWC carries nothing else): its link is a link, nothing else is.
  const file =
    'File: bill.pdf (application/pdf, 12 KB)\nhttps://chat.example/api/attachments/a1?exp=1&sig=x. javascript:alert(1)';
  customer.request({ method: 'newMessage', message: file });
  const link = page.getByRole('log').getByRole('link', { name: 'https://chat.example/api/attachments/a1?exp=1&sig=x' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), 'https://chat.example/api/attachments/a1?exp=1&sig=x');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await page.getByRole('log').getByRole('link').count(), 1, 'only http(s) becomes a link');

  await page.locator('textarea[name=text]').fill('Hello Jane, let me check that invoice.');
  await page.locator('textarea[name=text]').press('Enter');
  const reply = await customer.next('newMessage', 'notification');
  assert.equal(reply.body['message'], 'Hello Jane, let me check that invoice.');
  await page.getByRole('log').getByText('let me check that invoice').waitFor();

  // README screenshot, refreshed on request only so test runs never rewrite tracked files.
  if (process.env.PARLEY_SCREENSHOTS === '1') {
    mkdirSync(`${pkg}docs`, { recursive: true });
    await page.screenshot({ path: `${pkg}docs/agent-desktop.png` });
  }

  // A web callback rings on the desktop; Answer connects it, End completes it.
  const res = await fetch(`${sim.httpUrl}/CustomerControllerWeb/callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      method: 'requestCallback',
      name: 'Carl Caller',
      phone: '+15551234567',
      skillset: 'VOICE_Default_Skillset',
    }),
  });
  const { callbackId } = (await res.json()) as { callbackId: string };
  await page.getByText('Incoming callback').waitFor();
  await page.getByRole('navigation').getByRole('button', { name: 'Answer' }).click();
  await page.getByRole('group', { name: 'Callback' }).getByText('connected').waitFor();
  assert.equal(sim.control.callback(callbackId).status, 'connected');
  await page.getByRole('group', { name: 'Callback' }).getByRole('button', { name: 'End' }).click();
  await page.getByText('Ended (completed)').waitFor();
  assert.equal(sim.control.callback(callbackId).status, 'completed');
  assert.deepEqual(problems, []);
});
