/**
 * AACC outages (issue 13, points 1 and 2), on the gateway's injected clock: a 10 s outage (inside the 5 x 5 s
 * reconnect window) and a 60 s one (past it). Messages are counted on both sides, and each side must have been
 * told exactly what did not reach the other: the agent desktop marks agent messages the customer never got,
 * the customer is told the connection was lost (and, past the window, that the chat ended), and everything
 * the customer wrote meanwhile reaches the agent, past the window through the farewell (farewell.ts).
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { defaultWsFactory } from '../../bot-server/src/contact-center/ewc/index.js';
import { farewellNote } from '../../bot-server/src/contact-center/ewc/farewell.js';
import { ManualClock } from '../../bot-server/src/contact-center/testing/manual-clock.js';
import type { ContactCenterEvent } from '../../bot-server/src/domain/ports.js';
import { answerChat, eventually, type Harness, readyAgents, startHarness } from './harness.js';

const RECONNECT = { attempts: 5, intervalMs: 5000 };
const FAREWELL_RETRY_MS = 15_000;

interface Outage {
  h: Harness;
  clock: ManualClock;
  /** Upstream sockets that have closed (a refused attempt, a dropped or finished socket). */
  closedSockets: () => number;
  guid: number;
  contactId: string;
  agentId: string;
}

async function chatWithAgent(id: string): Promise<Outage> {
  const clock = new ManualClock();
  let closed = 0;
  const h = await startHarness({
    clock,
    env: {
      wsReconnectMaxAttempt: String(RECONNECT.attempts),
      wsReconnectInterval: String(RECONNECT.intervalMs),
      EWC_PING_INTERVAL: '600000',
    },
    timings: { farewellRetryMs: FAREWELL_RETRY_MS, farewellWindowMs: 180_000 },
    wsFactory: (url, o) => {
      const ws = defaultWsFactory(url, o);
      ws.once('close', () => (closed += 1));
      return ws;
    },
  });
  await readyAgents(h.sim, '5001');
  await h.gateway.start(await h.conversation(id));
  const guid = await h.guidOf(id);
  const contactId = await answerChat(h.sim, guid);
  const agentId = (await h.waitEvent(id, 'agent_joined')).agent.id as string;
  return { h, clock, closedSockets: () => closed, guid, contactId, agentId };
}

/** AACC goes away: new connections refused, the chat's socket dropped; then both sides write meanwhile. */
async function goDown(o: Outage, id: string): Promise<void> {
  const { h, guid, contactId, agentId } = o;
  await h.gateway.sendMessage(id, 'c0', 'c0');
  await h.sim.control.say(agentId, contactId, 'a0');
  await h.waitEvent(id, 'agent_message', (e) => e.text === 'a0');
  await eventually(() => customer(h, guid).includes('c0'), 5000, 'c0 delivered');
  h.sim.control.refuseConnections(true);
  h.sim.control.dropSocket(guid);
  await h.waitEvent(id, 'connection_lost', (e) => e.attempt === 1);
  await eventually(() => !h.sim.control.contactByGuid(guid).customerConnected, 5000, 'customer shown disconnected');
  await h.sim.control.say(agentId, contactId, 'a1');
  await h.sim.control.say(agentId, contactId, 'a2');
  for (const m of ['c1', 'c2', 'c3']) await h.gateway.sendMessage(id, m, m);
}

/** Advance the gateway's clock through the reconnect attempts; AACC is back from `outageMs`. */
async function reconnectThrough(o: Outage, id: string, outageMs: number): Promise<'restored' | 'failed'> {
  const { h, clock } = o;
  for (let attempt = 1; ; attempt++) {
    if (attempt * RECONNECT.intervalMs >= outageMs) h.sim.control.refuseConnections(false);
    clock.advance(RECONNECT.intervalMs);
    const next = await h
      .waitEvent(id, attempt < RECONNECT.attempts ? 'connection_lost' : 'failed', (e) =>
        e.type === 'connection_lost' ? e.attempt === attempt + 1 : true,
      )
      .then(
        (e) => e.type,
        () => undefined,
      );
    if (h.events.some((e) => e.conversationId === id && e.type === 'connection_restored')) return 'restored';
    if (next === 'failed') return 'failed';
    assert.equal(next, 'connection_lost', `attempt ${attempt} neither failed nor succeeded`);
  }
}

const customer = (h: Harness, guid: number) =>
  h.sim.control
    .contactByGuid(guid)
    .transcript.filter((t) => t.from === 'customer')
    .map((t) => t.text);
const agentEntries = (h: Harness, guid: number) =>
  h.sim.control
    .contactByGuid(guid)
    .transcript.filter((t) => t.from === 'agent')
    .map((t) => `${t.text}${t.undelivered ? ' (not delivered)' : ''}`);
const ofChat = (h: Harness, id: string, type: ContactCenterEvent['type']) =>
  h.events.filter((e) => e.conversationId === id && e.type === type);
const agentMessagesSeen = (h: Harness, id: string) =>
  h.events
    .filter((e): e is Extract<ContactCenterEvent, { type: 'agent_message' }> => e.conversationId === id)
    .filter((e) => e.type === 'agent_message')
    .map((e) => e.text);

describe('EWC gateway conformance: AACC outages, nothing lost silently', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  test('10 s outage: resumed inside the window; customer text delivered; agent told which messages missed', async () => {
    const o = await chatWithAgent('out-10');
    h = o.h;
    await goDown(o, 'out-10');
    assert.equal(await reconnectThrough(o, 'out-10', 10_000), 'restored');
    await eventually(() => customer(o.h, o.guid).length === 4, 5000, 'buffered customer text delivered');
    await o.h.sim.control.say(o.agentId, o.contactId, 'a3');
    await o.h.waitEvent('out-10', 'agent_message', (e) => e.text === 'a3');

    // Customer side: all four reached the agent; the customer was told of the drop and of the return.
    assert.deepEqual(customer(o.h, o.guid), ['c0', 'c1', 'c2', 'c3']);
    assert.equal(ofChat(o.h, 'out-10', 'connection_lost').length, 2, 'attempts 1 and 2');
    assert.equal(ofChat(o.h, 'out-10', 'connection_restored').length, 1);
    assert.equal(ofChat(o.h, 'out-10', 'failed').length, 0);
    // Agent side: the two written during the outage are marked, and are exactly those the customer never got.
    assert.deepEqual(agentEntries(o.h, o.guid), ['a0', 'a1 (not delivered)', 'a2 (not delivered)', 'a3']);
    assert.deepEqual(agentMessagesSeen(o.h, 'out-10'), ['a0', 'a3']);
    assert.equal(o.h.sim.control.contactByGuid(o.guid).customerConnected, true);
  });

  test('60 s outage: past the window the customer is told; once AACC is back the agent gets their text, the reason, and the chat closes', async () => {
    const o = await chatWithAgent('out-60');
    h = o.h;
    await goDown(o, 'out-60');
    assert.equal(await reconnectThrough(o, 'out-60', 60_000), 'failed');
    assert.deepEqual(ofChat(o.h, 'out-60', 'failed'), [
      { type: 'failed', conversationId: 'out-60', reason: 'unreachable' },
    ]);
    assert.equal(await o.h.store.getContactCenterSession('out-60'), undefined);
    // Still open on the agent's desktop, customer shown disconnected.
    assert.equal(o.h.sim.control.contactByGuid(o.guid).state, 'active');

    // The farewell retries on the same clock; AACC is back at 60 s (the window closed at 25 s).
    let now = RECONNECT.attempts * RECONNECT.intervalMs;
    while (o.h.sim.control.contactByGuid(o.guid).state !== 'closed') {
      const before = o.closedSockets();
      if (now + FAREWELL_RETRY_MS >= 60_000) o.h.sim.control.refuseConnections(false);
      o.clock.advance(FAREWELL_RETRY_MS);
      now += FAREWELL_RETRY_MS;
      assert.ok(now <= 90_000, 'farewell delivered by the first attempt after the outage');
      await eventually(() => o.closedSockets() > before, 5000, `farewell attempt at ${now} ms`);
    }

    assert.deepEqual(customer(o.h, o.guid), ['c0', 'c1', 'c2', 'c3', farewellNote(3)]);
    assert.equal(o.h.sim.control.contactByGuid(o.guid).closedBy, 'customer');
    assert.deepEqual(agentEntries(o.h, o.guid), ['a0', 'a1 (not delivered)', 'a2 (not delivered)']);
    assert.deepEqual(agentMessagesSeen(o.h, 'out-60'), ['a0']);
    assert.equal(ofChat(o.h, 'out-60', 'connection_restored').length, 0);
    assert.equal(o.clock.timerCount, 0, 'nothing left scheduled');
  });

  test('farewell pending, instance restarted: the new gateway over the same store completes it once AACC is back', async () => {
    const o = await chatWithAgent('out-restart');
    h = o.h;
    await goDown(o, 'out-restart');
    assert.equal(await reconnectThrough(o, 'out-restart', 60_000), 'failed');
    // One farewell attempt fails while AACC is still down, then the instance stops (a deploy, a restart).
    const before = o.closedSockets();
    o.clock.advance(FAREWELL_RETRY_MS);
    await eventually(() => o.closedSockets() > before, 5000, 'first farewell attempt');
    await o.h.gateway.close();
    assert.equal(o.h.sim.control.contactByGuid(o.guid).state, 'active', 'nothing told the agent yet');

    const restarted = o.h.newGateway();
    await restarted.recover();
    o.h.sim.control.refuseConnections(false);
    o.clock.advance(FAREWELL_RETRY_MS);
    await eventually(() => o.h.sim.control.contactByGuid(o.guid).state === 'closed', 5000, 'farewell delivered');

    // The agent got what the customer wrote during the outage, and why the chat ends; exactly once.
    assert.deepEqual(customer(o.h, o.guid), ['c0', 'c1', 'c2', 'c3', farewellNote(3)]);
    assert.equal(o.h.sim.control.contactByGuid(o.guid).closedBy, 'customer');
    await restarted.close();
    assert.equal(o.clock.timerCount, 0, 'nothing left scheduled');
  });
});
