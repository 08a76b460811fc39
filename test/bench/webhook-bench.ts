/**
 * Messaging webhook benchmark (issue 8): signed Smooch v1.1 `message:appUser` webhooks from many WhatsApp customers,
 * open loop at a fixed rate, against the real server process (SQLite synchronous=FULL, the default flow, a temp data
 * dir) whose aggregator is a stand-in REST receiver (aggregator-receiver.ts says why not the simulator). Per webhook:
 * the 2xx acknowledgement latency and the time until the bot's reply to it reaches the aggregator; replies lost or
 * doubled. In the same run, as anchors on this noisy 2-core machine: the floor (a bare HTTP server acknowledging the
 * same POSTs) and the web channel (WebSocket customers) at the same rate.
 *
 * Usage: node --conditions=@parley/source --import tsx test/bench/webhook-bench.ts
 *          [--rate 500] [--seconds 20] [--warmup 3] [--customers 2000] [--drain 120] [--cpu-prof DIR]
 * --drain bounds the wait for Parley's inbox and outbox to empty after the load (what is left is reported).
 * `npm run bench webhook` runs the 20 s default; issue 8's figure is `--seconds 60`. Prints a JSON line at the end.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startServerProcess } from '../support/server-process.js';
import { startAggregatorReceiver, type AggregatorReceiver } from './aggregator-receiver.js';
import { startFloorServer } from './floor-server.js';
import { nowMs, openLoop } from './open-loop.js';
import { round, summarize } from './stats.js';
import { overtakenCustomers } from './inbox-order.js';
import { TurnLog } from './turns.js';
import { runWebLoad, type LoadShape } from './web-load.js';
import { BENCH_APP_ID, WebhookPoster, customerId, whatsappMessage } from './webhook-load.js';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    customers: { type: 'string', default: '2000' },
    drain: { type: 'string', default: '120' },
    'cpu-prof': { type: 'string' },
    /** Skip the web channel's run (a quicker look at the webhooks alone). */
    'no-web': { type: 'boolean', default: false },
  },
});
const shape: LoadShape = {
  rate: Number(args.rate),
  seconds: Number(args.seconds),
  warmupSeconds: Number(args.warmup),
  customers: Number(args.customers),
  // Questions the bot answers without starting a form, the same for every customer so their turns compare.
  script: [
    'What are your opening hours?',
    'how can I pay my bill',
    'How do I submit a meter reading?',
    'is there a power cut in my area',
    'hello',
  ],
};
const TARGET = { ackP99Ms: 50, replyP99Ms: 150 };

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const load = () => loadavg().map((v) => round(v));

/** Posts the webhooks open loop; `turns` keeps when each customer wrote, for correlating the replies. */
async function webhookLoad(url: string, apiKey: string, tag: string, pid: number, turns = new TurnLog()) {
  const poster = new WebhookPoster(url, apiKey);
  const acks: number[] = [];
  const pending: Array<Promise<void>> = [];
  const warmup = Math.round(shape.rate * shape.warmupSeconds);
  let measuredFrom = Number.POSITIVE_INFINITY;
  let errors = 0;
  let duplicates = 0;
  const cpu0 = cpuSeconds(pid);
  const load0 = load();
  const loop = await openLoop(shape.rate, shape.warmupSeconds + shape.seconds, (i, at) => {
    const n = i % shape.customers;
    const step = Math.floor(i / shape.customers);
    if (i === warmup) measuredFrom = at;
    turns.sent(customerId(n), at);
    const text = shape.script[step % shape.script.length] as string;
    const body = whatsappMessage(n, `${tag}-${i.toString(16).padStart(8, '0')}`, text, at);
    pending.push(
      poster.post(body).then((ack) => {
        if (ack.status < 200 || ack.status > 299 || ack.stored !== 1) errors++;
        duplicates += ack.duplicates;
        if (ack.at > 0 && i >= warmup) acks.push(ack.at - at);
      }),
    );
  });
  await Promise.all(pending);
  poster.close();
  return {
    sent: loop.fired,
    errors,
    duplicates,
    ackMs: summarize(acks),
    scheduler: loop.lagMs,
    serverCpuSeconds: round(cpuSeconds(pid) - cpu0),
    loadDuring: load0,
    measuredFrom,
  };
}

let healthUrl = '';

/** Resolves with Parley's inbox and outbox depths once both are empty, or at the deadline with what is left. */
async function drained(timeoutMs: number, pollMs: number): Promise<{ inbox: number; outbox: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(healthUrl)).json()) as { messaging: { inbox: number; outbox: number } };
    const { inbox, outbox } = health.messaging;
    if ((inbox === 0 && outbox === 0) || Date.now() > deadline) return { inbox, outbox };
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * The texts the bot sends back for each step of the script, one webhook at a time from a customer outside the load's
 * range with nothing else running (this also warms the server up).
 */
async function calibrate(url: string, apiKey: string, tag: string, receiver: AggregatorReceiver, steps: number) {
  const poster = new WebhookPoster(url, apiKey);
  const expected: string[][] = [];
  for (let step = 0; step < steps; step++) {
    const text = shape.script[step % shape.script.length] as string;
    await poster.post(whatsappMessage(shape.customers, `${tag}-${step}`, text, nowMs()));
    await drained(30_000, 10);
    const { records } = await receiver.take();
    expected.push(records.filter(([c]) => c === customerId(shape.customers)).map(([, , t]) => t));
  }
  poster.close();
  return expected;
}

/** Waits until Parley's inbox and outbox are empty (bounded), then correlates what the receiver got. */
async function collectReplies(
  receiver: AggregatorReceiver,
  turns: TurnLog,
  measuredFrom: number,
  expected: string[][],
  overtaken: () => Set<string>,
) {
  const leftInParley = await drained(Number(args.drain) * 1000, 250);
  const { records, other } = await receiver.take();
  for (const [customer, at, text] of records) turns.replied(customer, at, text);
  const late = overtaken();
  return {
    leftInParley,
    otherAggregatorCalls: other,
    customersWithWebhooksOvertaken: late.size,
    turns: turns.report(measuredFrom, expected, late),
  };
}

const ratio = (a: number, b: number) => round(a / b, 1);

/** The web channel at the same load on the same server, with the server's CPU per message. */
async function webChannel(server: { wsUrl: string; baseUrl: string; pid: number }) {
  const cpu0 = cpuSeconds(server.pid);
  const load0 = load();
  const web = await runWebLoad(server.wsUrl, server.baseUrl, shape);
  const webCpu = cpuSeconds(server.pid) - cpu0;
  const out = {
    ...web,
    serverCpuSeconds: round(webCpu),
    serverCpuMsPerMessage: round((webCpu * 1000) / web.sent, 3),
    loadDuring: load0,
  };
  console.log('web', JSON.stringify(out));
  return out;
}

async function main(): Promise<void> {
  const loadBefore = load();
  const receiver = await startAggregatorReceiver();
  const webhookSecret = randomBytes(24).toString('base64url');
  const server = await startServerProcess(
    {
      LOG_LEVEL: 'error',
      WS_MAX_CONNECTIONS_PER_IP: '100000',
      AGGREGATOR_URL: receiver.baseUrl,
      AGGREGATOR_APP_ID: BENCH_APP_ID,
      AGGREGATOR_KEY_ID: 'bench-key',
      AGGREGATOR_SECRET: randomBytes(24).toString('base64url'),
      AGGREGATOR_WEBHOOK_SECRET: webhookSecret,
    },
    { nodeArgs: args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', args['cpu-prof']] : [] },
  );
  healthUrl = `${server.baseUrl}/health`;
  const floor = await startFloorServer();
  const tag = randomBytes(4).toString('hex');
  const result: Record<string, unknown> = { ...shape, script: shape.script.length, loadBefore };
  const url = `${server.baseUrl}/async/messaging/v1/webhook`;
  try {
    const steps = Math.ceil((shape.rate * (shape.warmupSeconds + shape.seconds)) / shape.customers);
    const expected = await calibrate(url, webhookSecret, `${tag}c`, receiver, steps);
    result.repliesPerStep = expected.map((e) => e.length);
    const { measuredFrom: _, ...f } = await webhookLoad(floor.url, webhookSecret, `${tag}f`, floor.pid);
    await floor.stop();
    console.log('floor', JSON.stringify(f));
    const turns = new TurnLog();
    const cpuStart = cpuSeconds(server.pid);
    const { measuredFrom, ...posted } = await webhookLoad(url, webhookSecret, `${tag}w`, server.pid, turns);
    const w = {
      ...posted,
      ...(await collectReplies(receiver, turns, measuredFrom, expected, () =>
        overtakenCustomers(join(server.dataDir, 'parley.db'), `${tag}w`),
      )),
      // Every webhook's whole turn (ack, bot, outbox, aggregator call) until nothing is left: CPU time survives a
      // busy machine better than latency does.
      serverCpuMsPerWebhook: round(((cpuSeconds(server.pid) - cpuStart) * 1000) / posted.sent, 3),
    };
    console.log('webhook', JSON.stringify(w));
    const web = args['no-web'] ? undefined : await webChannel(server);
    const t = w.turns;
    Object.assign(result, {
      floor: f,
      webhook: w,
      ...(web ? { web } : {}),
      ratios: {
        webhookAckToFloor: { p50: ratio(w.ackMs.p50, f.ackMs.p50), p99: ratio(w.ackMs.p99, f.ackMs.p99) },
        webhookCpuToFloor: ratio(w.serverCpuMsPerWebhook, (f.serverCpuSeconds * 1000) / f.sent),
        ...(web
          ? {
              webAckToFloor: { p50: ratio(web.ackMs.p50, f.ackMs.p50), p99: ratio(web.ackMs.p99, f.ackMs.p99) },
              webhookReplyToWeb: {
                p50: ratio(t.firstReplyMs.p50, web.turns.firstReplyMs.p50),
                p99: ratio(t.firstReplyMs.p99, web.turns.firstReplyMs.p99),
              },
            }
          : {}),
      },
      targets: {
        ackP99: { ms: w.ackMs.p99, target: TARGET.ackP99Ms, met: w.ackMs.p99 <= TARGET.ackP99Ms },
        replyP99: { ms: t.firstReplyMs.p99, target: TARGET.replyP99Ms, met: t.firstReplyMs.p99 <= TARGET.replyP99Ms },
        nothingLostOrDoubled:
          w.errors === 0 &&
          w.leftInParley.inbox + w.leftInParley.outbox === 0 &&
          t.lost === 0 &&
          t.doubled === 0 &&
          t.customersWithOtherWords === 0,
      },
    });
  } finally {
    await server.stop();
    await receiver.close();
  }
  result.loadAfter = load();
  console.log(JSON.stringify(result));
}

await main();
