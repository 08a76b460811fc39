/**
 * Server benchmark: N simulated customers chatting with the bot over real WebSockets against the
 * real server process (SQLite, durable writes, synchronous=FULL).
 *
 * 1. Idle connections: resident memory per idle connected customer (hello done, conversation created).
 * 2. Bot chat at 1,000 concurrent conversations: every customer sends a message every PERIOD ms
 *    (open loop, staggered); bot reply latency = time from send to the first bot message after it.
 * 3. Closed loop throughput: C customers send as soon as the previous bot reply arrives.
 *
 * Prints a JSON line at the end. Env: BENCH_IDLE (2000), BENCH_CONVS (1000), BENCH_PERIOD_MS (5000),
 * BENCH_SECONDS (20), BENCH_CLOSED (100).
 */
import { randomUUID } from 'node:crypto';
import { startServerProcess } from '../support/server-process.js';
import { WsCustomer } from '../support/ws-customer.js';
import { median, round, summarize } from './stats.js';

const IDLE = Number(process.env.BENCH_IDLE ?? 2000);
const CONVS = Number(process.env.BENCH_CONVS ?? 1000);
const PERIOD = Number(process.env.BENCH_PERIOD_MS ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLOSED = Number(process.env.BENCH_CLOSED ?? 100);
const QUESTIONS = [
  'What are your opening hours?',
  'How do I submit a meter reading?',
  'hello',
  'I am moving house',
  'how can I pay my bill',
  'is there a power cut in my area',
  'thanks!',
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function connectMany(n: number, url: string, origin: string): Promise<WsCustomer[]> {
  const out: WsCustomer[] = [];
  for (let i = 0; i < n; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, n - i) }, async () => {
        const c = new WsCustomer(url, origin);
        await c.connect();
        return c;
      }),
    );
    out.push(...batch);
  }
  return out;
}

/** Sends one message and resolves with the latency to the first bot message that follows its ack. */
function ask(c: WsCustomer, text: string): Promise<number> {
  const id = randomUUID();
  const t0 = performance.now();
  return new Promise((ok, fail) => {
    let ackSeq = Number.POSITIVE_INFINITY;
    const timer = setTimeout(() => fail(new Error('no bot reply in 30 s')), 30_000);
    c.onFrame((f) => {
      if (f.type === 'message.ack' && f.clientMsgId === id) ackSeq = f.seq;
      if (f.type === 'message' && f.message.author.role === 'bot' && f.message.seq > ackSeq) {
        clearTimeout(timer);
        ok(performance.now() - t0);
        ackSeq = Number.POSITIVE_INFINITY;
      }
    });
    c.send({ type: 'message.send', clientMsgId: id, content: { type: 'text', text } });
  });
}

async function main(): Promise<void> {
  // All simulated customers share one loopback address: lift the per-address connection cap (default 50).
  const server = await startServerProcess({ LOG_LEVEL: 'error', WS_MAX_CONNECTIONS_PER_IP: '100000' });
  const origin = server.baseUrl;
  const result: Record<string, unknown> = {};
  try {
    // 1. idle memory
    await sleep(1000);
    const before = median([server.rss(), (await sleep(200), server.rss()), (await sleep(200), server.rss())]);
    const idle = await connectMany(IDLE, server.wsUrl, origin);
    await sleep(3000);
    const after = median([server.rss(), (await sleep(300), server.rss()), (await sleep(300), server.rss())]);
    result.idle = {
      connections: IDLE,
      rssBeforeMB: round(before / 2 ** 20),
      rssAfterMB: round(after / 2 ** 20),
      bytesPerIdleConnection: Math.round((after - before) / IDLE),
    };
    console.log('idle', result.idle);
    await Promise.all(idle.map((c) => c.close()));
    await sleep(1000);

    // 2. open loop at CONVS concurrent conversations
    const customers = await connectMany(CONVS, server.wsUrl, origin);
    const latencies: number[] = [];
    let errors = 0;
    const end = Date.now() + SECONDS * 1000;
    const cpu0 = process.cpuUsage();
    await Promise.all(
      customers.map(async (c, i) => {
        await sleep((i / CONVS) * PERIOD);
        let k = i;
        while (Date.now() < end) {
          const started = Date.now();
          try {
            latencies.push(await ask(c, QUESTIONS[k++ % QUESTIONS.length] as string));
          } catch {
            errors++;
          }
          await sleep(Math.max(0, PERIOD - (Date.now() - started)));
        }
      }),
    );
    const open = summarize(latencies);
    result.openLoop = {
      conversations: CONVS,
      periodMs: PERIOD,
      seconds: SECONDS,
      messagesPerSecond: round(latencies.length / SECONDS, 1),
      botReplyMs: open,
      errors,
      rssMB: round(server.rss() / 2 ** 20),
      clientCpuMs: round(process.cpuUsage(cpu0).user / 1000),
    };
    console.log('open loop', result.openLoop);
    await Promise.all(customers.map((c) => c.close()));

    // 3. closed loop
    const closed = await connectMany(CLOSED, server.wsUrl, origin);
    const cl: number[] = [];
    const endClosed = Date.now() + 10_000;
    await Promise.all(
      closed.map(async (c, i) => {
        let k = i;
        while (Date.now() < endClosed)
          cl.push(await ask(c, QUESTIONS[k++ % QUESTIONS.length] as string).catch(() => Number.NaN));
      }),
    );
    const ok = cl.filter((v) => Number.isFinite(v));
    result.closedLoop = {
      conversations: CLOSED,
      seconds: 10,
      botRepliesPerSecond: round(ok.length / 10, 1),
      botReplyMs: summarize(ok),
    };
    console.log('closed loop', result.closedLoop);
    await Promise.all(closed.map((c) => c.close()));
  } finally {
    await server.stop();
  }
  console.log(JSON.stringify(result));
}

await main();
