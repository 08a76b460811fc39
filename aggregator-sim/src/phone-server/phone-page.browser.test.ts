import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { at, harness } from '../testing/harness.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';

const pkg = fileURLToPath(new URL('../../', import.meta.url));

test('WhatsApp phone page in Chromium: start, write, see reply buttons, tap one, ticks turn read', async (t) => {
  if (!existsSync(CHROMIUM_PATH)) {
    t.skip(`no Chromium at ${CHROMIUM_PATH}`);
    return;
  }
  execFileSync(process.execPath, [`${pkg}build.mjs`], { stdio: 'ignore' });
  const h = await harness();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  t.after(async () => {
    await browser.close();
    await h.close();
  });
  const page = await browser.newPage({ viewport: { width: 420, height: 800 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));

  await page.goto(h.sim.phonePages.whatsapp);
  await page.getByLabel('Your name').fill('Jane Doe');
  await page.getByLabel('Your phone number').fill('+447400123456');
  const created = h.sim.control.waitFor('customer_message', 15_000);
  await page.getByRole('button', { name: 'Start chatting' }).click();
  await page.getByLabel('Message').fill('hello from the phone');
  await page.getByRole('button', { name: 'Send' }).click();
  const { customerId, message } = await created;
  assert.equal(message.content.text, 'hello from the phone');
  await page.getByLabel('Delivered').waitFor();

  const r = await h.api('POST', `appusers/${customerId}/messages`, {
    role: 'appMaker',
    type: 'text',
    text: 'Talk to an agent using:',
    actions: [
      { type: 'reply', text: 'Chat', payload: 'CHAT' },
      { type: 'reply', text: 'Voice', payload: 'VOICE' },
    ],
  });
  assert.equal(r.status, 201);
  await page.getByText('Talk to an agent using:').waitFor();
  const tapped = h.sim.control.waitFor('customer_message', 15_000, (e) => e.message.content.payload === 'CHAT');
  await page.getByRole('button', { name: 'Chat' }).click();
  await tapped;
  await h.api('POST', `appusers/${customerId}/conversation/read`);
  await page.getByLabel('Read').first().waitFor();
  assert.equal(at(h.sim.control.customer(customerId), 'phone'), '+447400123456');
  assert.deepEqual(problems, []);
});
