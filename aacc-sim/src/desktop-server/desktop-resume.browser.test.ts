import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import { startSimulator, type SimOptions } from '../index.js';
import type { SimEventOf } from '../model/events.js';
import { TcpProxy } from '../testing/tcp-proxy.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';

const pkg = fileURLToPath(new URL('../../', import.meta.url));
const AGENT = '5001';

/** The desktop lost its socket and says so, then signed in again by itself (the notice is gone). */
async function reconnected(page: Page): Promise<void> {
  const notice = page.getByRole('alert').getByText('reconnecting');
  await notice.waitFor();
  await notice.waitFor({ state: 'detached', timeout: 20_000 });
}

test('agent desktop in Chromium: a dropped connection or a restarted simulator brings a Ready agent back Ready; a closed tab leaves them Not Ready', async (t) => {
  if (!existsSync(CHROMIUM_PATH)) {
    t.skip(`no Chromium at ${CHROMIUM_PATH}`);
    return;
  }
  execFileSync(process.execPath, [`${pkg}build.mjs`], { stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'aacc-desk-'));
  const stateFile = join(dir, 'aacc-sim.json');
  let sim = await startSimulator({ port: 0, stateFile });
  const port = Number(new URL(sim.httpUrl).port);
  // The browser reaches the simulator through a relay, so the test can cut the network between them.
  const proxy = await TcpProxy.start(port);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  t.after(async () => {
    await browser.close();
    await proxy.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const restart = async (opts: SimOptions = {}) => {
    await sim.close();
    sim = await startSimulator({ port, stateFile, ...opts });
  };
  const ready = () => sim.control.agents().find((a) => a.id === AGENT)?.ready;
  const states: Array<SimEventOf<'agent_state'>> = [];
  const record = () => sim.control.events.on('agent_state', (e) => void (e.agentId === AGENT && states.push(e)));
  const problems: string[] = [];
  const page = await browser.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));

  await page.goto(`${proxy.url}/agent/`);
  await page.locator('input[name=agentId]').fill(AGENT);
  await page.locator('input[name=password]').fill('agent');
  await page.getByRole('button', { name: 'Log in' }).click();
  const wentReady = sim.control.waitFor('agent_state', 5000, (e) => e.agentId === AGENT && e.ready);
  await page.getByRole('button', { name: 'Go Ready' }).click();
  await wentReady;
  await page.getByRole('button', { name: 'Go Not Ready' }).waitFor();

  // The network drops (no close frame): the tab never closed, so the agent stays Ready while it reconnects.
  record();
  proxy.drop();
  await reconnected(page);
  await page.getByRole('button', { name: 'Go Not Ready' }).waitFor();
  assert.equal(ready(), true);
  assert.deepEqual(
    states.filter((e) => !e.ready),
    [],
    'a dropped connection never made the agent Not Ready',
  );

  // The demo restarts (`npm start` again: same port, same state file): the desktop signs in again, still Ready.
  await restart();
  await reconnected(page);
  await page.getByRole('button', { name: 'Go Not Ready' }).waitFor();
  assert.equal(ready(), true, 'Ready again after the restart');

  // A restart whose desktop stays away past the grace: the simulator makes the agent Not Ready (chats must not
  // wait for a desktop that may never return), and the desktop, back at last, restores the Ready it had.
  proxy.block();
  await restart({ desktopReconnectGraceMs: 300 });
  await sim.control.waitFor('agent_state', 5000, (e) => e.agentId === AGENT && !e.ready);
  const readyAgain = sim.control.waitFor('agent_state', 20_000, (e) => e.agentId === AGENT && e.ready);
  proxy.unblock();
  await readyAgain;
  await page.getByRole('button', { name: 'Go Not Ready' }).waitFor();

  // Closing the tab is the agent leaving: Not Ready at once (well inside the 30 s grace), and after a restart too.
  await restart();
  await reconnected(page);
  const notReady = sim.control.waitFor('agent_state', 5000, (e) => e.agentId === AGENT && !e.ready);
  await page.close();
  await notReady;
  await restart();
  assert.equal(ready(), false, 'a closed tab stays Not Ready until the agent chooses Ready');
  assert.deepEqual(problems, []);
});
