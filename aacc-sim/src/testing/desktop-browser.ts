import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import type { SimOptions } from '../options.js';
import { startSimulator, type Simulator } from '../simulator.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';

const pkg = fileURLToPath(new URL('../../', import.meta.url));

/**
 * For a browser test of the agent desktop: the desktop bundle rebuilt from source (so the test sees the code it
 * tests), a simulator and a headless Chromium, both closed after the test. Undefined, with the test skipped, on a
 * machine without Chromium.
 */
export async function desktopInChromium(
  t: TestContext,
  options: SimOptions = {},
): Promise<{ sim: Simulator; browser: Browser } | undefined> {
  if (!existsSync(CHROMIUM_PATH)) {
    t.skip(`no Chromium at ${CHROMIUM_PATH}`);
    return undefined;
  }
  execFileSync(process.execPath, [`${pkg}build.mjs`], { stdio: 'ignore' });
  const sim = await startSimulator({ port: 0, ...options });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  t.after(async () => {
    await browser.close();
    await sim.close();
  });
  return { sim, browser };
}
