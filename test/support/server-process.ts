/**
 * Starts the real bot server as a child process on a free port with a temporary SQLite database, waits until it
 * prints its start-up banner (it is then listening), and stops it. Used by benchmarks and end-to-end suites so they
 * exercise exactly what `npm start` runs: bot-server/dist/main.js with plain node (rebuilt first when a source is
 * newer). Through tsx the server took 3.6 CPU seconds to start, from dist/ 2.2.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureServerBuilt } from '../../scripts/build-server.mjs';
import { BANNER_TITLE } from '../../bot-server/src/banner.js';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

export interface ServerProcess {
  readonly baseUrl: string;
  readonly wsUrl: string;
  readonly port: number;
  /** Port of the built-in AACC simulator (SIM_PORT), used when EWC_WEBSOCKET_URL is not set. */
  readonly simPort: number;
  /** Base URL of the built-in simulator: control API under /sim/control, agent desktop at /agent/. */
  readonly simUrl: string;
  readonly pid: number;
  readonly dataDir: string;
  /** Everything the server printed (stdout + stderr). */
  output(): string;
  /** Resident set size of the server process in bytes (Linux /proc). */
  rss(): number;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServerProcess(
  env: Record<string, string> = {},
  opts: { dataDir?: string; nodeArgs?: string[]; ports?: { port: number; simPort: number } } = {},
): Promise<ServerProcess> {
  await ensureServerBuilt();
  // Given ports (and dataDir) start the same server again, as a second `npm start` on one machine does.
  const port = opts.ports?.port ?? (await freePort());
  const simPort = opts.ports?.simPort ?? (await freePort());
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), '--enable-source-maps', 'bot-server/dist/main.js'],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LISTENING_IP: '127.0.0.1',
        LISTENING_HTTP_PORT: String(port),
        SIM_PORT: String(simPort),
        // Any free port: several servers start at once under `npm test`, and a developer's `npm start` holds 8082.
        AGGREGATOR_SIM_PORT: '0',
        DATABASE_URL: `sqlite:${join(dataDir, 'parley.db')}`,
        SIM_STATE_FILE: join(dataDir, 'aacc-sim.json'),
        LOG_LEVEL: 'warn',
        FLOWS_RELOAD: 'false',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  // The banner is printed once the server listens and has recovered its contact-center sessions.
  const started = new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`server did not print its banner in 120 s:\n${out}`));
      // Generous: it compiles its sources through tsx, beside three other suites on two cores.
    }, 120_000);
    const read = (d: Buffer) => {
      out += d.toString();
      if (!out.includes(BANNER_TITLE)) return;
      clearTimeout(timer);
      ok();
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  await started;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    port,
    simPort,
    simUrl: `http://127.0.0.1:${simPort}`,
    pid: child.pid ?? -1,
    dataDir,
    output: () => out,
    rss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb * 1024;
    },
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
