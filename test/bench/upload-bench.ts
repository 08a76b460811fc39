/**
 * `npm run bench upload`: uploads next to chat. The same web chat load (open loop, the default flow, the real server
 * process on SQLite, a private clamd with the EICAR signature) runs twice in one process: alone, then with 50
 * uploads of 5 MB in flight for the whole measured window (each worker sends its next file as soon as the last is
 * answered). The figure is how far the bot's reply p99 of the chatting conversations moves (target: 10 ms or less),
 * with the upload throughput, each upload's latency (read, sniff, scan, store, post) and clamd's own INSTREAM scan
 * time of one 5 MB file measured alone in the same run. Load average beside every figure: this machine is shared.
 * The server keeps its shipped intake pace (attachments/intake-pace.ts): the throughput is what it leaves files while
 * chat keeps its latency, and uploads refused for waiting too long for their turn (PARLEY_ERR_UPLOADS_BUSY, 503) are
 * counted under refusals.
 *
 * Usage: node --conditions=@parley/source --import tsx test/bench/upload-bench.ts
 *   env BENCH_UPLOAD_SECONDS (15), BENCH_UPLOAD_RATE (20 msg/s), BENCH_UPLOADS (50), BENCH_UPLOAD_MB (5),
 *   BENCH_UPLOAD_STORE (ATTACHMENT_STORE of the server: database, or directory:<path>), BENCH_CPU_PROF (a directory:
 *   the server's V8 CPU profile is written there when it stops), BENCH_UPLOAD_INTAKE (the server's
 *   ATTACHMENT_INTAKE_BYTES_PER_SECOND; its default otherwise)
 * The server's CPU per upload is its CPU time (every thread) in the window with uploads less that of the same chat
 * load alone, over the uploads done.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createClamdClient } from '../../bot-server/src/attachments/clamd.js';
import { startTestClamd } from '../../bot-server/src/attachments/testing/private-clamd.js';
import { startServerProcess } from '../support/server-process.js';
import { LIFTED_LIMITS } from './targets.js';
import { nowMs } from './open-loop.js';
import { pdf, startUploaders } from './upload-clients.js';
import { round, summarize } from './stats.js';
import { runWebLoad, type LoadShape } from './web-load.js';

const SECONDS = Number(process.env.BENCH_UPLOAD_SECONDS ?? 15);
const RATE = Number(process.env.BENCH_UPLOAD_RATE ?? 20);
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 50);
const MB = Number(process.env.BENCH_UPLOAD_MB ?? 5);
const TARGET_P99_MOVE_MS = 10;
const STORE = process.env.BENCH_UPLOAD_STORE;
const INTAKE = process.env.BENCH_UPLOAD_INTAKE;

/** A process's CPU time so far (user + system, every thread), in ms; Linux clock ticks are 10 ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const load = () => loadavg().map((v) => round(v));
const shape: LoadShape = {
  rate: RATE,
  seconds: SECONDS,
  warmupSeconds: 3,
  customers: 50,
  script: ['How do I submit a meter reading?', 'how can I pay my bill', 'hello'],
};

async function main(): Promise<void> {
  const clamd = await startTestClamd();
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops.
  const prof = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', '--cpu-prof-interval=250', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const server = await startServerProcess(
    {
      ...LIFTED_LIMITS,
      CLAMD_URL: clamd.url,
      ...(STORE ? { ATTACHMENT_STORE: STORE } : {}),
      ...(INTAKE ? { ATTACHMENT_INTAKE_BYTES_PER_SECOND: INTAKE } : {}),
    },
    { nodeArgs: prof },
  );
  const origin = server.baseUrl;
  try {
    // clamd alone: one 5 MB file at a time, the scan latency an upload pays at least.
    const scanner = createClamdClient({ url: clamd.url, timeoutMs: 60_000 });
    const file = pdf(MB * 1024 * 1024);
    const scans: number[] = [];
    for (let i = 0; i < 10; i++) {
      const at = nowMs();
      await scanner.scan(file);
      scans.push(nowMs() - at);
    }
    const scanMs = summarize(scans);
    console.log(`clamd INSTREAM of ${MB} MB alone: p50 ${round(scanMs.p50)} ms, max ${round(scanMs.max)} ms`);

    const cpu0 = cpuMs(server.pid);
    const alone = await runWebLoad(server.wsUrl, origin, shape);
    const cpuAlone = cpuMs(server.pid) - cpu0;
    const aloneLoad = load();
    console.log(`chat alone: reply p99 ${round(alone.turns.firstReplyMs.p99)} ms (load ${aloneLoad.join(' ')})`);

    const cpu1 = cpuMs(server.pid);
    const uploaders = startUploaders(server, origin, UPLOADS, MB);
    const withUploads = await runWebLoad(server.wsUrl, origin, shape).finally(() => uploaders.stop());
    const up = await uploaders.done;
    const cpuPerUpload = up.uploads > 0 ? round((cpuMs(server.pid) - cpu1 - cpuAlone) / up.uploads) : 0;
    const withLoad = load();
    const move = round(withUploads.turns.firstReplyMs.p99 - alone.turns.firstReplyMs.p99);
    console.log(
      `chat with ${UPLOADS} uploads of ${MB} MB in flight: reply p99 ${round(withUploads.turns.firstReplyMs.p99)} ms ` +
        `(moved ${move} ms, target <= ${TARGET_P99_MOVE_MS}: ${move <= TARGET_P99_MOVE_MS ? 'met' : 'NOT met'}); ` +
        `uploads ${up.uploads} done, ${up.failed} failed, ${up.mbPerSecond} MB/s, upload p50 ${round(up.uploadMs.p50)} ms ` +
        `p99 ${round(up.uploadMs.p99)} ms; server CPU ${cpuPerUpload} ms per upload (store ${STORE ?? 'database'}; ` +
        `load ${withLoad.join(' ')})`,
    );
    console.log(
      JSON.stringify({
        bench: 'upload',
        uploads: UPLOADS,
        fileMB: MB,
        scanMs: { p50: round(scanMs.p50), max: round(scanMs.max) },
        replyP99Ms: {
          alone: round(alone.turns.firstReplyMs.p99),
          withUploads: round(withUploads.turns.firstReplyMs.p99),
        },
        replyP50Ms: {
          alone: round(alone.turns.firstReplyMs.p50),
          withUploads: round(withUploads.turns.firstReplyMs.p50),
        },
        p99MoveMs: move,
        targetMet: move <= TARGET_P99_MOVE_MS,
        uploadsDone: up.uploads,
        uploadsFailed: up.failed,
        refusals: up.refusals,
        mbPerSecond: up.mbPerSecond,
        store: STORE ?? 'database',
        serverCpuMsPerUpload: cpuPerUpload,
        uploadMs: { p50: round(up.uploadMs.p50), p99: round(up.uploadMs.p99) },
        load: { alone: aloneLoad, withUploads: withLoad },
      }),
    );
  } finally {
    await server.stop();
    await clamd.stop();
  }
}

await main();
