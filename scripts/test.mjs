#!/usr/bin/env node
// Runs every suite: node's test runner over all *.test.ts files outside widget/ (protocol, bot-server,
// aacc-sim, aggregator-sim, test/), then the widget's browser tests (@web/test-runner in Chromium).
// TypeScript runs straight from source through tsx: the @parley/source condition points workspace imports
// (@parley/protocol, @parley/aacc-sim) at src/ instead of the compiled dist/, so no rebuild is needed after an edit.
// Servers that suites start as child processes are launched without that condition and load the workspaces'
// dist/, which is therefore refreshed first (sub-second, only changed files are rewritten).
// Usage: node scripts/test.mjs [--only node|widget] [path filter...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildServer } from './build-server.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args[onlyIdx + 1] : undefined;
const filters = args.filter((a, i) => a !== '--only' && i !== onlyIdx + 1);

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) find(full, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

let failed = false;
if (only !== 'widget') {
  const files = ['protocol', 'bot-server', 'aacc-sim', 'aggregator-sim', 'test']
    .flatMap((d) => find(join(root, d)))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  // Not fatal: a syntax error in one workspace must not keep the suites of another from running.
  await buildServer().catch((err) => console.error(`test: dist/ not refreshed (${err.message})`));
  const r = spawnSync(
    process.execPath,
    [
      '--conditions=@parley/source',
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      '--test-timeout=120000',
      ...files,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'test' },
    },
  );
  if (r.status !== 0) failed = true;
}
if (only !== 'node' && filters.length === 0) {
  const r = spawnSync('npm', ['test', '-w', 'widget'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
