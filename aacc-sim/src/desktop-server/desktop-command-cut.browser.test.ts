import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WebSocketRoute } from 'playwright-core';
import { desktopInChromium } from '../testing/desktop-browser.js';

const AGENT = '5001';

test("agent desktop in Chromium: a command whose result a dropped connection cut off leaves the 'reconnecting' notice, and the desktop signs in again by itself", async (t) => {
  const setup = await desktopInChromium(t);
  if (!setup) return;
  const { sim, browser } = setup;
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));

  // The desktop's socket passes through the test, which can hold back the simulator's command results: the state of
  // a command that went out but whose answer never came back before the network failed (CI hit it by chance).
  let holdResults = false;
  let heldResult: () => void = () => undefined;
  const resultHeld = new Promise<void>((resolve) => (heldResult = resolve));
  const sockets: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
  await page.routeWebSocket(/\/sim\/agent$/, (ws) => {
    const server = ws.connectToServer();
    sockets.push({ page: ws, server });
    server.onMessage((message) => {
      if (holdResults && (JSON.parse(String(message)) as { type: string }).type === 'result') return heldResult();
      ws.send(message);
    });
  });

  await page.goto(sim.desktopUrl);
  await page.locator('input[name=agentId]').fill(AGENT);
  await page.locator('input[name=password]').fill('agent');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Go Ready' }).waitFor();

  holdResults = true;
  const wentReady = sim.control.waitFor('agent_state', 5000, (e) => e.agentId === AGENT && e.ready);
  await page.getByRole('button', { name: 'Go Ready' }).click();
  await Promise.all([wentReady, resultHeld]);
  // The network fails with Go Ready still unanswered (a close code that is not a closed tab: the agent keeps Ready).
  holdResults = false;
  const dropped = sockets[0]!;
  await dropped.server.close({ code: 4000, reason: 'network lost' });
  await dropped.page.close({ code: 4000, reason: 'network lost' });

  // The unanswered command fails with the connection; that failure must not replace the notice of the drop.
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /reconnecting/, 'the drop is told, not "Connection closed"');
  await alert.waitFor({ state: 'detached', timeout: 20_000 });
  assert.equal(sockets.length, 2, 'signed in again on a new socket');
  await page.getByRole('button', { name: 'Go Not Ready' }).waitFor();
  assert.equal(sim.control.agents().find((a) => a.id === AGENT)?.ready, true);
  assert.deepEqual(problems, []);
});
