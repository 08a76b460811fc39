import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: string | undefined;

/**
 * axe-core's violations on the page as "rule (impact): targets" lines, every impact counted. axe is evaluated
 * through the debugging protocol, which a page's Content-Security-Policy does not govern, so pages keep theirs.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // The callbacks run in the page: globalThis is its window (this file is typed for node).
  axeSource ??= readFileSync(AXE_PATH, 'utf8');
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as InPage;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map(
      (v) => `${v.id} (${v.impact ?? '?'}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
  return violations;
}

interface AxeResults {
  violations: Array<{ id: string; impact?: string | null; nodes: Array<{ target: string[] }> }>;
}

interface InPage {
  document: unknown;
  axe: { run(context: unknown, options: object): Promise<AxeResults> };
}
