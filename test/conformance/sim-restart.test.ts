/**
 * The embedded demo's restart (issue 13, point 3): the simulator keeps its open chats, session keys and agents'
 * sign-in in a state file, so a simulator stopped and started again on the same port and file takes the
 * gateway's resume, and the chat goes on with the same agent and transcript.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startSimulator } from '@parley/aacc-sim';
import { loadConfig } from '../../bot-server/src/config/index.js';
import { createEwcContactCenter } from '../../bot-server/src/contact-center/ewc/index.js';
import { type ContactCenterEvent, systemClock } from '../../bot-server/src/domain/ports.js';
import { openStore } from '../../bot-server/src/store/index.js';
import { answerChat, escalation, eventually, readyAgents, silent } from './harness.js';

describe('EWC gateway conformance: restart of the embedded simulator', () => {
  test('restart mid-chat: the chat resumes with its agent and transcript; the agent is still signed in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aacc-sim-state-'));
    const stateFile = join(dir, 'data', 'aacc-sim.json');
    let sim = await startSimulator({ port: 0, stateFile });
    const port = Number(new URL(sim.httpUrl).port);
    const store = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'NORMAL' }, silent);
    const config = loadConfig({ wsReconnectMaxAttempt: '20', wsReconnectInterval: '200' }).ewc;
    const gateway = createEwcContactCenter({ config, url: sim.ewcUrl, store, clock: systemClock, logger: silent });
    const events: ContactCenterEvent[] = [];
    gateway.onEvent((e) => events.push(e));
    try {
      await store.createVisitor({ id: 'v-r', tokenHash: 'h', locale: 'en', now: Date.now() });
      await store.createConversation({
        id: 'restart-1',
        visitorId: 'v-r',
        channel: 'web',
        state: 'escalation_requested',
        data: {},
        now: Date.now(),
      });
      await readyAgents(sim, '5001');
      await gateway.start(escalation('restart-1'));
      const guid = Number((await store.getContactCenterSession('restart-1'))?.externalId);
      const contactId = await answerChat(sim, guid);
      await eventually(() => events.some((e) => e.type === 'agent_joined'), 5000, 'agent joined');
      await gateway.sendMessage('restart-1', 'before the restart', 'b1');
      await eventually(() => sim.control.contact(contactId).transcript.length === 1, 5000, 'b1 delivered');

      await sim.close();
      assert.equal((statSync(stateFile).mode & 0o777).toString(8), '600', 'the file holds session keys');
      sim = await startSimulator({ port, stateFile });
      await eventually(() => events.some((e) => e.type === 'connection_restored'), 10_000, 'chat resumed');

      const restored = sim.control.contact(contactId);
      assert.equal(restored.guid, guid);
      assert.equal(restored.state, 'active');
      assert.deepEqual(
        restored.participants.map((p) => p.id),
        ['5001'],
      );
      const agent = sim.control.agents().find((a) => a.id === '5001');
      assert.equal(agent?.loggedIn, true);
      assert.deepEqual(agent?.contactIds, [contactId]);
      await gateway.sendMessage('restart-1', 'after the restart', 'b2');
      await sim.control.say('5001', contactId, 'still here');
      await eventually(
        () => events.some((e) => e.type === 'agent_message' && e.text === 'still here'),
        5000,
        'agent reply after the restart',
      );
      await eventually(() => sim.control.contact(contactId).transcript.length === 3, 5000, 'b2 delivered');
      assert.deepEqual(
        sim.control.contact(contactId).transcript.map((t) => t.text),
        ['before the restart', 'after the restart', 'still here'],
      );
      assert.equal(
        events.some((e) => e.type === 'failed' || e.type === 'ended'),
        false,
      );
    } finally {
      await gateway.close();
      await sim.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
