/** Gateway vs simulator: transfer, conference, supervisor, and 20 customers served by 3 agents. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { answerChat, eventually, type Harness, readyAgents, startHarness } from './harness.js';

describe('EWC gateway conformance: agents', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await readyAgents(h.sim, '5001', '5002', '5003');
    await h.sim.control.login('9001', 'agent');
  });
  after(() => h.close());

  test('transfer: agent_left with participants [] (transferring), then the new agent joins and receives messages', async () => {
    const id = 'transfer-1';
    await h.gateway.start(await h.conversation(id));
    const guid = await h.guidOf(id);
    const contactId = await answerChat(h.sim, guid);
    const first = await h.waitEvent(id, 'agent_joined');
    const target = ['5001', '5002', '5003'].find((a) => a !== first.agent.id) as string;
    await h.sim.control.transfer(first.agent.id as string, contactId, { toAgentId: target });
    const left = await h.waitEvent(id, 'agent_left');
    assert.deepEqual(left.participants, []);
    assert.equal(left.agent.id, first.agent.id);
    await h.gateway.sendMessage(id, 'during transfer', 't1'); // buffered: nobody is there
    await eventually(
      () =>
        h.sim.control.contactByGuid(guid).offeredTo === target ||
        h.sim.control.contactByGuid(guid).participants.length > 0,
      5000,
      'offer to target',
    );
    if (h.sim.control.contactByGuid(guid).participants.length === 0) await h.sim.control.answer(target, contactId);
    const second = await h.waitEvent(id, 'agent_joined', (e) => e.agent.id === target);
    assert.deepEqual(
      second.participants.map((p) => p.id),
      [target],
    );
    await eventually(
      () =>
        h.sim.control.contactByGuid(guid).transcript.some((t) => t.from === 'customer' && t.text === 'during transfer'),
      5000,
      'buffered text delivered to the new agent',
    );
    await h.sim.control.say(target, contactId, 'I can help with that');
    const msg = await h.waitEvent(id, 'agent_message', (e) => e.text === 'I can help with that');
    assert.equal(msg.agent.id, target);
    await h.gateway.end(id, 'customer');
  });

  test('conference and leave, supervisor observe: full participant lists with roles', async () => {
    const id = 'conf-1';
    await h.gateway.start(await h.conversation(id));
    const guid = await h.guidOf(id);
    const contactId = await answerChat(h.sim, guid);
    const first = await h.waitEvent(id, 'agent_joined');
    const other = ['5001', '5002', '5003'].find((a) => a !== first.agent.id) as string;
    await h.sim.control.conference(first.agent.id as string, contactId, other);
    const joined = await h.waitEvent(id, 'agent_joined', (e) => e.agent.id === other);
    assert.deepEqual(joined.participants.map((p) => p.id).sort(), [first.agent.id, other].sort());
    assert.ok(joined.participants.every((p) => typeof p.role === 'string'));

    await h.sim.control.observe('9001', contactId);
    const sup = await h.waitEvent(id, 'agent_joined', (e) => e.agent.id === '9001');
    assert.equal(sup.agent.role, 'supervisor');

    await h.sim.control.leave(other, contactId);
    const left = await h.waitEvent(id, 'agent_left', (e) => e.agent.id === other);
    assert.ok(left.participants.some((p) => p.id === first.agent.id));
    assert.ok(!left.participants.some((p) => p.id === other));
    // Still with an agent: messages keep flowing.
    await h.gateway.sendMessage(id, 'after conference', 'cf1');
    await eventually(
      () => h.sim.control.contactByGuid(guid).transcript.some((t) => t.text === 'after conference'),
      5000,
      'delivered',
    );
    await h.gateway.end(id, 'customer');
  });

  test('20 concurrent customers served by 3 agents: every chat gets an agent and an exact two-way transcript', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `many-${i}`);
    const ended: string[] = [];
    await Promise.all(
      ids.map(async (id) => {
        await h.gateway.start(await h.conversation(id));
        const guid = await h.guidOf(id);
        await h.gateway.sendMessage(id, `hello from ${id}`, `${id}-1`);
        // Agents answer whatever is offered to them; a chat ends after one exchange, freeing a slot.
        await eventually(() => h.sim.control.contactByGuid(guid).offeredTo !== undefined, 60_000, `offer ${id}`);
        const contact = h.sim.control.contactByGuid(guid);
        await h.sim.control.answer(contact.offeredTo as string, contact.id);
        const joined = await h.waitEvent(id, 'agent_joined', () => true, 60_000);
        await eventually(
          () => h.sim.control.contactByGuid(guid).transcript.some((t) => t.text === `hello from ${id}`),
          10_000,
          `customer text ${id}`,
        );
        await h.sim.control.say(joined.agent.id as string, contact.id, `reply to ${id}`);
        await h.waitEvent(id, 'agent_message', (e) => e.text === `reply to ${id}`);
        await h.sim.control.close(joined.agent.id as string, contact.id);
        await h.waitEvent(id, 'ended', (e) => e.by === 'agent');
        const transcript = h.sim.control
          .contactByGuid(guid)
          .transcript.filter((t) => t.from !== 'system')
          .map((t) => `${t.from}:${t.text}`);
        assert.deepEqual(transcript, [`customer:hello from ${id}`, `agent:reply to ${id}`]);
        ended.push(id);
      }),
    );
    assert.equal(ended.length, 20);
    assert.ok(h.gateway.health().ok);
  });
});
