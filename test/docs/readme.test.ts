import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderReadme } from '../../scripts/readme-tables.js';
import { repoRoot } from '../support/server-process.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

test('README opens with exactly the two set-up commands', () => {
  const firstBlock = /```(?:sh|bash)?\n([\s\S]*?)```/.exec(readme)?.[1]?.trim();
  assert.equal(firstBlock, 'npm install && npm start\nnpm test');
});

test('README configuration and error tables match the code (run scripts/readme-tables.ts)', () => {
  assert.equal(readme, renderReadme(readme));
});
