import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desktopInChromium } from '../testing/desktop-browser.js';
import { EwcTestClient, newChat } from '../testing/ewc-test-client.js';

/** A 1x1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

test('agent desktop: rich response palette, attach a file (pushed as a URL), customer pictures previewed', async (t) => {
  const setup = await desktopInChromium(t, {
    richResponses: [
      { code: 'office', title: 'Walk-in office', kind: 'location', fallback: 'Location: 1 High St' },
      { code: 'tariffs', title: 'Our tariffs', kind: 'carousel' },
    ],
  });
  if (!setup) return;
  const { sim, browser } = setup;
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));

  await page.goto(sim.desktopUrl);
  await page.locator('input[name=agentId]').fill('5001');
  await page.locator('input[name=password]').fill('agent');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Go Ready' }).click();
  await sim.control.waitFor('agent_state', 5000, (e) => e.agentId === '5001' && e.ready).catch(() => undefined);

  const customer = await EwcTestClient.connect(sim.ewcUrl);
  t.after(() => customer.close());
  customer.request(newChat({ name: 'Jane Doe' }));
  await customer.next('requestChat');
  await page.getByText('Incoming chat').waitFor();
  await page.getByRole('navigation').getByRole('button', { name: 'Answer' }).click();
  await customer.next('newParticipant');

  // The palette lists the codes; sending one types /rich CODE, which Parley expands.
  const palette = page.getByRole('combobox', { name: 'Rich response' });
  assert.deepEqual(
    (await palette.locator('option').allTextContents()).map((s) => s.trim()),
    ['Rich response…', 'Walk-in office (/rich office)', 'Our tariffs (/rich tariffs)'],
  );
  await palette.selectOption('office');
  await page.getByRole('button', { name: 'Send rich' }).click();
  const rich = await customer.next('newMessage', 'notification');
  assert.equal(rich.body['message'], '/rich office');

  // Attach: the simulator's file server keeps the file and the desktop pushes its URL.
  await page.getByLabel('Attach a file').setInputFiles({ name: 'guide.pdf', mimeType: 'application/pdf', buffer: PNG });
  const pushed = await customer.next('newPushPageMessage', 'notification');
  const url = String(pushed.body['pagePushURL']);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/sim\/files\/[0-9a-f-]{36}\/guide\.pdf$/);
  const served = await fetch(url);
  assert.equal(served.status, 200);
  assert.equal(served.headers.get('content-type'), 'application/pdf');
  assert.match(served.headers.get('content-disposition') ?? '', /^attachment;/);
  assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
  assert.deepEqual(Buffer.from(await served.arrayBuffer()), PNG);
  await page.getByRole('status').getByText('guide.pdf sent').waitFor();

  // Another site cannot push files into the simulator.
  const foreign = await fetch(`${sim.httpUrl}/sim/files?name=x.png`, {
    method: 'POST',
    headers: { origin: 'https://evil.example', 'content-type': 'image/png' },
    body: PNG,
  });
  assert.equal(foreign.status, 401);

  // A customer's picture is previewed (and opens full size); a file is a download link.
  const up = await fetch(`${sim.httpUrl}/sim/files?name=meter.png`, {
    method: 'POST',
    headers: { 'content-type': 'image/png' },
    body: PNG,
  });
  const image = ((await up.json()) as { url: string }).url;
  customer.request({ method: 'newMessage', message: `Image: meter.png (image/png, 1 KB)\n${image}` });
  const preview = page.getByRole('log').getByRole('img', { name: 'meter.png' });
  await preview.waitFor();
  assert.equal(await preview.getAttribute('src'), image);
  await page.waitForFunction(
    () =>
      (
        document
          .querySelector('agent-desktop')
          ?.shadowRoot?.querySelector('contact-pane')
          ?.shadowRoot?.querySelector('.log img') as HTMLImageElement | null
      )?.naturalWidth === 1,
  );
  customer.request({
    method: 'newMessage',
    message: 'File: bill.pdf (application/pdf, 12 KB)\nhttps://chat.example/f',
  });
  const download = page.getByRole('log').getByRole('link', { name: '⤓ bill.pdf (application/pdf, 12 KB)' });
  await download.waitFor();
  assert.equal(await download.getAttribute('href'), 'https://chat.example/f');
  assert.equal(await page.getByRole('log').locator('img').count(), 1, 'a file is not previewed');
  assert.deepEqual(problems, []);
});
