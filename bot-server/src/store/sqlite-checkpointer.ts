/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that takes the WAL past
 * 1000 pages, on the committing thread: copying ~4 MB into the database file and syncing it held the server's one
 * thread for 25-35 ms on this machine (every 5 MB attachment crossed it at least once). The main connection runs
 * with wal_autocheckpoint=0; a worker thread with its own connection runs PASSIVE checkpoints, which never wait for
 * and never block readers or writers (SQLite's WAL locking), so the main thread never waits on it either.
 *
 * The worker starts only once the WAL first grows past the threshold (most stores, tests included, never need it).
 * If it fails, automatic checkpoints come back on the main connection: slower, never unbounded.
 */
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** SQLite's own automatic threshold (1000 pages of 4 KiB). */
const WAL_THRESHOLD_BYTES = 4 * 1024 * 1024;
const POLL_MS = 250;
/** journal_size_limit: a WAL restarted after a full checkpoint is cut to this, below the threshold. */
export const WAL_RESET_LIMIT_BYTES = WAL_THRESHOLD_BYTES / 2;

// Plain JavaScript (not a module file) so it runs the same from source (tsx) and from dist.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
parentPort.on('message', (m) => {
  if (m === 'stop') { db.close(); parentPort.close(); return; }
  try {
    // A pass copies the frames committed when it began; the WAL restarts only once a pass finds none added since
    // the last one, so passes repeat (each copying only what came in during the previous) until one does.
    let log = -1;
    for (let i = 0; i < 8; i++) {
      const [r] = db.pragma('wal_checkpoint(PASSIVE)');
      if (r.log === log && r.checkpointed === r.log) break;
      log = r.log;
    }
    parentPort.postMessage('done');
  }
  catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
});
`;

export interface Checkpointer {
  stop(): void;
}

/** Starts watching `file`'s WAL; `fallback` turns automatic checkpoints back on for the main connection. */
export function startCheckpointer(file: string, fallback: () => void): Checkpointer {
  let worker: Worker | undefined;
  let busy = false;
  let stopped = false;
  const fail = () => {
    if (stopped) return;
    stop();
    fallback();
  };
  const ensureWorker = (): Worker => {
    if (worker) return worker;
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    w.unref();
    w.on('message', (m: unknown) => {
      busy = false;
      if (m !== 'done') fail();
    });
    w.on('error', fail);
    return (worker = w);
  };
  const tick = async () => {
    if (busy || stopped) return;
    const size = await stat(`${file}-wal`).then(
      (s) => s.size,
      () => 0,
    );
    if (stopped || size < WAL_THRESHOLD_BYTES) return;
    busy = true;
    ensureWorker().postMessage('checkpoint');
  };
  const timer = setInterval(() => void tick(), POLL_MS);
  timer.unref();
  function stop(): void {
    stopped = true;
    clearInterval(timer);
    worker?.postMessage('stop');
    worker = undefined;
  }
  return { stop };
}
