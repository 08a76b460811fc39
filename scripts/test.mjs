#!/usr/bin/env node
// Runs every suite: node's test runner over all *.test.ts files outside widget/ (protocol, bot-server,
// aacc-sim, aggregator-sim, test/), and the widget's browser tests (@web/test-runner in Chromium).
// The test files run from source, bundled for plain node by scripts/bundle-tests.mjs (seconds for all of them, and
// half the CPU of loading them through tsx): workspace imports (@parley/protocol, @parley/aacc-sim) come from src/
// (the @parley/source condition), so no rebuild is needed after an edit.
// Servers that suites start as child processes are launched without that condition and load the workspaces'
// dist/, which is therefore refreshed first (sub-second, only changed files are rewritten).
// Each test file runs in its own node process (as node's runner would isolate it anyway), so that its wall time and CPU
// (user + sys of it and every child it waited for: servers, browsers) can be measured; its output is held until it
// ends, so files running side by side do not interleave. The figures are printed at the end (where the time goes).
// The widget's browser tests take one of the three places too (100 s on a quiet machine, mostly waiting on its
// browser: run after the node suites they were a tail with one core idle).
// `--typecheck` (tsc -b) and `--lint` run one after the other beside the suites, in one more place (both are
// single-threaded and the suites wait on sockets and timers much of the time); their output is printed at the end.
// `npm test` uses both to stay within its time budget.
// Usage: node scripts/test.mjs [--typecheck] [--lint] [--only node|widget] [path filter...]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildServer } from './build-server.mjs';
import { bundleTests } from './bundle-tests.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args[onlyIdx + 1] : undefined;
const lint = args.includes('--lint');
const typecheck = args.includes('--typecheck');
const filters = args.filter(
  (a, i) => !['--only', '--lint', '--typecheck'].includes(a) && (onlyIdx < 0 || i !== onlyIdx + 1),
);
// The longest files (browsers, clusters, fault injection) start first, so none of them is left running alone at the end.
const SLOW_FIRST = ['test/e2e/', 'test/integration/cluster', 'test/conformance/', 'test/messaging/'];
// Clusters with lease deadlines (HAProxy, three instances, 100 chats) run on their own afterwards, two at a time:
// sharing two cores with three other suites and the linter starved an owner's lease renewals, which is not what they
// test. Two side by side (kill beside partition, 149 s instead of 185 s one by one) still took over in 7.5-7.9 s
// (limit 15 s) at load average 25.
const ALONE = ['test/ha/'];
const alone = (f) => ALONE.some((p) => f.startsWith(p));
const rank = (f) => {
  const i = SLOW_FIRST.findIndex((p) => f.startsWith(p));
  return i < 0 ? SLOW_FIRST.length : i;
};
// GNU time reports the user and sys seconds of a command and of every descendant it waited for.
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const bundleRoot = join(root, 'node_modules', '.cache', 'parley-tests');
removeDeadRuns(bundleRoot);
const outdir = join(bundleRoot, String(process.pid));
mkdirSync(outdir, { recursive: true });
const started = performance.now();
/** Every measured job: name, wall and CPU seconds. */
const timings = [];
let jobCount = 0;
/** Children running (each in its own process group, with what it started): stopped if this run is. */
const live = new Set();
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    for (const pid of live) stopGroup(pid, 'SIGTERM');
    process.exit(130);
  });

/** The checks, one after the other: each is a single thread, and two beside the suites would starve them. */
const checks = (async () => {
  const done = [];
  if (typecheck) done.push(await measured('typecheck', 'npx', ['tsc', '-b']));
  if (lint) done.push(await measured('lint', 'npm', ['run', 'lint']));
  return done;
})();

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
const counts = {};
/** Jobs that failed, named again at the end (their output may be far above). */
const failures = [];
const WIDGET = 'widget/ (web-test-runner)';
const files =
  only === 'widget'
    ? []
    : ['protocol', 'bot-server', 'aacc-sim', 'aggregator-sim', 'test']
        .flatMap((d) => find(join(root, d)))
        .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
        .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
let bundles = new Map();
if (files.length > 0) {
  // Not fatal: a syntax error in one workspace must not keep the suites of another from running.
  await buildServer().catch((err) => console.error(`test: dist/ not refreshed (${err.message})`));
  bundles = await bundleTests(files, outdir).then(
    (list) => new Map(files.map((f, i) => [f, list[i]])),
    (err) => {
      console.error(`test: the test files could not be bundled (${err.message})`);
      return undefined;
    },
  );
}
const job = (name) => {
  // Alone (--only widget) it builds the bundle first, as its `npm test` does; beside the other suites it must not: they
  // run after `npm run build` has made widget/dist, and rebuilding it empties it for a moment under the browser tests
  // that load it (an after-chat scenario found it missing).
  if (name === WIDGET)
    return measured(
      name,
      'npm',
      only === 'widget'
        ? ['test', '-w', 'widget']
        : ['exec', '-w', 'widget', '--', 'wtr', '--config', 'web-test-runner.config.mjs'],
    ).then(report);
  if (!bundles) return false;
  // The file itself, as node's runner would run it in its child (`node --test` around it cost 0.35 CPU-s a file: a
  // runner process, and the child's events serialised to it), its tests reported by the spec reporter.
  return measured(name, process.execPath, ['--test-reporter=spec', bundles.get(name)], {
    env: { ...process.env, NODE_ENV: 'test' },
    // A browser file of five scenarios takes 80 s alone and more beside three others.
    timeoutMs: 240_000,
  }).then(report);
};
// The widget first: it is the longest job.
const widget = only !== 'node' && filters.length === 0 ? [WIDGET] : [];
if (!(await pool([...widget, ...files.filter((f) => !alone(f))], 3, job))) failed = true;
const checked = await checks;
if (!(await pool(files.filter(alone), 2, job))) failed = true;
if (files.length > 0)
  console.log(
    `\nnode suites: ${Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
for (const { name, code, output } of checked) {
  process.stdout.write(`\n> ${name}\n${output}`);
  if (code !== 0) failures.push(name);
}
if (failures.length > 0) failed = true;
printTimings();
if (failures.length > 0) console.log(`\nfailed: ${failures.join(', ')}`);
rmSync(outdir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);

/** Prints a finished test file's held output and adds its spec reporter's totals (tests, pass, fail...) up. */
function report({ name, code, output }) {
  process.stdout.write(`\n# ${name}\n${output}`);
  for (const m of output.matchAll(/^ℹ (tests|pass|fail|cancelled|skipped|todo) (\d+)$/gm))
    counts[m[1]] = (counts[m[1]] ?? 0) + Number(m[2]);
  if (code !== 0) failures.push(name);
  return code === 0;
}

/** Runs `task` over `items`, `limit` at a time, in order; resolves to whether every task succeeded. */
async function pool(items, limit, task) {
  let next = 0;
  let ok = true;
  const worker = async () => {
    while (next < items.length) if (!(await task(items[next++]))) ok = false;
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return ok;
}

function stopGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * A child awaited without blocking the event loop, its output held, its wall time and CPU recorded. Past
 * `timeoutMs` it is stopped with everything it started (its servers, its browser) and fails.
 * Resolves to { name, code, output }.
 */
function measured(name, cmd, argv, { env = process.env, timeoutMs } = {}) {
  const timeFile = join(outdir, `time-${jobCount++}`);
  const [c, a] = TIME ? [TIME, ['-f', '%U %S', '-o', timeFile, cmd, ...argv]] : [cmd, argv];
  const t0 = performance.now();
  const child = spawn(c, a, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  live.add(child.pid);
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer =
    timeoutMs &&
    setTimeout(() => {
      output += `\n✖ ${name} timed out after ${timeoutMs / 1000} s: stopped\n`;
      stopGroup(child.pid, 'SIGKILL');
    }, timeoutMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      live.delete(child.pid);
      let cpu;
      try {
        const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
        if (Number.isFinite(user + sys)) cpu = user + sys;
        rmSync(timeFile);
      } catch {
        // No GNU time here, or the command could not start, or it was stopped.
      }
      timings.push({ name, wall: (performance.now() - t0) / 1000, cpu, end: (performance.now() - started) / 1000 });
      resolve({ name, code, output });
    }),
  );
}

/** The files that took longest and the CPU the run used, against what two cores could have given it. */
function printTimings() {
  const wall = (performance.now() - started) / 1000;
  const cpu = timings.reduce((s, t) => s + (t.cpu ?? 0), 0);
  const row = (t) =>
    `${t.wall.toFixed(1).padStart(7)} s ${(t.cpu?.toFixed(1) ?? '-').padStart(7)} s ${t.end.toFixed(0).padStart(5)} s  ${t.name}`;
  const top = (key) => [...timings].sort((x, y) => (y[key] ?? 0) - (x[key] ?? 0)).slice(0, 12);
  console.log('\n   wall      CPU   ended  (longest files)');
  for (const t of top('wall')) console.log(row(t));
  console.log('\n   wall      CPU   ended  (most CPU)');
  for (const t of top('cpu')) console.log(row(t));
  const busy = TIME ? `, ${((100 * cpu) / (wall * 2)).toFixed(0)} % of two cores` : '';
  console.log(`\ntest.mjs: ${wall.toFixed(0)} s wall, ${cpu.toFixed(0)} CPU-s in ${timings.length} jobs${busy}`);
  // Every job's figures, for a closer look than the tables above.
  writeFileSync(join(bundleRoot, 'timings.json'), JSON.stringify(timings, null, 1));
}

/** Bundles of runs that ended without cleaning up (interrupted): each run has a directory named by its pid. */
function removeDeadRuns(dir) {
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names.filter((n) => /^\d+$/.test(n))) {
    try {
      process.kill(Number(name), 0);
    } catch {
      rmSync(join(dir, name), { recursive: true, force: true });
    }
  }
}
