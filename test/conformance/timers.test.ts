/**
 * Gateway vs simulator: agent-wait timeout, idle close, Web-On-Hold comfort, keep-alive liveness.
 * The gateway runs on a ManualClock, so every gateway timer fires exactly when the test advances
 * time; the simulator and the sockets stay real, and the test waits on their events.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { ComfortGroup } from '@parley/aacc-sim';
import { defaultWsFactory } from '../../bot-server/src/contact-center/ewc/index.js';
import { wsText } from '../../bot-server/src/transport/ws-text.js';
import { ManualClock } from '../../bot-server/src/contact-center/testing/manual-clock.js';
import { nextMatching } from '../support/waiters.js';
import { answerChat, eventually, type Harness, readyAgents, startHarness } from './harness.js';

const thanks: ComfortGroup = {
  groupName: 'g',
  delay: 1,
  numberOfMessages: 1,
  messages: [{ message: 'Thanks for waiting', sequence: 1 }],
};
const comforts = (h: Harness) => h.events.filter((e) => e.type === 'comfort').length;

describe('EWC gateway conformance: timers', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  test('no agent within agentWaitInterval: closeConversation upstream, failed{no_agent}; Web-On-Hold played meanwhile', async () => {
    const clock = new ManualClock();
    h = await startHarness({
      clock,
      env: { agentWaitInterval: '2500' },
      sim: { webOnHold: { comfortGroups: [thanks], urls: [] } },
    });
    await h.gateway.start(await h.conversation('wait-1'));
    const guid = await h.guidOf('wait-1');
    clock.advance(1000);
    const comfort = await h.waitEvent('wait-1', 'comfort');
    assert.equal(comfort.text, 'Thanks for waiting');
    clock.advance(1500);
    await h.waitEvent('wait-1', 'failed', (e) => e.reason === 'no_agent');
    await eventually(() => h!.sim.control.contactByGuid(guid).state === 'closed', 5000, 'AACC contact closed');
    assert.equal(await h.store.getContactCenterSession('wait-1'), undefined);
    const before = comforts(h);
    clock.advance(10_000);
    assert.equal(comforts(h), before, 'on-hold stops with the chat');
    assert.equal(clock.timerCount, 0, 'no gateway timer outlives the chat');
  });

  test('transfer (participantLeave with [] then newParticipant): Web-On-Hold restarts meanwhile, no queue place 0, stops on join', async () => {
    const clock = new ManualClock();
    h = await startHarness({ clock, sim: { webOnHold: { comfortGroups: [thanks], urls: [] } } });
    await readyAgents(h.sim, '5001');
    await h.gateway.start(await h.conversation('xfer-hold'));
    const guid = await h.guidOf('xfer-hold');
    const contactId = await answerChat(h.sim, guid);
    await h.waitEvent('xfer-hold', 'agent_joined');
    const before = comforts(h);
    await readyAgents(h.sim, '5002');
    await h.sim.control.transfer('5001', contactId, { toAgentId: '5002' });
    const left = await h.waitEvent('xfer-hold', 'agent_left', (e) => e.participants.length === 0);
    const sinceLeave = (e: object) => h!.events.indexOf(e as never) > h!.events.indexOf(left);
    clock.advance(1000);
    assert.ok(comforts(h) > before, 'Web-On-Hold restarted after the transfer leave');
    // The chat is offered to 5002 (AACC positionInQueue 0): the first queueStatus poll falls due at 3.5 s.
    clock.advance(2500);
    await h.waitEvent('xfer-hold', 'queued', sinceLeave);
    const queued = h.events.filter((e) => e.type === 'queued');
    assert.ok(
      queued.every((e) => e.position === undefined || e.position >= 1),
      `no queue place below 1: ${JSON.stringify(queued)}`,
    );
    await h.sim.control.answer('5002', contactId);
    await h.waitEvent('xfer-hold', 'agent_joined', (e) => e.agent.id === '5002');
    const after = comforts(h);
    // Two comfort intervals, and short of two silent keep-alive intervals (which would drop the socket).
    clock.advance(2500);
    assert.equal(comforts(h), after, 'on-hold stops when the new agent joins');
    await h.gateway.end('xfer-hold', 'customer');
  });

  test('no message either way for chatIdleInterval while with an agent: ended{by:idle}; activity postpones it', async () => {
    const clock = new ManualClock();
    h = await startHarness({ clock, env: { chatIdleInterval: '1500' } });
    await readyAgents(h.sim, '5001');
    await h.gateway.start(await h.conversation('idle-1'));
    const guid = await h.guidOf('idle-1');
    await answerChat(h.sim, guid);
    await h.waitEvent('idle-1', 'agent_joined');
    clock.advance(900);
    await h.gateway.sendMessage('idle-1', 'still here', 'i1');
    // Just before the postponed deadline (900 + 1500): still open, proven by a typing pulse reaching AACC.
    clock.advance(1499);
    const typing = h.sim.control.waitFor('customer_typing', 5000, (e) => e.guid === guid);
    h.gateway.sendTyping('idle-1');
    await typing;
    assert.equal(
      h.events.some((e) => e.type === 'ended'),
      false,
      'the customer message restarted the idle period',
    );
    clock.advance(1);
    await h.waitEvent('idle-1', 'ended', (e) => e.by === 'idle');
    await eventually(() => h!.sim.control.contactByGuid(guid).state === 'closed', 5000, 'AACC contact closed');
  });

  test('a stalled server is detected by the keep-alive and the chat resumes on a new socket', async () => {
    const clock = new ManualClock();
    const pingReplies = new Set<(text: string) => void>();
    h = await startHarness({
      clock,
      env: { EWC_PING_INTERVAL: '500' },
      wsFactory: (url, o) => {
        const ws = defaultWsFactory(url, o);
        // Registered before the gateway's own listener: it sees each frame just before the gateway does.
        ws.on('message', (raw) => {
          for (const l of [...pingReplies]) l(wsText(raw));
        });
        return ws;
      },
    });
    await readyAgents(h.sim, '5001');
    await h.gateway.start(await h.conversation('stall-1'));
    const guid = await h.guidOf('stall-1');
    const contactId = await answerChat(h.sim, guid);
    const joined = await h.waitEvent('stall-1', 'agent_joined');
    const replied = nextMatching<string>(
      (l) => (pingReplies.add(l), () => pingReplies.delete(l)),
      (text) => text.includes('"ping"'),
      'a ping answered',
    );
    clock.advance(500);
    await replied;
    h.sim.control.stall(guid, 4000);
    // Silence beyond 2 intervals + 1 s after the last frame: the next ping finds the socket dead.
    clock.advance(2500);
    await h.waitEvent('stall-1', 'connection_lost');
    clock.advance(h.config.wsReconnectInterval);
    await h.waitEvent('stall-1', 'connection_restored');
    await h.sim.control.say(joined.agent.id as string, contactId, 'back');
    await h.waitEvent('stall-1', 'agent_message', (e) => e.text === 'back');
  });
});
