/**
 * A stand-in for the aggregator's REST API (Smooch v1.1 `POST .../appusers/{id}/messages`) that only records when
 * each body arrived, for whom, and its text. It runs in a worker thread so its timestamps do not wait behind the load
 * generator's event loop, and it is not the aggregator simulator because the simulator validates, keeps customer state
 * and posts delivery webhooks back to Parley, which would add inbound load the benchmark does not ask for and put the
 * simulator's own cost into the reply latency.
 */
import { Worker } from 'node:worker_threads';

/** [customer (app user id), arrival time (epoch ms), text] */
export type Arrival = [string, number, string];

// Plain JavaScript evaluated in the worker: no TypeScript loader is needed there.
const WORKER = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const records = [];
let other = 0;
let ids = 0;
const messages = /\\/appusers\\/([^/]+)\\/messages$/;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const at = performance.timeOrigin + performance.now();
    const m = req.method === 'POST' ? messages.exec(req.url) : null;
    if (!m) {
      other++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    let text = '';
    try {
      const b = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      text = typeof b.text === 'string' ? b.text : String(b.type);
    } catch {}
    records.push([decodeURIComponent(m[1]), at, text]);
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ message: { _id: 'r' + ++ids } }));
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.address().port }));
parentPort.on('message', (m) => {
  if (m === 'take') parentPort.postMessage({ type: 'taken', records: records.splice(0), other });
  if (m === 'close') server.close(() => parentPort.close());
  if (m === 'close') server.closeAllConnections();
});
`;

export interface AggregatorReceiver {
  /** AGGREGATOR_URL for Parley. */
  baseUrl: string;
  /** Every body received since the last call, and how many other requests (typing, read marks) came. */
  take(): Promise<{ records: Arrival[]; other: number }>;
  close(): Promise<void>;
}

type FromWorker = { type: 'listening'; port: number } | { type: 'taken'; records: Arrival[]; other: number };

export async function startAggregatorReceiver(): Promise<AggregatorReceiver> {
  const worker = new Worker(WORKER, { eval: true });
  const next = <T extends FromWorker['type']>(type: T) =>
    new Promise<Extract<FromWorker, { type: T }>>((resolve, reject) => {
      const on = (m: FromWorker) => {
        if (m.type !== type) return;
        worker.off('message', on);
        worker.off('error', reject);
        resolve(m as Extract<FromWorker, { type: T }>);
      };
      worker.on('message', on);
      worker.on('error', reject);
    });
  const { port } = await next('listening');
  return {
    baseUrl: `http://127.0.0.1:${port}/v1.1/apps/`,
    async take() {
      const taken = next('taken');
      worker.postMessage('take');
      const { records, other } = await taken;
      return { records, other };
    },
    async close() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      await exited;
    },
  };
}
