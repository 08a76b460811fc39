/**
 * The demo survives its own restart (issue 13, point 3), in Chromium: `npm start` (the server with its built-in AACC
 * simulator, one process) is stopped mid-chat and started again on the same ports and data directory. The
 * customer's widget reconnects by itself and the chat goes on with the same agent; the agent's desktop, which never
 * reloaded, signs in again by itself and is still Ready; nothing said before or after is lost or doubled.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { AgentPage } from './support/agent-page.js';
import { launchBrowser, newContext, requireWidgetBuild, watchProblems } from './support/browser.js';
import { greetedCustomer } from './support/customer-page.js';
import { SimClient } from './support/sim-client.js';

const dataDir = mkdtempSync(join(tmpdir(), 'parley-demo-restart-'));
let server: ServerProcess | undefined;
let browser: Browser;

before(async () => {
  requireWidgetBuild();
  [server, browser] = await Promise.all([startServerProcess({}, { dataDir }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test(
  'npm start restarted mid-chat: the customer and the agent carry on in the same chat',
  { timeout: 240_000 },
  async () => {
    const first = server!;
    const sim = new SimClient(first.simUrl);
    await sim.waitReady();
    const deskContext = await newContext(browser);
    const deskProblems = await watchProblems(deskContext);
    const desk = new AgentPage(await deskContext.newPage(), '5001');
    await desk.login(`${first.simUrl}/agent/`);
    await desk.goReady();

    const { chat, problems } = await greetedCustomer(browser, first.baseUrl);
    await chat.askForHuman({ name: 'Rhea Restart', phone: '07400 123479' });
    await chat.choose('Chat');
    await desk.answer('Rhea Restart');
    await chat.send('before the restart');
    await desk.waitForText('before the restart');
    await desk.send('agent before the restart');
    await chat.waitForText('agent before the restart');

    // Ctrl-C and `npm start` again: same ports, same ./data.
    await first.stop();
    server = undefined;
    server = await startServerProcess({}, { dataDir, ports: { port: first.port, simPort: first.simPort } });
    const reconnecting = desk.page.getByRole('alert').getByText('reconnecting');
    await reconnecting.waitFor({ state: 'detached', timeout: 30_000 });
    await desk.page.getByRole('button', { name: 'Go Not Ready' }).waitFor();

    await chat.send('after the restart');
    await desk.waitForText('after the restart');
    await desk.send('agent after the restart');
    await chat.waitForText('agent after the restart');
    for (const text of ['before the restart', 'after the restart']) assert.equal(await desk.countText(text), 1, text);
    for (const text of ['agent before the restart', 'agent after the restart'])
      assert.equal(await chat.countText(text), 1, text);
    assert.equal(await chat.log.getByText(/no agent|lost the connection/i).count(), 0, 'the customer was told no loss');
    const contact = (await new SimClient(server.simUrl).contacts()).find((c) => c.customer.name === 'Rhea Restart');
    assert.equal(contact?.state, 'active', 'the same AACC contact, still active');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(deskProblems.pageErrors, []);
  },
);
