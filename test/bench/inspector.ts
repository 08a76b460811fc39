/**
 * A benchmarked process seen through its inspector (started with --inspect=127.0.0.1:0): its memory after a full
 * garbage collection, and how long its event loop stalled during a run, so the server itself is left uninstrumented.
 */
import WebSocket from 'ws';
import { wsText } from '../../bot-server/src/transport/ws-text.js';

export interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

/** The inspector's WebSocket address in a process's output ("Debugger listening on ws://…"). */
export function inspectorUrl(output: string): string {
  const m = /Debugger listening on (ws:\/\/\S+)/.exec(output);
  if (!m?.[1]) throw new Error('the process printed no inspector address (start it with --inspect=127.0.0.1:0)');
  return m[1];
}

type Call = (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Runs `use` with a session on the inspector behind `url`. */
async function inspect<T>(url: string, use: (call: Call) => Promise<T>): Promise<T> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  let id = 0;
  const call: Call = (method, params = {}) =>
    new Promise((ok, fail) => {
      const mine = ++id;
      const onMessage = (data: WebSocket.RawData) => {
        const reply = JSON.parse(wsText(data)) as { id?: number; result?: Record<string, unknown>; error?: unknown };
        if (reply.id !== mine) return;
        ws.off('message', onMessage);
        if (reply.error) fail(new Error(`${method}: ${JSON.stringify(reply.error)}`));
        else ok(reply.result ?? {});
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  try {
    return await use(call);
  } finally {
    ws.close();
  }
}

/** Evaluates `expression` (which may use `require`) in the process and returns its JSON-decoded string result. */
async function evaluate<T>(call: Call, expression: string): Promise<T> {
  const r = await call('Runtime.evaluate', { expression, returnByValue: true, includeCommandLineAPI: true });
  if (r.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(r.exceptionDetails)}`);
  return JSON.parse((r.result as { value: string }).value) as T;
}

/** Collects garbage in the process behind `url`, then reads its process.memoryUsage(). */
export async function measureMemory(url: string): Promise<Memory> {
  return inspect(url, async (call) => {
    // Twice: the first collection's finalizers free more for the second.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const m = await evaluate<Memory>(call, 'JSON.stringify(process.memoryUsage())');
    return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
  });
}

export interface Stalls {
  /** When the monitor started on the process's monotonic clock (µs): a CPU profile's timestamps are on it too. */
  monotonicStartUs: number;
  /** The event loop's delay (perf_hooks.monitorEventLoopDelay, 10 ms resolution), ms. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** The longest gaps between two 5 ms ticks, ms after the monitor started: what to look for in a CPU profile. */
  longestGaps: Array<{ atMs: number; ms: number }>;
  /** Garbage collections while monitored: how many, their total and their longest pause (ms). */
  gc: { count: number; totalMs: number; maxMs: number };
}

/** The state kept in the monitored process between `startStallMonitor` and `readStalls`. */
const KEY = '__parleyBenchStalls';

/** Starts an event-loop delay histogram, a gap recorder and a GC observer in the process behind `url`. */
export async function startStallMonitor(url: string): Promise<void> {
  await inspect(url, (call) =>
    evaluate(
      call,
      `(() => {
        const { monitorEventLoopDelay, PerformanceObserver, performance } = require('node:perf_hooks');
        const s = { h: monitorEventLoopDelay({ resolution: 10 }), gaps: [], gc: [], t0: performance.now(),
                    t0us: Number(process.hrtime.bigint() / 1000n) };
        s.h.enable();
        let last = performance.now();
        s.tick = setInterval(() => {
          const now = performance.now();
          if (now - last > 25) s.gaps.push({ atMs: Math.round(last - s.t0), ms: Math.round(now - last) });
          last = now;
        }, 5);
        s.obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) s.gc.push(e.duration); });
        s.obs.observe({ entryTypes: ['gc'] });
        globalThis.${KEY} = s;
        return '0';
      })()`,
    ),
  );
}

/** Stops the monitor started by `startStallMonitor` and returns what it saw. */
export async function readStalls(url: string): Promise<Stalls> {
  return inspect(url, (call) =>
    evaluate<Stalls>(
      call,
      `(() => {
        const s = globalThis.${KEY};
        s.h.disable(); clearInterval(s.tick); s.obs.disconnect(); delete globalThis.${KEY};
        const ms = (ns) => Math.round(ns / 1e4) / 100;
        return JSON.stringify({
          monotonicStartUs: s.t0us,
          eventLoopDelayMs: { p50: ms(s.h.percentile(50)), p99: ms(s.h.percentile(99)), max: ms(s.h.max) },
          longestGaps: s.gaps.sort((a, b) => b.ms - a.ms).slice(0, 8),
          gc: { count: s.gc.length, totalMs: Math.round(s.gc.reduce((a, b) => a + b, 0)),
                maxMs: Math.round(Math.max(0, ...s.gc) * 10) / 10 },
        });
      })()`,
    ),
  );
}
