/** Gateway vs simulator: the everyday chat, both directions. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { answerChat, escalation, eventually, type Harness, readyAgents, startHarness } from './harness.js';

describe('EWC gateway conformance: chat basics', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await readyAgents(h.sim, '5001', '5002', '5003');
  });
  after(() => h.close());

  test('requestChat carries intrinsics and custom fields; agent joins; messages both ways; typing both ways; page push', async () => {
    const id = 'basic-1';
    await h.gateway.start(await h.conversation(id));
    const guid = await h.guidOf(id);
    const contact = h.sim.control.contactByGuid(guid);
    assert.equal(contact.customer.name, `Customer ${id}`);
    assert.equal(contact.customer.phone, '+441234567890');
    assert.equal(contact.customer.email, `${id}@example.com`);
    assert.equal(contact.skillset, 'WC_Default_Skillset');
    assert.deepEqual(contact.customer.customFields, escalation(id).customFields);

    const contactId = await answerChat(h.sim, guid);
    const joined = await h.waitEvent(id, 'agent_joined');
    assert.ok(joined.agent.name !== undefined && joined.agent.id !== undefined);
    assert.equal(joined.participants.length, 1);

    // The simulator's waitFor sees only later events: wait first, then send (the ack may beat the save).
    const received = h.sim.control.waitFor('customer_message', 5000, (e) => e.guid === guid);
    await h.gateway.sendMessage(id, 'Hello, I need help', 'm1');
    assert.equal((await received).text, 'Hello, I need help');

    const agentId = joined.agent.id;
    await h.sim.control.say(agentId, contactId, 'Sure, how can I help?');
    const msg = await h.waitEvent(id, 'agent_message');
    assert.equal(msg.text, 'Sure, how can I help?');
    assert.equal(msg.agent.name, joined.agent.name);
    assert.ok(msg.at > 0);

    await h.sim.control.typing(agentId, contactId);
    const typing = await h.waitEvent(id, 'agent_typing');
    assert.equal(typing.agent.id, agentId);

    h.gateway.sendTyping(id);
    await h.sim.control.waitFor('customer_typing', 5000, (e) => e.guid === guid);

    await h.sim.control.pushUrl(agentId, contactId, 'https://example.com/order/123');
    const push = await h.waitEvent(id, 'page_push');
    assert.equal(push.url, 'https://example.com/order/123');

    await h.gateway.end(id, 'customer');
    await eventually(() => h.sim.control.contactByGuid(guid).state === 'closed', 5000, 'contact closed');
    assert.equal(await h.store.getContactCenterSession(id), undefined);
    assert.equal(
      h.events.some((e) => e.conversationId === id && (e.type === 'failed' || e.type === 'ended')),
      false,
    );
  });

  test('customer text before an agent joins is buffered and delivered in order after the answer, once', async () => {
    const id = 'early-1';
    await h.gateway.start(await h.conversation(id));
    const guid = await h.guidOf(id);
    for (let i = 1; i <= 5; i++) await h.gateway.sendMessage(id, `early ${i}`, `e${i}`);
    await h.gateway.sendMessage(id, 'early 3', 'e3'); // retried clientMsgId: ignored
    assert.deepEqual(
      h.sim.control.contactByGuid(guid).transcript.filter((t) => t.from === 'customer'),
      [],
      'nothing sent before the agent joined',
    );
    await answerChat(h.sim, guid);
    await h.waitEvent(id, 'agent_joined');
    await h.gateway.sendMessage(id, 'after', 'a1');
    await eventually(
      () => h.sim.control.contactByGuid(guid).transcript.filter((t) => t.from === 'customer').length >= 6,
      5000,
      'customer messages',
    );
    await h.gateway.sendMessage(id, 'after', 'a1'); // duplicate after delivery: still ignored
    // closeConversation is written behind anything the duplicate could have written: once AACC closed the
    // contact, its transcript is final.
    await h.gateway.end(id, 'customer');
    await eventually(() => h.sim.control.contactByGuid(guid).state === 'closed', 5000, 'contact closed');
    assert.deepEqual(
      h.sim.control
        .contactByGuid(guid)
        .transcript.filter((t) => t.from === 'customer')
        .map((t) => t.text),
      ['early 1', 'early 2', 'early 3', 'early 4', 'early 5', 'after'],
    );
  });

  test('queue status and Web-On-Hold comfort while waiting', async () => {
    await h.sim.control.setReady('5001', false);
    await h.sim.control.setReady('5002', false);
    await h.sim.control.setReady('5003', false);
    try {
      const id = 'queued-1';
      await h.gateway.start(await h.conversation(id));
      const queued = await h.waitEvent(id, 'queued', () => true, 10_000);
      assert.equal(typeof queued.position, 'number');
      await h.gateway.end(id, 'customer');
    } finally {
      for (const a of ['5001', '5002', '5003']) await h.sim.control.setReady(a, true);
    }
  });

  test('the agent closes the chat: ended{by:agent}, session forgotten', async () => {
    const id = 'agent-close-1';
    await h.gateway.start(await h.conversation(id));
    const guid = await h.guidOf(id);
    const contactId = await answerChat(h.sim, guid);
    const joined = await h.waitEvent(id, 'agent_joined');
    await h.sim.control.close(joined.agent.id as string, contactId);
    await h.waitEvent(id, 'ended', (e) => e.by === 'agent');
    await eventually(async () => (await h.store.getContactCenterSession(id)) === undefined, 5000, 'session deleted');
    await assert.rejects(h.gateway.sendMessage(id, 'too late', 'x1'), { code: 'PARLEY_ERR_ILLEGAL_TRANSITION' });
  });
});
