/**
 * Gateway benchmark: N concurrent escalated conversations through the EWC gateway to the AACC
 * simulator (auto-answering agents), R messages/s in total, half customer->agent, half agent->customer.
 * Prints one JSON line: latency p50/p99 both ways, the gateway-added latency (customer->agent minus the
 * same path over a raw ws client), throughput and memory per conversation.
 * Usage: node --import tsx bot-server/bench/gateway-bench.ts [N=1000] [rate=1000] [seconds=10]
 */
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import WebSocket from 'ws';
import { startSimulator } from '@parley/aacc-sim';
import { loadConfig } from '../src/config/index.js';
import { createEwcContactCenter } from '../src/contact-center/ewc/index.js';
import { systemClock } from '../src/domain/ports.js';
import { openStore } from '../src/store/index.js';
import { wsText } from '../src/transport/ws-text.js';

const [N = 1000, RATE = 1000, SECONDS = 10] = process.argv.slice(2).map(Number);
const logger = pino({ level: 'silent' });
const DRAIN_DEADLINE_MS = 5_000;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? null
    : Number((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number).toFixed(2));
};

const agents = Array.from({ length: Math.ceil(N / 20) + 1 }, (_, i) => ({
  id: String(6000 + i),
  name: `Bench Agent ${i}`,
  maxChats: 20,
}));
const sim = await startSimulator({ port: 0, autoAnswer: true, agents, keepAliveMs: 600_000 });
for (const a of agents) {
  await sim.control.login(a.id, 'agent');
  await sim.control.setReady(a.id, true);
}
const store = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'NORMAL' }, logger);
const config = loadConfig({ EWC_PING_INTERVAL: '20000' }).ewc;
const gateway = createEwcContactCenter({ config, url: sim.ewcUrl, store, clock: systemClock, logger });

const sentAt = new Map<string, number>();
const toAgent: number[] = [];
const toCustomer: number[] = [];
const contactOf = new Map<number, { contactId: string; agentId: string; conversationId: string }>();
const joined = new Map<string, () => void>();
/** Called after each delivery or failed send while the load is draining. */
let onSettled: (() => void) | undefined;
sim.control.events.on('customer_message', (e: { text: string }) => {
  const t0 = sentAt.get(e.text);
  if (t0 !== undefined) toAgent.push(performance.now() - t0);
  onSettled?.();
});
gateway.onEvent((e) => {
  if (e.type === 'agent_joined') joined.get(e.conversationId)?.();
  if (e.type === 'agent_message') {
    const t0 = sentAt.get(e.text);
    if (t0 !== undefined) toCustomer.push(performance.now() - t0);
    onSettled?.();
  }
});

// Baseline: the same customer->agent path over one raw ws client (no gateway).
async function rawBaseline(samples: number): Promise<number[]> {
  const ws = new WebSocket(sim.ewcUrl);
  await new Promise((r) => ws.once('open', r));
  const accepted = new Promise<number>((resolve) =>
    ws.on('message', (raw) => {
      const f = JSON.parse(wsText(raw)) as { body: { method: string; guid?: number } };
      if (f.body.method === 'requestChat' && f.body.guid !== undefined) resolve(f.body.guid);
    }),
  );
  ws.send(
    JSON.stringify({
      apiVersion: '1.0',
      type: 'request',
      body: {
        method: 'requestChat',
        deviceType: 'bench',
        requestTranscript: false,
        intrinsics: { name: 'Raw', skillset: 'WC_Default_Skillset' },
      },
    }),
  );
  const guid = await accepted;
  if (sim.control.contactByGuid(guid).participants.length === 0)
    await sim.control.waitFor('participant_joined', 5000, (e) => e.guid === guid);
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const text = `raw-${i}`;
    const t0 = performance.now();
    const seen = sim.control.waitFor('customer_message', 5000, (e) => e.text === text);
    ws.send(JSON.stringify({ apiVersion: '1.0', type: 'request', body: { method: 'newMessage', message: text } }));
    await seen;
    out.push(performance.now() - t0);
  }
  ws.send(JSON.stringify({ apiVersion: '1.0', type: 'request', body: { method: 'closeConversation' } }));
  ws.close();
  return out;
}
const baseline = await rawBaseline(200);

global.gc?.();
const mem0 = process.memoryUsage();
const tStart = performance.now();
const ids = Array.from({ length: N }, (_, i) => `bench-${i}`);
for (const id of ids) {
  await store.createVisitor({ id: `v-${id}`, tokenHash: `h-${id}`, locale: 'en', now: Date.now() });
  await store.createConversation({
    id,
    visitorId: `v-${id}`,
    channel: 'web',
    state: 'escalation_requested',
    data: {},
    now: Date.now(),
  });
}
await Promise.all(
  ids.map(async (id) => {
    const isJoined = new Promise<void>((r) => joined.set(id, r));
    await gateway.start({
      conversationId: id,
      customer: { name: `Customer ${id}` },
      skillset: 'WC_Default_Skillset',
      customFields: [],
      requestTranscript: false,
    });
    await isJoined;
    const guid = Number((await store.getContactCenterSession(id))?.externalId);
    const c = sim.control.contactByGuid(guid);
    contactOf.set(guid, { contactId: c.id, agentId: c.participants[0]?.id as string, conversationId: id });
  }),
);
const setupMs = performance.now() - tStart;
const mem1 = process.memoryUsage();

// Load: RATE msgs/s total for SECONDS, alternating directions, round-robin over conversations.
const chats = [...contactOf.values()];
let seq = 0;
let errors = 0;
const tickMs = 10;
const loadStart = performance.now();
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    const elapsed = performance.now() - loadStart;
    if (elapsed >= SECONDS * 1000) {
      clearInterval(timer);
      resolve();
      return;
    }
    // Catch up to the schedule (timer ticks are late under load): RATE messages per second overall.
    for (const due = Math.floor((elapsed * RATE) / 1000); seq < due;) {
      const n = seq++;
      const chat = chats[n % chats.length] as (typeof chats)[number];
      const text = `m${n}`;
      sentAt.set(text, performance.now());
      const failed = () => {
        errors++;
        onSettled?.();
      };
      if (n % 2 === 0) gateway.sendMessage(chat.conversationId, text, `c${n}`).catch(failed);
      else sim.control.say(chat.agentId, chat.contactId, text).catch(failed);
    }
  }, tickMs);
});
const loadMs = performance.now() - loadStart;
// Drain: wait until every message sent is delivered or has failed; what is still missing at the deadline is lost.
await new Promise<void>((resolve) => {
  const finish = () => {
    clearTimeout(timer);
    onSettled = undefined;
    resolve();
  };
  const timer = setTimeout(finish, DRAIN_DEADLINE_MS);
  onSettled = () => {
    if (toAgent.length + toCustomer.length + errors >= seq) finish();
  };
  onSettled();
});
const mem2 = process.memoryUsage();
const delivered = toAgent.length + toCustomer.length;

const result = {
  bench: 'gateway',
  conversations: N,
  targetRate: RATE,
  seconds: SECONDS,
  setupMs: Math.round(setupMs),
  sent: seq,
  delivered,
  lost: seq - delivered,
  errors,
  achievedRate: Math.round(seq / (loadMs / 1000)),
  customerToAgentMs: { p50: pct(toAgent, 50), p99: pct(toAgent, 99) },
  agentToCustomerMs: { p50: pct(toCustomer, 50), p99: pct(toCustomer, 99) },
  rawWsCustomerToAgentMs: { p50: pct(baseline, 50), p99: pct(baseline, 99) },
  gatewayAddedMsP50: Number(((pct(toAgent, 50) ?? 0) - (pct(baseline, 50) ?? 0)).toFixed(2)),
  heapPerConversationKB: Math.round((mem1.heapUsed - mem0.heapUsed) / N / 1024),
  rssMB: Math.round(mem2.rss / 1024 / 1024),
  note: 'simulator, gateway and store share one process; latencies include the simulator',
};
await gateway.close();
await sim.close();
await store.close();
console.log(JSON.stringify(result));
