#!/usr/bin/env node
// Checks the production sequence on a clean clone of HEAD (CI runs it after `npm test`):
//   npm ci && npm run build && npm prune --omit=dev && npm run serve
// then requires that the dev tooling is gone, that the server prints its banner and answers /health, that the
// demo page, the widget script and the agent desktop are served, and that SIGTERM ends it with exit code 0.
// Usage: node scripts/check-production.mjs [--keep]   (--keep leaves the temporary clone in place)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const STARTUP_DEADLINE_MS = 60_000;
const SHUTDOWN_DEADLINE_MS = 30_000;
/** Dev tooling that must not survive `npm prune --omit=dev`: the server runs on plain node. */
const DEV_ONLY = ['tsx', 'typescript', 'esbuild'];

const dir = mkdtempSync(join(tmpdir(), 'parley-production-'));
const repo = join(dir, 'repo');

function step(cmd, args) {
  const started = Date.now();
  console.log(`check-production: ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  console.log(`check-production:   done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Rejects after `ms` with `what`, so every wait below fails the check instead of hanging. */
function deadline(ms, what) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

async function fetchOk(url, mustContain) {
  const res = await fetch(url);
  const body = await res.text();
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  if (!body.includes(mustContain)) throw new Error(`GET ${url}: response lacks ${JSON.stringify(mustContain)}`);
  console.log(`check-production:   GET ${url} -> ${res.status}, ${body.length} bytes`);
}

/**
 * Starts `npm run serve` on free ports and resolves with the URLs its banner prints. It gets a process group of
 * its own so that `stop` can remove whatever a failed shutdown leaves behind; SIGTERM itself goes to npm only,
 * as a supervisor would send it.
 */
async function serve(env) {
  const child = spawn('npm', ['run', 'serve'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const banner = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk.toString();
      const url = (label) => new RegExp(`${label}\\s+=>\\s+(\\S+)`).exec(output)?.[1];
      const [listening, demo, widget, desktop] = ['listening', 'demo site', 'widget script', 'agent desktop'].map(url);
      if (listening && demo && widget && desktop) resolve({ listening, demo, widget, desktop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(({ code }) => reject(new Error(`npm run serve exited with ${code} before its banner`)));
  });
  const stop = async () => {
    child.kill('SIGTERM');
    const wait = deadline(SHUTDOWN_DEADLINE_MS, 'npm run serve did not exit after SIGTERM');
    try {
      return await Promise.race([exited, wait.promise]);
    } finally {
      wait.cancel();
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone: a clean exit.
      }
      child.stdout.destroy();
      child.stderr.destroy();
    }
  };
  const wait = deadline(STARTUP_DEADLINE_MS, 'no banner');
  try {
    return { stop, output: () => output, urls: await Promise.race([banner, wait.promise]) };
  } catch (err) {
    await stop().catch(() => {});
    throw new Error(`${err.message}\n${output}`);
  } finally {
    wait.cancel();
  }
}

async function waitHealthy(url) {
  const until = Date.now() + STARTUP_DEADLINE_MS;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > until) throw new Error(`${url} did not answer 200 within ${STARTUP_DEADLINE_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function main() {
  const started = Date.now();
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', root, repo], { stdio: 'inherit' });
  step('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline']);
  step('npm', ['run', 'build']);
  step('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund']);
  const left = DEV_ONLY.filter((name) => existsSync(join(repo, 'node_modules', name)));
  if (left.length) throw new Error(`still installed after npm prune --omit=dev: ${left.join(', ')}`);

  const server = await serve({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    LISTENING_IP: '127.0.0.1',
    LISTENING_HTTP_PORT: '0',
    SIM_PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`,
    SIM_STATE_FILE: join(dir, 'aacc-sim.json'),
    LOG_LEVEL: 'warn',
  });
  try {
    const { listening, demo, widget, desktop } = server.urls;
    await waitHealthy(`${listening}/health`);
    await fetchOk(demo, '/widget/parley.js');
    await fetchOk(widget, 'Parley');
    await fetchOk(desktop, '<html');
  } catch (err) {
    await server.stop().catch(() => {});
    throw new Error(`${err.message}\nserver output:\n${server.output()}`);
  }
  const { code, signal } = await server.stop();
  if (code !== 0) throw new Error(`npm run serve exited with ${code ?? signal} after SIGTERM\n${server.output()}`);
  console.log(`check-production: ok in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

try {
  await main();
} catch (err) {
  console.error(`check-production: FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  if (process.argv.includes('--keep')) console.log(`check-production: clone kept in ${repo}`);
  else rmSync(dir, { recursive: true, force: true });
}
