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

/** The loop's delay over one window, in ms (resolution 1 ms: what a timer due now waits). */
async function window(seconds: number): Promise<{ p50: number; p99: number; max: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  // A measuring window, not a synchronisation: the loop is sampled for this long.
  await sleep(seconds * 1000);
  h.disable();
  const ms = (ns: number) => round(ns / 1e6);
  return { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
}

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
  console.log(
    `event loop delay, no uploads: p50 ${idle.p50} ms, p99 ${idle.p99} ms, max ${idle.max} ms (load ${idleLoad.join(' ')})`,
  );
  console.log(
    `event loop delay, ${UPLOADS} uploads of ${MB} MB in flight: p50 ${busy.p50} ms, p99 ${busy.p99} ms, ` +
      `max ${busy.max} ms; ${up.uploads} uploads done, ${up.failed} failed, ${up.mbPerSecond} MB/s ` +
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
