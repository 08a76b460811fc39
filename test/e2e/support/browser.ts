/**
 * Chromium for the end-to-end suites: the Debian browser driven by playwright-core (never a
 * downloaded build), with the flags that keep it from stalling on a closed network, plus a watcher
 * that records what a page should never do (console errors, uncaught exceptions, CSP violations,
 * dialogs).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../../support/server-process.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';

/** Generous per-step timeout: the CI machine has two busy cores. */
export const STEP_TIMEOUT_MS = 30_000;

/** Fails with a clear message when the widget bundle has not been built (`npm run build -w widget`). */
export function requireWidgetBuild(): void {
  const script = join(repoRoot, 'widget', 'dist', 'parley.js');
  if (!existsSync(script)) {
    throw new Error(`widget bundle missing: ${script} does not exist. Run \`npm run build\` (npm test does it first).`);
  }
}

/** Launches the Debian Chromium headless. One per test file; close it in `after`. */
export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], timeout: 60_000 });
}

/** A fresh context with generous default timeouts. */
export async function newContext(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    timezoneId: 'UTC',
    locale: 'en-GB',
    ...options,
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  return context;
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
  dialogs: string[];
}

/**
 * Records console errors, uncaught exceptions, `securitypolicyviolation` events (reported through
 * a binding so they survive reloads) and dialogs (dismissed at once) for every page of `context`.
 * Call before opening pages.
 */
export async function watchProblems(context: BrowserContext): Promise<PageProblems> {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], cspViolations: [], dialogs: [] };
  await context.exposeBinding('__e2eCspViolation', (_source, detail: string) => {
    problems.cspViolations.push(detail);
  });
  // A string, not a function: this package is type-checked without the DOM library.
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => {
      window.__e2eCspViolation?.(e.violatedDirective + ' blocked ' + e.blockedURI + ' (' + e.sourceFile + ':' + e.lineNumber + ')');
    });`,
  });
  const watch = (page: Page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.consoleErrors.push(`${msg.text()} @ ${msg.location().url}`);
    });
    page.on('pageerror', (err) => problems.pageErrors.push(err.message));
    page.on('dialog', (dialog) => {
      problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return problems;
}
