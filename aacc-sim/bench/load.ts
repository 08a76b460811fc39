/**
 * Load benchmark of the simulator: CUSTOMERS concurrent EWC sockets start chats (auto-answered), then each sends
 * MESSAGES messages one after the other, awaiting the acknowledgement. Prints setup time, ack latency
 * percentiles and throughput. Run: node --import tsx aacc-sim/bench/load.ts [customers] [messages]
 */
import { startSimulator, type AgentSeed } from '../src/index.js';
import { EwcTestClient, newChat } from '../src/testing/ewc-test-client.js';

const CUSTOMERS = Number(process.argv[2] ?? 500);
const MESSAGES = Number(process.argv[3] ?? 20);
const agents: AgentSeed[] = Array.from({ length: Math.ceil(CUSTOMERS / 10) }, (_, i) => ({
  id: String(6000 + i),
  name: `Agent ${i}`,
  maxChats: 10,
}));
const sim = await startSimulator({ port: 0, autoAnswer: true, agents, maxChatsPerCustomer: 1 });
for (const a of agents) {
  await sim.control.login(a.id, 'agent');
  await sim.control.setReady(a.id, true);
}
const t0 = performance.now();
const clients = await Promise.all(
  Array.from({ length: CUSTOMERS }, async () => {
    const c = await EwcTestClient.connect(sim.ewcUrl);
    c.request(newChat());
    await c.next('requestChat', 'notification', 30_000);
    await c.next('newParticipant', 'notification', 30_000);
    return c;
  }),
);
const setupMs = performance.now() - t0;
const latencies: number[] = [];
const t1 = performance.now();
await Promise.all(
  clients.map(async (c, i) => {
    for (let m = 0; m < MESSAGES; m++) {
      const s = performance.now();
      c.request({ method: 'newMessage', message: `customer ${i} message ${m}` });
      await c.next('newMessage', 'acknowledgement', 30_000);
      latencies.push(performance.now() - s);
    }
  }),
);
const runMs = performance.now() - t1;
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(2);
const transcriptTotal = sim.control.contacts().reduce((n, c) => n + c.transcript.length, 0);
console.log(
  JSON.stringify({
    customers: CUSTOMERS,
    messagesEach: MESSAGES,
    setupMs: Math.round(setupMs),
    ackLatencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100) },
    messagesPerSecond: Math.round((CUSTOMERS * MESSAGES) / (runMs / 1000)),
    transcriptEntries: transcriptTotal,
    expected: CUSTOMERS * MESSAGES,
  }),
);
for (const c of clients) c.close();
await sim.close();
