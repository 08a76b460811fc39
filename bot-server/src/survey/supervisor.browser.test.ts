import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { axeViolations } from '../../../aacc-sim/src/testing/axe.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';
import { startSupervisorFixture } from './supervisor-fixture.js';

const TOKEN = 'supervisor-token-for-tests-0123456789';
const NOW = Date.UTC(2026, 11, 1, 12, 0);
const DAY = 24 * 3600_000;

test('supervisor survey page in Chromium: sign in, figures, hostile comments as text, date range, axe clean', async (t) => {
  if (!existsSync(CHROMIUM_PATH)) {
    t.skip(`no Chromium at ${CHROMIUM_PATH}`);
    return;
  }
  const f = await startSupervisorFixture([TOKEN], NOW);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  t.after(async () => {
    await browser.close();
    await f.close();
  });
  const hostile = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> \u202Eevil\u202C';
  await f.survey({ rating: 1, createdAt: NOW - DAY, comment: hostile, agentName: '\u202EtnegA\u202C Alice' });
  await f.survey({ rating: 5, createdAt: NOW - 2 * DAY, comment: 'شكرا جزيلا — very helpful', skillset: 'WC_Sales' });
  await f.survey({ rating: 3, createdAt: NOW - 45 * DAY, comment: 'an older visit' });

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems: string[] = [];
  // The refusals' 401s are logged by Chromium as failed loads: expected here, anything else is not.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });

  const first = await page.goto(`${f.url}/operator/surveys`);
  assert.equal(first?.status(), 401);
  await page.getByRole('heading', { level: 1, name: 'Customer satisfaction: sign in' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'axe on the sign-in page');

  await page.getByLabel('Operator token').fill('not-the-token-at-all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').getByText('PARLEY_ERR_BAD_TOKEN').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'axe on a refused sign-in');

  await page.getByLabel('Operator token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Customer satisfaction' }).waitFor();
  assert.equal(new URL(page.url()).search, '', 'the token never appears in an address');
  const [session] = await page.context().cookies();
  assert.equal(session?.httpOnly, true);
  assert.equal(session?.sameSite, 'Strict');
  assert.equal(
    await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie),
    '',
    'no script can read the session',
  );

  const main = page.getByRole('main');
  await main.getByRole('table').first().waitFor();
  const agents = main.getByRole('table').nth(0);
  assert.equal(await agents.getByRole('columnheader', { name: 'Average' }).count(), 1);
  assert.equal(await agents.getByRole('rowheader').count(), 1);
  const comments = main.getByRole('table').nth(2);
  await comments.getByText('<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> evil').waitFor();
  await comments.getByText('شكرا جزيلا — very helpful').waitFor();
  assert.equal(await page.locator('main script, main img').count(), 0, 'comments are text, never markup');
  assert.equal(await page.evaluate(() => 'pwned' in globalThis), false);
  assert.equal(await page.getByText('an older visit').count(), 0, 'outside the last 30 days');
  assert.deepEqual(await axeViolations(page), [], 'axe on the figures');
  // README screenshot, refreshed on request only so test runs never rewrite tracked files.
  if (process.env.PARLEY_SCREENSHOTS === '1')
    await page.screenshot({
      path: fileURLToPath(new URL('../../../docs/screenshots/supervisor-surveys.png', import.meta.url)),
    });

  await page.getByLabel('From').fill('2026-10-01');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByText('an older visit').waitFor();
  assert.match((await main.locator('.overall').textContent()) ?? '', /3 surveys from 2026-10-01 to 2026-12-01/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Customer satisfaction: sign in' }).waitFor();
  assert.deepEqual(await page.context().cookies(), []);
  assert.deepEqual(problems, []);
});
