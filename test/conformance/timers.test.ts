/** Gateway vs simulator: agent-wait timeout, idle close, Web-On-Hold comfort, keep-alive liveness. */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { answerChat, eventually, type Harness, readyAgents, startHarness } from './harness.js';

describe('EWC gateway conformance: timers', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  test('no agent within agentWaitInterval: closeConversation upstream, failed{no_agent}; Web-On-Hold played meanwhile', async () => {
    h = await startHarness({
      env: { agentWaitInterval: '2500' },
      sim: {
        webOnHold: {
          comfortGroups: [
            {
              groupName: 'g',
              delay: 1,
              numberOfMessages: 1,
              messages: [{ message: 'Thanks for waiting', sequence: 1 }],
            },
          ],
          urls: [],
        },
      },
    });
    await h.gateway.start(await h.conversation('wait-1'));
    const guid = await h.guidOf('wait-1');
    const comfort = await h.waitEvent('wait-1', 'comfort');
    assert.equal(comfort.text, 'Thanks for waiting');
    await h.waitEvent('wait-1', 'failed', (e) => e.reason === 'no_agent');
    await eventually(() => h!.sim.control.contactByGuid(guid).state === 'closed', 5000, 'AACC contact closed');
    assert.equal(await h.store.getContactCenterSession('wait-1'), undefined);
    const comforts = h.events.filter((e) => e.type === 'comfort').length;
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(h.events.filter((e) => e.type === 'comfort').length, comforts, 'on-hold stops with the chat');
  });

  test('transfer (participantLeave with [] then newParticipant): Web-On-Hold restarts meanwhile, no queue place 0, stops on join', async () => {
    h = await startHarness({
      sim: {
        webOnHold: {
          comfortGroups: [
            {
              groupName: 'g',
              delay: 1,
              numberOfMessages: 1,
              messages: [{ message: 'Thanks for waiting', sequence: 1 }],
            },
          ],
          urls: [],
        },
      },
    });
    await readyAgents(h.sim, '5001');
    await h.gateway.start(await h.conversation('xfer-hold'));
    const guid = await h.guidOf('xfer-hold');
    const contactId = await answerChat(h.sim, guid);
    await h.waitEvent('xfer-hold', 'agent_joined');
    const before = h.events.filter((e) => e.type === 'comfort').length;
    await readyAgents(h.sim, '5002');
    await h.sim.control.transfer('5001', contactId, { toAgentId: '5002' });
    await h.waitEvent('xfer-hold', 'agent_left', (e) => e.participants.length === 0);
    await eventually(
      () => h!.events.filter((e) => e.type === 'comfort').length > before,
      5000,
      'Web-On-Hold restarted after the transfer leave',
    );
    // The chat is offered to 5002 (AACC positionInQueue 0): let the first queueStatus poll (3.5 s) happen.
    await new Promise((r) => setTimeout(r, 4000));
    const queued = h.events.filter((e) => e.type === 'queued');
    assert.ok(queued.length > 0, 'the queue was polled during the transfer');
    assert.ok(
      queued.every((e) => e.position === undefined || e.position >= 1),
      `no queue place below 1: ${JSON.stringify(queued)}`,
    );
    await h.sim.control.answer('5002', contactId);
    await h.waitEvent('xfer-hold', 'agent_joined', (e) => e.agent.id === '5002');
    const after = h.events.filter((e) => e.type === 'comfort').length;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(h.events.filter((e) => e.type === 'comfort').length, after, 'on-hold stops when the new agent joins');
    await h.gateway.end('xfer-hold', 'customer');
  });

  test('no message either way for chatIdleInterval while with an agent: ended{by:idle}; activity postpones it', async () => {
    h = await startHarness({ env: { chatIdleInterval: '1500' } });
    await readyAgents(h.sim, '5001');
    await h.gateway.start(await h.conversation('idle-1'));
    const guid = await h.guidOf('idle-1');
    await answerChat(h.sim, guid);
    const joinedAt = Date.now();
    await h.waitEvent('idle-1', 'agent_joined');
    await new Promise((r) => setTimeout(r, 900));
    await h.gateway.sendMessage('idle-1', 'still here', 'i1');
    await h.waitEvent('idle-1', 'ended', (e) => e.by === 'idle');
    assert.ok(Date.now() - joinedAt >= 900 + 1500 - 50, 'the customer message restarted the idle period');
    await eventually(() => h!.sim.control.contactByGuid(guid).state === 'closed', 5000, 'AACC contact closed');
  });

  test('a stalled server is detected by the keep-alive and the chat resumes on a new socket', async () => {
    h = await startHarness({ env: { EWC_PING_INTERVAL: '500' } });
    await readyAgents(h.sim, '5001');
    await h.gateway.start(await h.conversation('stall-1'));
    const guid = await h.guidOf('stall-1');
    const contactId = await answerChat(h.sim, guid);
    const joined = await h.waitEvent('stall-1', 'agent_joined');
    await new Promise((r) => setTimeout(r, 700)); // at least one ping answered
    h.sim.control.stall(guid, 4000);
    await h.waitEvent('stall-1', 'connection_lost', () => true, 10_000);
    await h.waitEvent('stall-1', 'connection_restored', () => true, 10_000);
    await h.sim.control.say(joined.agent.id as string, contactId, 'back');
    await h.waitEvent('stall-1', 'agent_message', (e) => e.text === 'back');
  });
});
