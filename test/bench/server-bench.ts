/**
 * Server benchmark: simulated widget customers over real WebSockets against the real server process, and the same
 * load against a bare ws + JSON echo server (the floor, test/bench/ws-floor.ts) in the same run, so the figures are
 * ratios that survive a noisy machine. Every figure is printed with the load average at the time.
 *
 * Parts (all by default; name some to run only those: `server-bench.ts scaling`):
 * - saturation: 100 closed-loop customers, bot replies per second on SQLite FULL and on PostgreSQL
 *   (PARLEY_TEST_DATABASE_URL, synchronous_commit on) against the floor's echoes per second;
 * - scaling: 100, 1,000, 5,000 and 10,000 concurrent conversations at a fixed rate: reply p50/p99, and memory per
 *   idle conversation (after a full GC, through the inspector) against the floor's memory per idle socket. Writes the
 *   chart docs/bench-scaling.svg when every step ran;
 * - stalls: the event loop of a server holding 10,000 idle conversations (see idleStalls).
 *
 * The per-connection rate limit and the per-address connection cap are lifted through the server's config for this
 * benchmark only (all customers come from 127.0.0.1 and send far more than a person would); the shipped defaults
 * keep them. Env: BENCH_RATE (1000 msg/s), BENCH_STEPS (100,1000,5000,10000), BENCH_SECONDS (6), BENCH_PG=0 to
 * skip PostgreSQL, BENCH_FLOOR=0 to skip the floor in the scaling part (while iterating on Parley alone). Prints a JSON line at the end.
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { closeAll, connectMany, greeted, type BenchClient } from './bench-client.js';
import { closedLoad, openLoad } from './chat-load.js';
import { measureMemory, readStalls, startStallMonitor, type Memory } from './inspector.js';
import { scalingChart } from './scaling-chart.js';
import { cpuMs, load1, round } from './stats.js';
import { startWsFloor } from './ws-floor.js';
import { startParley, LIFTED_LIMITS, type Target } from './targets.js';
import { repoRoot } from '../support/server-process.js';

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const STEPS = (process.env.BENCH_STEPS ?? '100,1000,5000,10000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CLOSED = 100;
const parts = process.argv.slice(2);
const wanted = (part: string) => parts.length === 0 || parts.includes(part);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (what: string, value: unknown) => console.log(`${what} (load ${load1()}):`, JSON.stringify(value));

async function startFloor(): Promise<Target> {
  const floor = await startWsFloor();
  return { name: 'floor', ...floor, origin: 'http://127.0.0.1' };
}

async function saturate(target: Target): Promise<Record<string, unknown>> {
  const clients = await connectMany(CLOSED, target.wsUrl, target.origin);
  if (target.greets) await greeted(clients);
  const cpu0 = cpuMs(target.pid);
  const r = await closedLoad(clients, { warmupSeconds: 2, seconds: target.name === 'floor' ? 5 : 10 });
  const cpu = cpuMs(target.pid) - cpu0;
  await closeAll(clients);
  const total = r.repliesPerSecond * (r.seconds + 2);
  return { ...r, serverCpuMsPerReply: round(cpu / Math.max(1, total), 3), load: load1() };
}

async function saturation(): Promise<Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  const runs: Array<[string, () => Promise<Target>]> = [
    ['floor', startFloor],
    ['sqliteFull', () => startParley('sqlite')],
  ];
  const pgUrl = process.env.PARLEY_TEST_DATABASE_URL;
  if (pgUrl && process.env.BENCH_PG !== '0') runs.push(['postgres', () => startParley('postgres', pgUrl)]);
  for (const [name, start] of runs) {
    const target = await start();
    try {
      out[name] = { ...(await saturate(target)), ...(target.durability ? { durability: target.durability } : {}) };
      log(`saturation ${name}`, out[name]);
    } finally {
      await target.stop();
    }
  }
  const rate = (k: string) => Number(out[k]?.repliesPerSecond ?? Number.NaN);
  const result = {
    ...out,
    sqliteOfFloorPercent: round((100 * rate('sqliteFull')) / rate('floor'), 1),
    ...(out.postgres
      ? {
          postgresOfFloorPercent: round((100 * rate('postgres')) / rate('floor'), 1),
          postgresOfSqlitePercent: round((100 * rate('postgres')) / rate('sqliteFull'), 1),
        }
      : {}),
  };
  log('saturation ratios', result);
  return result;
}

/**
 * Memory per idle customer (hello done, greeting received), after a full GC: the slope between a tenth of `n` and `n`
 * open conversations, so one-off growth (allocator arenas, the store's caches and worker filling up) that the first
 * few hundred conversations trigger is not charged to each of them. The plain difference from before the first
 * connect is reported beside it.
 */
async function idleMemory(
  target: Target,
  n: number,
): Promise<{ clients: BenchClient[]; memory: Record<string, number> }> {
  // In waves of 500, each greeted before the next: a server working through thousands of greetings at once grows
  // its allocator's heap to that peak, and RSS keeps the high-water mark, not what an idle conversation needs.
  const open = async (count: number) => {
    const clients: BenchClient[] = [];
    for (let i = 0; i < count; i += 500) {
      const wave = await connectMany(Math.min(500, count - i), target.wsUrl, target.origin);
      if (target.greets) await greeted(wave);
      clients.push(...wave);
    }
    return clients;
  };
  // Warm the code paths (JIT, pools, statement caches) so they are in the baseline, not charged to the customers.
  await closeAll(await open(200));
  await sleep(500);
  const before: Memory = await measureMemory(target.inspector);
  const first = await open(Math.round(n / 10));
  await sleep(500);
  const tenth: Memory = await measureMemory(target.inspector);
  const clients = [...first, ...(await open(n - first.length))];
  await sleep(1000);
  const after: Memory = await measureMemory(target.inspector);
  const per = (k: keyof Memory) => Math.round((after[k] - tenth[k]) / (n - first.length));
  return {
    clients,
    memory: {
      rssBytesPerIdle: per('rss'),
      heapBytesPerIdle: per('heapUsed'),
      externalBytesPerIdle: per('external'),
      rssBytesPerIdleFromZero: Math.round((after.rss - before.rss) / n),
      rssMB: round(after.rss / 2 ** 20, 1),
      load: load1(),
    },
  };
}

async function step(target: Target, n: number): Promise<Record<string, unknown>> {
  const { clients, memory } = await idleMemory(target, n);
  // Stalls of both event loops: a reply late because the load process stalled is not the server's.
  await startStallMonitor(target.inspector);
  const own = monitorEventLoopDelay({ resolution: 10 });
  own.enable();
  const r = await openLoad(clients, { rate: RATE, warmupSeconds: 2, seconds: SECONDS, settleMs: 15_000 });
  own.disable();
  const stalls = await readStalls(target.inspector);
  await closeAll(clients);
  const ms = (ns: number) => round(ns / 1e6);
  const loadEventLoopDelayMs = { p50: ms(own.percentile(50)), p99: ms(own.percentile(99)), max: ms(own.max) };
  return { conversations: n, ...memory, ...r, stalls, loadEventLoopDelayMs, loadAfter: load1() };
}

async function scaling(): Promise<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  for (const n of STEPS) {
    const row: Record<string, unknown> = { conversations: n };
    for (const [name, start] of [
      ['floor', startFloor],
      ['parley', () => startParley('sqlite')],
    ] as const) {
      if (name === 'floor' && process.env.BENCH_FLOOR === '0') continue;
      const target = await start();
      try {
        row[name] = await step(target, n);
        log(`scaling ${n} ${name}`, row[name]);
      } finally {
        await target.stop();
      }
    }
    rows.push(row);
  }
  if (STEPS.join() === '100,1000,5000,10000') {
    const file = join(repoRoot, 'docs', 'bench-scaling.svg');
    writeFileSync(file, scalingChart(rows, { rate: RATE, at: new Date().toISOString().slice(0, 10) }));
    console.log(`chart written: ${file}`);
  }
  return { rate: RATE, seconds: SECONDS, steps: rows };
}

/**
 * Stalls with nothing to do: `BENCH_IDLE` (10,000) greeted, idle conversations held for `BENCH_IDLE_SECONDS` (65: two
 * heartbeat periods and an idle sweep), the server's event-loop delay and longest gaps. Whatever runs per connection
 * or per conversation on a timer shows here as a gap, with no chat to hide it.
 */
async function idleStalls(): Promise<Record<string, unknown>> {
  const n = Number(process.env.BENCH_IDLE ?? 10_000);
  const target = await startParley('sqlite');
  try {
    const { clients } = await idleMemory(target, n);
    await startStallMonitor(target.inspector);
    await sleep(Number(process.env.BENCH_IDLE_SECONDS ?? 65) * 1000);
    const stalls = await readStalls(target.inspector);
    await closeAll(clients);
    const result = { conversations: n, ...stalls, load: load1() };
    log(`stalls ${n} idle`, result);
    return result;
  } finally {
    await target.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `rate limits lifted for this benchmark only (through the server's config): ${JSON.stringify(LIFTED_LIMITS)}`,
  );
  const result: Record<string, unknown> = { loadBefore: load1(), liftedLimits: LIFTED_LIMITS };
  if (wanted('saturation')) result.saturation = await saturation();
  if (wanted('scaling')) result.scaling = await scaling();
  if (wanted('stalls')) result.stalls = await idleStalls();
  result.loadAfter = load1();
  console.log(JSON.stringify(result));
}

await main();
