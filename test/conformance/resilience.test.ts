/**
 * Gateway vs simulator: serviceability (Koopid app notes §2.1): socket drops, refused reconnects,
 * expired sessions, a simulator restart and a bot-server restart, with transcripts compared exactly.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { defaultWsFactory } from '../../bot-server/src/contact-center/ewc/index.js';
import { ManualClock } from '../../bot-server/src/contact-center/testing/manual-clock.js';
import type { ContactCenter, ContactCenterEvent } from '../../bot-server/src/domain/ports.js';
import { answerChat, eventually, type Harness, readyAgents, startHarness } from './harness.js';

const customerTexts = (h: Harness, guid: number) =>
  h.sim.control
    .contactByGuid(guid)
    .transcript.filter((t) => t.from === 'customer')
    .map((t) => t.text);
const agentTexts = (h: Harness, id: string) =>
  h.events
    .filter(
      (e): e is Extract<ContactCenterEvent, { type: 'agent_message' }> =>
        e.conversationId === id && e.type === 'agent_message',
    )
    .map((e) => e.text);

/** Start a chat and have an agent answer it. */
async function activeChat(h: Harness, id: string, gateway: ContactCenter = h.gateway) {
  await gateway.start(await h.conversation(id));
  const guid = await h.guidOf(id);
  const contactId = await answerChat(h.sim, guid);
  const joined = await h.waitEvent(id, 'agent_joined');
  return { guid, contactId, agentId: joined.agent.id as string };
}

describe('EWC gateway conformance: resilience', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  test('socket killed mid-chat: resumes on a new socket, nothing lost or doubled either way', async () => {
    let sockets = 0;
    h = await startHarness({ wsFactory: (url, o) => (sockets++, defaultWsFactory(url, o)) });
    await readyAgents(h.sim, '5001');
    const { guid, contactId, agentId } = await activeChat(h, 'drop-1');
    await h.gateway.sendMessage('drop-1', 'c1', 'c1');
    await h.sim.control.say(agentId, contactId, 'a1');
    await h.waitEvent('drop-1', 'agent_message', (e) => e.text === 'a1');
    await eventually(() => customerTexts(h as Harness, guid).length === 1, 5000, 'c1 delivered');

    h.sim.control.dropSocket(guid);
    await h.waitEvent('drop-1', 'connection_lost');
    // Sent while the gateway is reconnecting: buffered, then delivered once, in order.
    await h.gateway.sendMessage('drop-1', 'c2', 'c2');
    await h.gateway.sendMessage('drop-1', 'c3', 'c3');
    await h.waitEvent('drop-1', 'connection_restored');
    await h.gateway.sendMessage('drop-1', 'c3', 'c3'); // a retry of an already buffered id
    await h.gateway.sendMessage('drop-1', 'c4', 'c4');
    await h.sim.control.say(agentId, contactId, 'a2');
    await h.waitEvent('drop-1', 'agent_message', (e) => e.text === 'a2');
    // Ending writes closeConversation behind everything already written on the socket, so once AACC has
    // closed the contact its transcript is final: a late duplicate would be in it.
    await h.gateway.end('drop-1', 'customer');
    await eventually(() => h!.sim.control.contactByGuid(guid).state === 'closed', 5000, 'contact closed');

    assert.deepEqual(customerTexts(h, guid), ['c1', 'c2', 'c3', 'c4']);
    assert.deepEqual(agentTexts(h, 'drop-1'), ['a1', 'a2']);
    assert.equal(sockets, 2, 'exactly one new socket');
    const lost = h.events.filter((e) => e.conversationId === 'drop-1' && e.type === 'connection_lost');
    assert.deepEqual(lost, [{ type: 'connection_lost', conversationId: 'drop-1', attempt: 1, maxAttempts: 3 }]);
    assert.equal(
      h.events.filter((e) => e.conversationId === 'drop-1' && e.type === 'agent_joined').length,
      1,
      'no repeated join after resume',
    );
    assert.ok(h.gateway.health().ok);
  });

  test('all reconnects refused: exactly N attempts, connection_lost per attempt, then failed{unreachable}', async () => {
    let sockets = 0;
    const clock = new ManualClock();
    h = await startHarness({ clock, wsFactory: (url, o) => (sockets++, defaultWsFactory(url, o)) });
    await readyAgents(h.sim, '5001');
    const { guid } = await activeChat(h, 'refuse-1');
    h.sim.control.refuseConnections(true);
    h.sim.control.dropSocket(guid);
    for (let attempt = 1; attempt <= h.config.wsReconnectMaxAttempt; attempt++) {
      await h.waitEvent('refuse-1', 'connection_lost', (e) => e.attempt === attempt);
      assert.equal(sockets, attempt, 'the next attempt waits for wsReconnectInterval');
      clock.advance(h.config.wsReconnectInterval);
    }
    await h.waitEvent('refuse-1', 'failed', (e) => e.reason === 'unreachable');
    assert.equal(sockets, 1 + h.config.wsReconnectMaxAttempt);
    assert.deepEqual(
      h.events
        .filter((e) => e.conversationId === 'refuse-1' && e.type === 'connection_lost')
        .map((e) => (e as { attempt: number }).attempt),
      [1, 2, 3],
    );
    assert.equal(await h.store.getContactCenterSession('refuse-1'), undefined);
    assert.deepEqual(h.gateway.health(), { ok: false, detail: 'the last 3 EWC connection attempts failed' });
    clock.advance(h.config.wsReconnectInterval * 10);
    // Only the farewell is left (its first try 15 s later; outage.test.ts): the session makes no attempt.
    assert.equal(clock.timerCount, 1, 'no session attempt scheduled after giving up');
    assert.equal(sockets, 1 + h.config.wsReconnectMaxAttempt, 'no attempt after giving up');
  });

  test('session expired on the AACC side: resume answered with code 2 -> failed{session_expired}', async () => {
    h = await startHarness();
    await readyAgents(h.sim, '5001');
    const { guid } = await activeChat(h, 'expire-1');
    h.sim.control.expireSession(guid);
    await h.waitEvent('expire-1', 'failed', (e) => e.reason === 'session_expired');
    assert.equal(await h.store.getContactCenterSession('expire-1'), undefined);
  });

  test('simulator restart: the chat resumes and continues', async () => {
    h = await startHarness();
    await readyAgents(h.sim, '5001');
    const { guid, contactId, agentId } = await activeChat(h, 'simrestart-1');
    await h.sim.restart();
    await h.waitEvent('simrestart-1', 'connection_restored');
    await h.gateway.sendMessage('simrestart-1', 'still there?', 'r1');
    await h.sim.control.say(agentId, contactId, 'yes');
    await h.waitEvent('simrestart-1', 'agent_message', (e) => e.text === 'yes');
    await eventually(() => customerTexts(h as Harness, guid).includes('still there?'), 5000, 'message after restart');
  });

  test('bot-server restart mid-chat: a new gateway on the same store recovers and the chat continues', async () => {
    h = await startHarness();
    await readyAgents(h.sim, '5001');
    const { guid, contactId, agentId } = await activeChat(h, 'gwrestart-1');
    await h.gateway.sendMessage('gwrestart-1', 'before', 'b1');
    await eventually(() => customerTexts(h as Harness, guid).length === 1, 5000, 'b1 delivered');
    await h.gateway.close();

    const second = h.newGateway();
    await second.recover();
    await h.waitEvent('gwrestart-1', 'connection_restored');
    await second.sendMessage('gwrestart-1', 'before', 'b1'); // already acknowledged before the restart
    await second.sendMessage('gwrestart-1', 'after', 'b2');
    await h.sim.control.say(agentId, contactId, 'welcome back');
    await h.waitEvent('gwrestart-1', 'agent_message', (e) => e.text === 'welcome back');
    await eventually(() => customerTexts(h as Harness, guid).length >= 2, 5000, 'b2 delivered');
    // Once AACC closed the contact the transcript is final (closeConversation follows every message written).
    await second.end('gwrestart-1', 'customer');
    await eventually(() => h!.sim.control.contactByGuid(guid).state === 'closed', 5000, 'closed');
    assert.deepEqual(customerTexts(h, guid), ['before', 'after']);
  });

  test('bot-server restart while queued: buffered customer text survives and is delivered after the answer', async () => {
    h = await startHarness();
    await h.gateway.start(await h.conversation('gwrestart-2'));
    const guid = await h.guidOf('gwrestart-2');
    await h.gateway.sendMessage('gwrestart-2', 'q1', 'q1');
    await h.gateway.sendMessage('gwrestart-2', 'q2', 'q2');
    await h.gateway.close();
    const second = h.newGateway();
    await second.recover();
    await h.waitEvent('gwrestart-2', 'connection_restored');
    await readyAgents(h.sim, '5002');
    await answerChat(h.sim, guid);
    await eventually(() => customerTexts(h as Harness, guid).length >= 2, 5000, 'buffered messages');
    assert.deepEqual(customerTexts(h, guid), ['q1', 'q2']);
  });
});
