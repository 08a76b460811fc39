#!/usr/bin/env node
// Runs every suite: node's test runner over all *.test.ts files outside widget/ (protocol, bot-server,
// aacc-sim, aggregator-sim, test/), then the widget's browser tests (@web/test-runner in Chromium).
// The test files run from source, bundled for plain node by scripts/bundle-tests.mjs (seconds for all of them, and
// half the CPU of loading them through tsx): workspace imports (@parley/protocol, @parley/aacc-sim) come from src/
// (the @parley/source condition), so no rebuild is needed after an edit.
// Servers that suites start as child processes are launched without that condition and load the workspaces'
// dist/, which is therefore refreshed first (sub-second, only changed files are rewritten).
// `--lint` also runs `npm run lint` alongside the suites (it is single-threaded and the suites wait on sockets and
// timers much of the time), printing its output at the end; `npm test` uses it to stay within its time budget.
// Usage: node scripts/test.mjs [--lint] [--only node|widget] [path filter...]
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildServer } from './build-server.mjs';
import { bundleTests } from './bundle-tests.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args[onlyIdx + 1] : undefined;
const lint = args.includes('--lint');
const filters = args.filter((a, i) => a !== '--only' && a !== '--lint' && i !== onlyIdx + 1);
// The longest files (browsers, clusters, fault injection) start first, so none of them is left running alone at the end.
const SLOW_FIRST = ['test/e2e/', 'test/integration/cluster', 'test/conformance/', 'test/messaging/'];
// Clusters with lease deadlines (HAProxy, three instances, 100 chats) run on their own afterwards: sharing two cores
// with three other suites and the linter starved an owner's lease renewals, which is not what they test.
const ALONE = ['test/ha/'];
const alone = (f) => ALONE.some((p) => f.startsWith(p));
const rank = (f) => {
  const i = SLOW_FIRST.findIndex((p) => f.startsWith(p));
  return i < 0 ? SLOW_FIRST.length : i;
};

function startLint() {
  const child = spawn('npm', ['run', 'lint'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}
const linted = lint ? startLint() : undefined;

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
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  // Not fatal: a syntax error in one workspace must not keep the suites of another from running.
  await buildServer().catch((err) => console.error(`test: dist/ not refreshed (${err.message})`));
  const bundleRoot = join(root, 'node_modules', '.cache', 'parley-tests');
  removeDeadRuns(bundleRoot);
  const outdir = join(bundleRoot, String(process.pid));
  const bundles = await bundleTests(files, outdir).then(
    (list) => new Map(files.map((f, i) => [f, list[i]])),
    (err) => {
      console.error(`test: the test files could not be bundled (${err.message})`);
      return undefined;
    },
  );
  const nodeTests = (concurrency, list) =>
    list.length === 0 || !bundles
      ? Promise.resolve(bundles ? 0 : 1)
      : run(
          process.execPath,
          [
            '--test',
            `--test-concurrency=${concurrency}`,
            // Per test and per file: a browser file of five scenarios takes 80 s alone and more beside three others.
            '--test-timeout=240000',
            ...list.map((f) => bundles.get(f)),
          ],
          { ...process.env, NODE_ENV: 'test' },
        );
  if (
    (await nodeTests(
      3,
      files.filter((f) => !alone(f)),
    )) !== 0
  )
    failed = true;
  if ((await nodeTests(1, files.filter(alone))) !== 0) failed = true;
  rmSync(outdir, { recursive: true, force: true });
}
if (only !== 'node' && filters.length === 0) {
  if ((await run('npm', ['test', '-w', 'widget'], process.env)) !== 0) failed = true;
}
if (linted) {
  const { code, output } = await linted;
  process.stdout.write(`\n> npm run lint\n${output}`);
  if (code !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

/** Bundles of runs that ended without cleaning up (interrupted): each run has a directory named by its pid. */
function removeDeadRuns(dir) {
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    try {
      process.kill(Number(name), 0);
    } catch {
      rmSync(join(dir, name), { recursive: true, force: true });
    }
  }
}

/** A child with inherited stdio, awaited without blocking the event loop (the lint child's output keeps flowing). */
function run(cmd, argv, env) {
  const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit', env });
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}
