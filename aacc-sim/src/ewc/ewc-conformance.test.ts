import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startSimulator, type Simulator, type SimOptions } from '../index.js';
import { EwcTestClient, newChat } from '../testing/ewc-test-client.js';
import { ManualClock } from '../testing/manual-clock.js';

/** Start a chat, have agent 5001 answer it; returns the client, contact id and guid. */
async function answeredChat(sim: Simulator, intrinsics: Record<string, unknown> = {}) {
  const client = await EwcTestClient.connect(sim.ewcUrl);
  const offered = sim.control.waitFor('contact_offered');
  client.request(newChat(intrinsics));
  const accepted = await client.next('requestChat', 'notification');
  const { contactId } = await offered;
  await sim.control.answer('5001', contactId);
  await client.next('newParticipant', 'notification');
  return {
    client,
    contactId,
    guid: accepted.body['guid'] as number,
    key: accepted.body['authenticationKey'] as string,
  };
}

async function withSim(opts: SimOptions, fn: (sim: Simulator) => Promise<void>): Promise<void> {
  const sim = await startSimulator({ port: 0, ...opts });
  try {
    await sim.control.login('5001', 'agent');
    await sim.control.setReady('5001', true);
    await fn(sim);
  } finally {
    await sim.close();
  }
}

describe('EWC conformance (default options)', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator({ port: 0, customerCloseDelayMs: 20 });
    await sim.control.login('5001', 'agent');
    await sim.control.setReady('5001', true);
  });
  afterEach(() => sim.close());

  test('requestChat (new) answers notification/requestChat with guid, key, on-hold groups and echoed intrinsics', async () => {
    const client = await EwcTestClient.connect(sim.ewcUrl);
    client.request(newChat({ phoneNumber: '733277', customFields: [{ title: 'intent', value: 'billing' }] }));
    const f = await client.next('requestChat');
    assert.equal(f.type, 'notification');
    assert.equal(f.apiVersion, '1.0');
    assert.ok(Number.isInteger(f.body['guid']));
    assert.match(String(f.body['authenticationKey']), /^[0-9a-f]{32}$/);
    const groups = f.body['webOnHoldComfortGroups'] as unknown[];
    const urls = f.body['webOnHoldURLs'] as unknown[];
    assert.equal(groups.length, 1);
    assert.equal(urls.length, 1);
    const intrinsics = f.body['intrinsics'] as Record<string, unknown>;
    assert.equal(intrinsics['name'], 'John');
    assert.equal(intrinsics['phoneNumber'], '733277');
    assert.deepEqual(intrinsics['customFields'], [{ title: 'intent', value: 'billing' }]);
    const snap = sim.control.contactByGuid(f.body['guid'] as number);
    assert.equal(snap.customer.customFields[0]?.value, 'billing');
    client.close();
  });

  test('sloppy frames are accepted: numeric or missing apiVersion, null and extra fields, lower-case methods', async () => {
    const client = await EwcTestClient.connect(sim.ewcUrl);
    client.send({
      apiVersion: 1,
      type: 'request',
      extra: { x: 1 },
      body: { ...newChat(), unknownField: 'x', email: null },
    });
    await client.next('requestChat', 'notification');
    client.send({ type: 'request', body: { method: 'queuestatus' } });
    const qs = await client.next('queueStatus', 'notification');
    assert.equal(typeof qs.body['positionInQueue'], 'number');
    client.send({ body: { method: 'ping', whatever: null } });
    await client.next('ping', 'notification');
    client.close();
  });

  test('malformed JSON, non-objects and unknown methods get error code 1 and the socket stays usable', async () => {
    const client = await EwcTestClient.connect(sim.ewcUrl);
    for (const bad of [
      '{nope',
      '42',
      'null',
      JSON.stringify({ type: 'request', body: { method: 'selfDestruct' } }),
      JSON.stringify({ type: 'request', body: {} }),
    ]) {
      client.send(bad);
      const e = await client.nextWhere((f) => f.type === 'error');
      assert.equal(e.type, 'error');
      assert.equal(e.body['code'], 1);
      assert.match(String(e.body['errorMessage']), /^Invalid message/);
    }
    client.request({ method: 'ping' });
    await client.next('ping', 'notification');
    client.close();
  });

  test('newMessage before any chat exists: error code 1 "Invalid message: Chat not started"', async () => {
    const client = await EwcTestClient.connect(sim.ewcUrl);
    client.request({ method: 'newMessage', message: 'hello?' });
    const e = await client.nextWhere((f) => f.type === 'error');
    assert.deepEqual(e.body, { method: 'newMessage', code: 1, errorMessage: 'Invalid message: Chat not started' });
    client.close();
  });

  test('early customer messages are acked and shown to the agent on answer; agent replies arrive as notifications', async () => {
    await sim.control.setReady('5001', false);
    const client = await EwcTestClient.connect(sim.ewcUrl);
    client.request(newChat());
    const { body } = await client.next('requestChat');
    client.request({ method: 'newMessage', message: 'I was here first' });
    const ack = await client.next('newMessage', 'acknowledgement');
    assert.deepEqual(ack.body, { method: 'newMessage', accepted: true });
    const offered = sim.control.waitFor('contact_offered');
    await sim.control.setReady('5001', true);
    const { contactId } = await offered;
    await sim.control.answer('5001', contactId);
    const np = await client.next('newParticipant');
    assert.equal(np.body['agentId'], '5001');
    assert.equal(np.body['displayName'], 'Agent Smith');
    assert.equal(np.body['role'], 'active_participant');
    assert.deepEqual(np.body['participants'], [{ id: '5001', name: 'Agent Smith', type: 'active_participant' }]);
    await sim.control.say('5001', contactId, 'How can I help?');
    const msg = await client.next('newMessage', 'notification');
    assert.equal(msg.body['message'], 'How can I help?');
    assert.equal(msg.body['displayName'], 'Agent Smith');
    assert.equal(typeof msg.body['timestamp'], 'number');
    const transcript = sim.control.contactByGuid(body['guid'] as number).transcript.map((t) => [t.from, t.text]);
    assert.deepEqual(transcript, [
      ['customer', 'I was here first'],
      ['agent', 'How can I help?'],
    ]);
    client.close();
  });

  test('typing both ways, push page both ways', async () => {
    const { client, contactId } = await answeredChat(sim);
    const typing = sim.control.waitFor('customer_typing', 5000, (e) => e.contactId === contactId);
    client.request({ method: 'isTyping', isTyping: true });
    await typing;
    assert.equal(await sim.control.typing('5001', contactId), true);
    assert.equal(await sim.control.typing('5001', contactId), false, 'second pulse within the window is throttled');
    const t = await client.next('isTyping', 'notification');
    assert.deepEqual(t.body, { method: 'isTyping', agentId: '5001', displayName: 'Agent Smith', isTyping: true });
    const pushed = sim.control.waitFor('customer_push_url', 5000, (e) => e.contactId === contactId);
    client.request({
      method: 'newPushPageMessage',
      pagePushURL: 'https://example.com/order/1',
      pagePushDestination: 'newTab',
    });
    assert.equal((await pushed).url, 'https://example.com/order/1');
    await sim.control.pushUrl('5001', contactId, 'https://example.com/faq');
    const p = await client.next('newPushPageMessage', 'notification');
    assert.equal(p.body['pagePushURL'], 'https://example.com/faq');
    assert.equal(p.body['displayName'], 'Agent Smith');
    await assert.rejects(sim.control.pushUrl('5001', contactId, 'javascript:alert(1)'), /http/);
    client.close();
  });

  test('customer closeConversation: notification {result:true}, then the server closes with 1000', async () => {
    const { client, contactId } = await answeredChat(sim);
    const closedEvent = sim.control.waitFor('contact_closed', 5000, (e) => e.contactId === contactId);
    client.request({ method: 'closeConversation' });
    const n = await client.next('closeConversation', 'notification');
    assert.deepEqual(n.body, { method: 'closeConversation', result: true });
    assert.equal((await client.closedWith()).code, 1000);
    assert.equal((await closedEvent).by, 'customer');
    assert.equal(sim.control.contact(contactId).state, 'closed');
  });

  test('agent close: participantLeave {endChatFlag:true, participants:[]}, closeConversation, server close 1000', async () => {
    const { client, contactId } = await answeredChat(sim);
    await sim.control.close('5001', contactId);
    const leave = await client.next('participantLeave');
    assert.equal(leave.body['endChatFlag'], true);
    assert.deepEqual(leave.body['participants'], []);
    assert.equal(leave.body['agentId'], '5001');
    await client.next('closeConversation', 'notification');
    assert.equal((await client.closedWith()).code, 1000);
  });

  test('after the chat ended, newMessage gets error code 1', async () => {
    const client = await EwcTestClient.connect(sim.ewcUrl);
    client.request(newChat());
    const { body } = await client.next('requestChat');
    const contact = sim.control.contactByGuid(body['guid'] as number);
    sim.control.expireSession(body['guid'] as number);
    assert.equal(sim.control.contact(contact.id).state, 'closed');
    // The expired socket was dropped; a fresh socket that resumes is refused with code 2.
    const again = await EwcTestClient.connect(sim.ewcUrl);
    again.request({ method: 'requestChat', guid: body['guid'], authenticationKey: body['authenticationKey'] });
    assert.equal((await again.nextWhere((f) => f.type === 'error')).body['code'], 2);
    again.request({ method: 'newMessage', message: 'anyone?' });
    const e = await again.nextWhere((f) => f.type === 'error');
    assert.equal(e.body['errorMessage'], 'Invalid message: Chat not started');
    again.close();
  });

  test('resume by guid (numeric string) + key: same guid, no replay, chat continues; wrong key -> code 2', async () => {
    const { client, contactId, guid, key } = await answeredChat(sim);
    const disconnected = sim.control.waitFor('customer_disconnected', 5000, (e) => e.contactId === contactId);
    client.close();
    await disconnected;
    await sim.control.say('5001', contactId, 'missed while away');
    const back = await EwcTestClient.connect(sim.ewcUrl);
    back.request({ method: 'requestChat', deviceType: 'x', guid: String(guid), authenticationKey: key });
    const n = await back.next('requestChat', 'notification');
    assert.equal(n.body['guid'], guid);
    assert.equal(n.body['authenticationKey'], key);
    back.request({ method: 'newMessage', message: 'back again' });
    await back.next('newMessage', 'acknowledgement');
    await sim.control.say('5001', contactId, 'welcome back');
    const m = await back.next('newMessage', 'notification');
    assert.equal(m.body['message'], 'welcome back', 'the missed message is not replayed by default');
    const wrong = await EwcTestClient.connect(sim.ewcUrl);
    wrong.request({ method: 'requestChat', guid, authenticationKey: 'not-the-key' });
    const e = await wrong.nextWhere((f) => f.type === 'error');
    assert.deepEqual(e.body, {
      method: 'requestChat',
      code: 2,
      errorMessage: 'Unable to reconnect, session key is invalid or expired',
    });
    wrong.request({ method: 'renewChat', guid: 1, authenticationKey: 'x' });
    assert.equal((await wrong.nextWhere((f) => f.type === 'error')).body['code'], 2);
    back.close();
    wrong.close();
  });

  test('renewChat is accepted as an alias of resume', async () => {
    const { client, guid, key } = await answeredChat(sim);
    client.close();
    const back = await EwcTestClient.connect(sim.ewcUrl);
    back.request({ method: 'renewChat', guid, authenticationKey: key });
    assert.equal((await back.next('requestChat', 'notification')).body['guid'], guid);
    back.close();
  });

  test('concurrent chats per customer are limited to 3', async () => {
    const clients: EwcTestClient[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await EwcTestClient.connect(sim.ewcUrl);
      clients.push(c);
      c.request(newChat({ email: 'limit@example.com' }));
    }
    for (const c of clients.slice(0, 3)) await c.next('requestChat', 'notification');
    const e = await clients[3]!.nextWhere((f) => f.type === 'error');
    assert.equal(e.body['code'], 1);
    assert.match(String(e.body['errorMessage']), /Concurrent chats limit/);
    for (const c of clients) c.close();
  });

  test('a chat message longer than 4045 characters is refused with code 1', async () => {
    const { client } = await answeredChat(sim);
    client.request({ method: 'newMessage', message: 'x'.repeat(4046) });
    assert.equal((await client.nextWhere((f) => f.type === 'error')).body['code'], 1);
    client.close();
  });

  test('requestTranscript with an email puts the transcript in the outbox when the chat ends', async () => {
    const client = await EwcTestClient.connect(sim.ewcUrl);
    const offered = sim.control.waitFor('contact_offered');
    client.request(newChat({ email: 'mail@example.com' }, { requestTranscript: true }));
    await client.next('requestChat');
    const { contactId } = await offered;
    await sim.control.answer('5001', contactId);
    client.request({ method: 'newMessage', message: 'please mail me this' });
    await client.next('newMessage', 'acknowledgement');
    const mailed = sim.control.waitFor('transcript_emailed', 5000, (e) => e.contactId === contactId);
    await sim.control.close('5001', contactId);
    assert.equal((await mailed).to, 'mail@example.com');
    const entry = sim.control.outbox().find((o) => o.contactId === contactId);
    assert.ok(entry);
    assert.match(entry.body, /John: please mail me this/);
    client.close();
  });
});

describe('EWC options', () => {
  test('pingReply variants: notification, acknowledgement, pong', async () => {
    for (const [pingReply, type, method] of [
      ['notification', 'notification', 'ping'],
      ['acknowledgement', 'acknowledgement', 'ping'],
      ['pong', 'notification', 'pong'],
    ] as const) {
      await withSim({ pingReply }, async (sim) => {
        const c = await EwcTestClient.connect(sim.ewcUrl);
        c.request({ method: 'ping' });
        const f = await c.nextWhere(() => true);
        assert.equal(f.type, type);
        assert.equal(f.body.method, method);
        c.close();
      });
    }
  });

  test("errorMethod 'error' puts method:'error' on error frames", async () => {
    await withSim({ errorMethod: 'error' }, async (sim) => {
      const c = await EwcTestClient.connect(sim.ewcUrl);
      c.request({ method: 'newMessage', message: 'x' });
      assert.equal((await c.nextWhere((f) => f.type === 'error')).body.method, 'error');
      c.close();
    });
  });

  test("roleField 'both' emits role and participantRole", async () => {
    await withSim({ roleField: 'both' }, async (sim) => {
      const { client } = await answeredChatNp(sim);
      assert.equal(client.body['role'], 'active_participant');
      assert.equal(client.body['participantRole'], 'active_participant');
    });
  });

  test("earlyMessages 'reject' refuses text before an agent joined; ackNewMessage false sends no ack", async () => {
    await withSim({ earlyMessages: 'reject', ackNewMessage: false }, async (sim) => {
      await sim.control.setReady('5001', false);
      const c = await EwcTestClient.connect(sim.ewcUrl);
      c.request(newChat());
      await c.next('requestChat');
      c.request({ method: 'newMessage', message: 'too early' });
      assert.equal(
        (await c.nextWhere((f) => f.type === 'error')).body['errorMessage'],
        'Invalid message: Chat not started',
      );
      const offered = sim.control.waitFor('contact_offered');
      await sim.control.setReady('5001', true);
      await sim.control.answer('5001', (await offered).contactId);
      await c.next('newParticipant');
      const received = sim.control.waitFor('customer_message');
      c.request({ method: 'newMessage', message: 'now' });
      assert.equal((await received).text, 'now');
      c.request({ method: 'ping' });
      const next = await c.nextWhere(() => true);
      assert.equal(next.body.method, 'ping', 'no acknowledgement was sent before the ping reply');
      c.close();
    });
  });

  test('agentEndSteps off: only participantLeave, the socket stays open', async () => {
    await withSim({ agentEndSteps: { closeConversation: false, serverClose: false } }, async (sim) => {
      const { client, contactId } = await answeredChat(sim);
      await sim.control.close('5001', contactId);
      await client.next('participantLeave');
      client.request({ method: 'ping' });
      const f = await client.nextWhere(() => true);
      assert.equal(f.body.method, 'ping', 'no closeConversation frame in between');
      assert.equal(client.closeInfo, undefined);
      client.close();
    });
  });

  test('replayOnResume delivers frames missed while disconnected', async () => {
    await withSim({ replayOnResume: true }, async (sim) => {
      const { client, contactId, guid, key } = await answeredChat(sim);
      const gone = sim.control.waitFor('customer_disconnected');
      client.close();
      await gone;
      await sim.control.say('5001', contactId, 'while you were away');
      const back = await EwcTestClient.connect(sim.ewcUrl);
      back.request({ method: 'requestChat', guid, authenticationKey: key });
      await back.next('requestChat', 'notification');
      assert.equal((await back.next('newMessage', 'notification')).body['message'], 'while you were away');
      back.close();
    });
  });

  test('keep-alive: a silent socket is closed after keepAliveMs; pings keep it open; the chat stays resumable', async () => {
    const clock = new ManualClock();
    await withSim({ keepAliveMs: 1000, clock }, async (sim) => {
      const pinger = await EwcTestClient.connect(sim.ewcUrl);
      const silent = await EwcTestClient.connect(sim.ewcUrl);
      silent.request(newChat());
      const { body } = await silent.next('requestChat');
      clock.advance(999);
      pinger.request({ method: 'ping' });
      await pinger.next('ping');
      clock.advance(1);
      assert.equal((await silent.closedWith()).code, 1001);
      assert.equal(pinger.closeInfo, undefined, 'the pinging socket is still open');
      pinger.close();
      const back = await EwcTestClient.connect(sim.ewcUrl);
      back.request({ method: 'requestChat', guid: body['guid'], authenticationKey: body['authenticationKey'] });
      await back.next('requestChat', 'notification');
      back.close();
    });
  });

  test('resumeWindowMs: after the window the chat is abandoned and resume fails with code 2', async () => {
    await withSim({ resumeWindowMs: 100 }, async (sim) => {
      const { client, contactId, guid, key } = await answeredChat(sim);
      const closed = sim.control.waitFor('contact_closed', 5000, (e) => e.contactId === contactId);
      client.close();
      assert.equal((await closed).by, 'abandoned');
      const back = await EwcTestClient.connect(sim.ewcUrl);
      back.request({ method: 'requestChat', guid, authenticationKey: key });
      assert.equal((await back.nextWhere((f) => f.type === 'error')).body['code'], 2);
      back.close();
    });
  });
});

async function answeredChatNp(sim: Simulator) {
  const c = await EwcTestClient.connect(sim.ewcUrl);
  const offered = sim.control.waitFor('contact_offered');
  c.request(newChat());
  await c.next('requestChat');
  await sim.control.answer('5001', (await offered).contactId);
  const np = await c.next('newParticipant');
  c.close();
  return { client: np };
}
