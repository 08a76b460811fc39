/**
 * `npm run bench upload-loop`: how long 5 MB uploads hold the server's event loop. The server runs in this process
 * (SQLite, synchronous=FULL, a private clamd with the EICAR signature), the uploaders in another (upload-clients.ts);
 * perf_hooks.monitorEventLoopDelay samples this process's loop for a window without uploads, then for a window with
 * BENCH_UPLOADS uploads of BENCH_UPLOAD_MB in flight. Every delay here is the server's: nothing else runs on this loop.
 * The idle window is the same run's floor on this shared machine; the load average is printed beside both.
 *
 * Usage: node --conditions=@parley/source --import tsx test/bench/upload-loop-delay.ts
 *   env BENCH_UPLOAD_SECONDS (10), BENCH_UPLOADS (50), BENCH_UPLOAD_MB (5)
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestClamd } from '../../bot-server/src/attachments/testing/private-clamd.js';
import { startTestServer } from '../integration/support/test-server.js';
import { round } from './stats.js';
import { startUploaders } from './upload-clients.js';

const SECONDS = Number(process.env.BENCH_UPLOAD_SECONDS ?? 10);
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 50);
const MB = Number(process.env.BENCH_UPLOAD_MB ?? 5);

interface Window {
  /** monitorEventLoopDelay's percentiles (one sample per timer: a long stall counts once, so see stalled too). */
  p50: number;
  p99: number;
  max: number;
  /** Share of the window's time the loop spent in stalls longer than 10 and 50 ms: what a message arriving at a
   * random moment risks waiting behind. */
  stalledOver10ms: number;
  stalledOver50ms: number;
  /** Of the stalls over 10 ms: the longest time this thread was on a CPU within one, and the share of their time it
   * was (the rest it waited for a CPU: the shared machine, not this code). */
  longestBusyStallMs: number;
  busyShareOfStalls: number;
}

/** This (main) thread's time on a CPU so far, in ms (Linux schedstat); 0 where there is none. */
function threadCpuMs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return 0;
  }
}

/** The loop's delay over one window, in ms, and the time it spent stalled. */
async function window(seconds: number): Promise<Window> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const stalled = { over10: 0, over50: 0, busy: 0, longestBusy: 0 };
  let last = performance.now();
  let lastCpu = threadCpuMs();
  let running = true;
  const tick = () => {
    const now = performance.now();
    const cpu = threadCpuMs();
    const gap = now - last;
    const busy = cpu - lastCpu;
    last = now;
    lastCpu = cpu;
    if (gap > 10) {
      stalled.over10 += gap;
      stalled.busy += busy;
      stalled.longestBusy = Math.max(stalled.longestBusy, busy);
    }
    if (gap > 50) stalled.over50 += gap;
    if (running) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  // A measuring window, not a synchronisation: the loop is sampled for this long.
  await sleep(seconds * 1000);
  running = false;
  h.disable();
  const ms = (ns: number) => round(ns / 1e6);
  const share = (t: number) => round((100 * t) / (seconds * 1000));
  return {
    p50: ms(h.percentile(50)),
    p99: ms(h.percentile(99)),
    max: ms(h.max),
    stalledOver10ms: share(stalled.over10),
    stalledOver50ms: share(stalled.over50),
    longestBusyStallMs: round(stalled.longestBusy),
    busyShareOfStalls: stalled.over10 > 0 ? round((100 * stalled.busy) / stalled.over10) : 0,
  };
}

const says = (w: Window) =>
  `p50 ${w.p50} ms, p99 ${w.p99} ms, max ${w.max} ms, time in stalls over 10 ms ${w.stalledOver10ms} %, ` +
  `over 50 ms ${w.stalledOver50ms} % (this thread on a CPU ${w.busyShareOfStalls} % of it, at most ` +
  `${w.longestBusyStallMs} ms in one)`;

const load = () => loadavg().map((v) => round(v));

const clamd = await startTestClamd();
const s = await startTestServer({
  CLAMD_URL: clamd.url,
  SQLITE_SYNCHRONOUS: 'FULL',
  ATTACHMENT_MAX_BYTES: String((MB + 1) * 1024 * 1024),
});
try {
  const idle = await window(SECONDS);
  const idleLoad = load();
  const uploaders = startUploaders({ baseUrl: s.url, wsUrl: s.wsUrl }, s.origin, UPLOADS, MB);
  const busy = await window(SECONDS);
  const busyLoad = load();
  uploaders.stop();
  const up = await uploaders.done;
  console.log(`event loop delay, no uploads: ${says(idle)} (load ${idleLoad.join(' ')})`);
  console.log(
    `event loop delay, ${UPLOADS} uploads of ${MB} MB in flight: ${says(busy)}; ${up.uploads} uploads done, ${up.failed} failed, ${up.mbPerSecond} MB/s ` +
      `(load ${busyLoad.join(' ')})`,
  );
  console.log(
    JSON.stringify({
      bench: 'upload-loop',
      uploads: UPLOADS,
      fileMB: MB,
      loopDelayMs: { idle, withUploads: busy },
      uploadsDone: up.uploads,
      uploadsFailed: up.failed,
      refusals: up.refusals,
      mbPerSecond: up.mbPerSecond,
      load: { idle: idleLoad, withUploads: busyLoad },
    }),
  );
} finally {
  await s.close();
  await clamd.stop();
}
