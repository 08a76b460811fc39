#!/usr/bin/env node
// A Parley cluster on this machine, as the README's HA deployment describes it: three instances (the compiled server,
// `bot-server/dist/main.js`, as `npm run serve` runs it) on one PostgreSQL and one Redis, behind HAProxy (WebSocket,
// health checks on /health), sharing one AACC (the simulator, started here unless EWC_WEBSOCKET_URL is set) and one
// clamd. The HA tests start their clusters with startCluster(), so the recipe is the tested one.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley REDIS_URL=redis://127.0.0.1:6379 node scripts/cluster.mjs
//
// Environment: DATABASE_URL and REDIS_URL (required), CLUSTER_PORT (HAProxy, default 8080), CLUSTER_INSTANCES
// (default 3), EWC_WEBSOCKET_URL (default: a simulator on AACC_SIM_PORT, 8081); every other variable is passed to the
// instances. Needs a build (`npm run build`) and HAProxy (`apt-get install haproxy`).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const HAPROXY = ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy'].find((p) => existsSync(p));
const CLAMD = '/usr/sbin/clamd';

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** HAProxy's configuration: WebSocket passes through (HTTP mode upgrades it; `timeout tunnel` keeps it open). */
export function haproxyConfig({ port, statsPort, servers }) {
  return `global
  maxconn 4096

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # An upgraded WebSocket is a tunnel: it may stay quiet between heartbeats (WS_HEARTBEAT_MS) for this long.
  timeout tunnel 1h
  timeout http-keep-alive 5s
  # The instances see every client as HAProxy's address: X-Forwarded-For carries the real one (appended to whatever
  # the client sent), read by the instances because TRUSTED_PROXIES names this proxy, for per-address limits.
  option forwardfor

frontend parley
  bind 127.0.0.1:${port}
  default_backend instances

backend instances
  # Long-lived WebSockets: new ones go to the instance with the fewest.
  balance leastconn
  # A connection refused by a dead instance is retried on another one.
  retries 3
  option redispatch
  option httpchk GET /health
  http-check expect status 200
  # Checked every 2 s, each check may take 5 s (an instance busy taking over chats answers slowly; a dead one refuses
  # at once): down after 3 failures. Its WebSockets are then cut; the widget reconnects and resumes from its last
  # sequence number on another instance. New connections never wait for this: a refused one is redispatched.
  timeout check 5s
  default-server inter 2s fall 3 rise 2 on-marked-down shutdown-sessions
${servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port} check`).join('\n')}

listen stats
  bind 127.0.0.1:${statsPort}
  stats enable
  stats uri /stats
`;
}

/** Runs a child process, keeping what it prints; `ready` decides from the output when it is up. */
function run(name, command, args, env, ready) {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise((ok) => child.once('exit', (code, signal) => ok(code ?? signal)));
  const up = new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start in 60 s:\n${out}`)), 60_000);
    const read = (d) => {
      out += d.toString();
      if (out.length > 2_000_000) out = out.slice(-1_000_000);
      const value = ready?.(out);
      if (value !== undefined) {
        clearTimeout(timer);
        ok(value);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`${name} exited (${code}):\n${out}`));
    });
  });
  up.catch(() => undefined);
  return {
    name,
    child,
    up,
    exited,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitHealthy(url, what, deadlineMs = 60_000) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} not healthy at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts the cluster. Options: databaseUrl, redisUrl (required); ewcUrl (default: start the simulator); instances (3);
 * port (HAProxy; 0 = free); env (for every instance); instanceEnv (per instance, by index). Resolves once HAProxy
 * sees every instance up.
 */
export async function startCluster(opts) {
  const { databaseUrl, redisUrl } = opts;
  if (!/^postgres(ql)?:\/\//.test(databaseUrl ?? '')) throw new Error('DATABASE_URL must be a PostgreSQL URL');
  if (!redisUrl) throw new Error('REDIS_URL is required');
  if (!HAPROXY) throw new Error('HAProxy is not installed (apt-get install haproxy)');
  const dir = mkdtempSync(join(tmpdir(), 'parley-cluster-'));
  const parts = [];
  const stopAll = async () => {
    for (const p of [...parts].reverse()) await p.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = opts.port || (await freePort());
    const statsPort = await freePort();
    const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

    let ewcUrl = opts.ewcUrl;
    let sim;
    if (!ewcUrl) {
      const simPort = opts.simPort ?? (await freePort());
      sim = run(
        'aacc-sim',
        process.execPath,
        ['aacc-sim/dist/main.js'],
        { ...base, AACC_SIM_PORT: String(simPort) },
        (o) => /EWC:\s+(\S+)/.exec(o)?.[1],
      );
      parts.push(sim);
      ewcUrl = await sim.up;
    }

    // One clamd for the cluster, unless one is configured (each instance would otherwise start its own).
    let clamdUrl = opts.env?.CLAMD_URL;
    if (!clamdUrl && existsSync(CLAMD)) {
      const { startPrivateClamd } = await import(join(root, 'bot-server/dist/attachments/clamd-daemon.js'));
      const clamd = await startPrivateClamd({ maxStreamBytes: 27 * 1024 * 1024 });
      parts.push({ stop: () => clamd.stop() });
      clamdUrl = clamd.url;
    }

    const count = opts.instances ?? 3;
    const servers = [];
    for (let i = 0; i < count; i++) servers.push({ name: `p${i + 1}`, port: await freePort() });
    const instances = servers.map((s, i) => {
      const env = {
        ...base,
        FLOWS_RELOAD: 'false',
        ...opts.env,
        LISTENING_IP: '127.0.0.1',
        LISTENING_HTTP_PORT: String(s.port),
        // The public origin is HAProxy's: the widget's WebSocket comes with that Origin to every instance.
        PUBLIC_IP: '127.0.0.1',
        PUBLIC_HTTP_PORT: String(port),
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        EWC_WEBSOCKET_URL: ewcUrl,
        HA_INSTANCE_ID: s.name,
        // HAProxy (option forwardfor) is the only peer that may say who the client is.
        TRUSTED_PROXIES: '127.0.0.1',
        AGGREGATOR_SIM_PORT: '0',
        ...(clamdUrl ? { CLAMD_URL: clamdUrl } : {}),
        ...opts.instanceEnv?.[i],
      };
      return instance(s, env);
    });
    // The first one migrates the schema alone; the others then start together.
    await instances[0].start();
    await Promise.all(instances.slice(1).map((p) => p.start()));
    parts.push(...instances.map((p) => ({ stop: () => p.stop() })));

    const cfg = join(dir, 'haproxy.cfg');
    writeFileSync(cfg, haproxyConfig({ port, statsPort, servers }));
    const haproxy = run('haproxy', HAPROXY, ['-db', '-f', cfg], base);
    parts.push(haproxy);
    const url = `http://127.0.0.1:${port}`;
    const statsUrl = `http://127.0.0.1:${statsPort}/stats`;
    const backend = async () => {
      const csv = await fetch(`${statsUrl};csv`).then((r) => r.text());
      const status = {};
      for (const line of csv.split('\n')) {
        const f = line.split(',');
        if (f[0] === 'instances' && f[1] !== 'BACKEND' && f[1] !== 'FRONTEND') status[f[1]] = f[17];
      }
      return status;
    };
    const deadline = Date.now() + 30_000;
    const allUp = (status) => servers.every((s) => status[s.name] === 'UP');
    while (!allUp(await backend().catch(() => ({})))) {
      if (Date.now() > deadline) throw new Error(`HAProxy did not see every instance up:\n${haproxy.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitHealthy(`${url}/health`, 'HAProxy');
    return {
      url,
      wsUrl: `ws://127.0.0.1:${port}/ws`,
      statsUrl,
      ewcUrl,
      simUrl: sim ? ewcUrl.replace(/^ws/, 'http').replace(/\/CustomerControllerWeb\/chat$/, '') : undefined,
      instances,
      /** HAProxy's view of each instance: UP, DOWN, ... by name (p1, p2, p3). */
      backend,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** One instance: the compiled server on its own port. */
function instance(server, env) {
  let proc;
  const self = {
    name: server.name,
    port: server.port,
    baseUrl: `http://127.0.0.1:${server.port}`,
    wsUrl: `ws://127.0.0.1:${server.port}/ws`,
    get pid() {
      return proc?.child.pid;
    },
    output: () => proc?.output() ?? '',
    async start() {
      proc = run(server.name, process.execPath, ['bot-server/dist/main.js'], env, (o) =>
        o.includes('* Parley bot server:') ? true : undefined,
      );
      await proc.up;
      await waitHealthy(`${self.baseUrl}/health`, server.name);
    },
    /** Sends a signal (SIGKILL, SIGSTOP, SIGCONT...) without waiting. */
    signal(sig) {
      proc?.child.kill(sig);
    },
    exited: () => proc?.exited,
    stop: (sig) => proc?.stop(sig) ?? Promise.resolve(),
  };
  return self;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const passed = Object.fromEntries(
    Object.entries(env).filter(([k]) => /^[A-Za-z]/.test(k) && !['PATH', 'HOME', 'PWD', 'SHELL'].includes(k)),
  );
  const cluster = await startCluster({
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    ewcUrl: env.EWC_WEBSOCKET_URL,
    port: Number(env.CLUSTER_PORT ?? 8080),
    simPort: Number(env.AACC_SIM_PORT ?? 8081),
    instances: Number(env.CLUSTER_INSTANCES ?? 3),
    env: passed,
  }).catch((err) => {
    process.stderr.write(`cluster: ${err.message}\n`);
    process.exit(1);
  });
  process.stdout.write(
    [
      'Parley cluster',
      `  Site (HAProxy):  ${cluster.url}/`,
      `  HAProxy stats:   ${cluster.statsUrl}`,
      ...cluster.instances.map((p) => `  Instance ${p.name}:     ${p.baseUrl}/health (pid ${p.pid})`),
      `  AACC (EWC):      ${cluster.ewcUrl}`,
      ...(cluster.simUrl ? [`  Agent desktop:   ${cluster.simUrl}/agent/  (agents 5001-5003, password "agent")`] : []),
      '',
    ].join('\n'),
  );
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => void cluster.stop().then(() => process.exit(0)));
}
