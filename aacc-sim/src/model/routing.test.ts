import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startSimulator, type Simulator } from '../index.js';
import { EwcTestClient, newChat } from '../testing/ewc-test-client.js';

let sim: Simulator;
const clients: EwcTestClient[] = [];

beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim.close();
});

async function ready(...ids: string[]): Promise<void> {
  for (const id of ids) {
    await sim.control.login(id, 'agent');
    await sim.control.setReady(id, true);
  }
}

/** Open a chat; resolves with its client and contact id once queued. */
async function chat(intrinsics: Record<string, unknown> = {}): Promise<{ client: EwcTestClient; contactId: string }> {
  const client = await EwcTestClient.connect(sim.ewcUrl);
  clients.push(client);
  client.request(newChat(intrinsics));
  const n = await client.next('requestChat', 'notification');
  return { client, contactId: sim.control.contactByGuid(n.body['guid'] as number).id };
}

describe('routing', () => {
  test('offers to the longest-idle ready agent, then spreads by load', async () => {
    await ready('5002');
    await ready('5001');
    const a = await chat();
    const b = await chat();
    const c = await chat();
    assert.equal(sim.control.contact(a.contactId).offeredTo, '5002', '5002 became ready first');
    assert.equal(sim.control.contact(b.contactId).offeredTo, '5001', '5001 has no contact');
    assert.equal(sim.control.contact(c.contactId).offeredTo, '5002', 'equal load: 5002 has been idle longer');
  });

  test('an agent is offered at most maxChats contacts; the rest queue with positions and estimated waits', async () => {
    await ready('5001');
    const chats = [];
    for (let i = 0; i < 5; i++) chats.push(await chat());
    const offered = chats.filter((c) => sim.control.contact(c.contactId).offeredTo === '5001');
    assert.equal(offered.length, 3);
    const fourth = chats[3]!;
    const fifth = chats[4]!;
    assert.equal(sim.control.contact(fourth.contactId).state, 'queued');
    fourth.client.request({ method: 'queueStatus' });
    fifth.client.request({ method: 'queueStatus' });
    const q4 = await fourth.client.next('queueStatus');
    const q5 = await fifth.client.next('queueStatus');
    assert.equal(q4.body['positionInQueue'], 1);
    assert.equal(q5.body['positionInQueue'], 2);
    assert.ok((q5.body['estimatedWaitTime'] as number) > (q4.body['estimatedWaitTime'] as number));
    chats[0]!.client.request({ method: 'queueStatus' });
    assert.equal((await chats[0]!.client.next('queueStatus')).body['positionInQueue'], 0);
    // Freeing a slot routes the head of the queue.
    const next = sim.control.waitFor('contact_offered');
    await sim.control.answer('5001', chats[0]!.contactId);
    await sim.control.close('5001', chats[0]!.contactId);
    assert.equal((await next).contactId, fourth.contactId);
  });

  test('currentqueue reports customers in queue and available agents', async () => {
    await ready('5001');
    await sim.control.setReady('5001', false);
    await chat({ skillset: 'WC_Billing' });
    const res = await fetch(`${sim.httpUrl}/CustomerControllerWeb/currentqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ skillset: 'WC_Billing' }),
    });
    const json = (await res.json()) as { body: { metrics: Array<Record<string, unknown>> } };
    assert.deepEqual(json.body.metrics, [
      { queueName: 'WC_Billing', customersInQueue: 1, availableAgentsInQueue: 0, maxConcurrentChats: 0 },
    ]);
  });

  test('Not Ready returns an unanswered offer to the queue', async () => {
    await ready('5001');
    const a = await chat();
    assert.equal(sim.control.contact(a.contactId).state, 'offered');
    await sim.control.setReady('5001', false);
    assert.equal(sim.control.contact(a.contactId).state, 'queued');
  });

  test('wrong password and unknown agents are refused', async () => {
    await assert.rejects(sim.control.login('5001', 'nope'), { code: 'unauthorized' });
    await assert.rejects(sim.control.login('7777', 'agent'), { code: 'unauthorized' });
    await assert.rejects(sim.control.setReady('5001', true), { code: 'conflict' });
  });
});

describe('participants', () => {
  async function answered(): Promise<{ client: EwcTestClient; contactId: string }> {
    const c = await chat();
    await sim.control.answer('5001', c.contactId);
    await c.client.next('newParticipant');
    return c;
  }

  test('transfer to an agent: leave with participants [], then newParticipant B with [B]', async () => {
    await ready('5001');
    await sim.control.login('5002', 'agent');
    const { client, contactId } = await answered();
    await sim.control.transfer('5001', contactId, { toAgentId: '5002' });
    const leave = await client.next('participantLeave');
    assert.equal(leave.body['agentId'], '5001');
    assert.equal(leave.body['endChatFlag'], false);
    assert.deepEqual(leave.body['participants'], []);
    assert.equal(sim.control.contact(contactId).offeredTo, '5002');
    await sim.control.answer('5002', contactId);
    const join = await client.next('newParticipant');
    assert.deepEqual(join.body['participants'], [{ id: '5002', name: 'Agent Jones', type: 'active_participant' }]);
  });

  test('transfer to a skillset requeues at the front and routes to a ready agent with that skillset', async () => {
    await ready('5001', '5003');
    const { client, contactId } = await answered();
    const offered = sim.control.waitFor('contact_offered', 5000, (e) => e.contactId === contactId);
    await sim.control.transfer('5001', contactId, { toSkillset: 'WC_Billing' });
    await client.next('participantLeave');
    const { agentId } = await offered;
    assert.equal(sim.control.contact(contactId).skillset, 'WC_Billing');
    assert.equal(agentId, '5003', 'the longest-idle ready agent other than the busy one');
    await assert.rejects(sim.control.transfer('5001', contactId, { toSkillset: 'WC_Billing' }), { code: 'conflict' });
  });

  test('conference: B joins passive with [A active, B passive]; B leaves -> [A]; A leaving promotes B', async () => {
    await ready('5001');
    await sim.control.login('5002', 'agent');
    const { client, contactId } = await answered();
    await sim.control.conference('5001', contactId, '5002');
    const join = await client.next('newParticipant');
    assert.equal(join.body['agentId'], '5002');
    assert.equal(join.body['role'], 'passive_participant');
    assert.deepEqual(join.body['participants'], [
      { id: '5001', name: 'Agent Smith', type: 'active_participant' },
      { id: '5002', name: 'Agent Jones', type: 'passive_participant' },
    ]);
    await sim.control.say('5002', contactId, 'Hi from Jones');
    assert.equal((await client.next('newMessage', 'notification')).body['displayName'], 'Agent Jones');
    await sim.control.leave('5002', contactId);
    const leave = await client.next('participantLeave');
    assert.deepEqual(leave.body['participants'], [{ id: '5001', name: 'Agent Smith', type: 'active_participant' }]);
    await sim.control.conference('5001', contactId, '5002');
    await client.next('newParticipant');
    await sim.control.leave('5001', contactId);
    const promoted = await client.next('participantLeave');
    assert.deepEqual(promoted.body['participants'], [{ id: '5002', name: 'Agent Jones', type: 'active_participant' }]);
    await assert.rejects(
      sim.control.leave('5002', contactId),
      { code: 'conflict' },
      'the last agent cannot just leave',
    );
  });

  test('supervisor observe: participant type supervisor; supervisors cannot speak', async () => {
    await ready('5001');
    await sim.control.login('9001', 'agent');
    const { client, contactId } = await answered();
    await sim.control.observe('9001', contactId);
    const join = await client.next('newParticipant');
    assert.equal(join.body['role'], 'supervisor');
    assert.deepEqual(join.body['participants'], [
      { id: '5001', name: 'Agent Smith', type: 'active_participant' },
      { id: '9001', name: 'Supervisor White', type: 'supervisor' },
    ]);
    await assert.rejects(sim.control.say('9001', contactId, 'hi'), { code: 'conflict' });
    await assert.rejects(sim.control.setReady('9001', true), { code: 'conflict' });
  });
});
