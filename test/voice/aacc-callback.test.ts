import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { internationalNumber, startSimulator, type Simulator } from '@parley/aacc-sim';
import type { CallStatusEvent } from '../../bot-server/src/domain/ports.js';
import { systemClock } from '../../bot-server/src/domain/ports.js';
import { callbackBaseFromEwcUrl, createAaccCallbackDialer } from '../../bot-server/src/voice/aacc-callback-dialer.js';
import { aaccStatusToken } from '../../bot-server/src/voice/signatures.js';
import { silentLogger, startVoiceHarness, type VoiceHarness } from './harness.js';

/** Any time of any day may be scheduled here; business hours have their own unit tests. */
const ALWAYS_OPEN = {
  BUSINESS_HOURS: '00:00-24:00',
  BUSINESS_DAYS: '0-6',
  VOICE_MAX_CALLS_PER_NUMBER_PER_DAY: '1000',
  VOICE_MAX_CALLS_PER_CLIENT_PER_HOUR: '1000',
};

describe('aacc-callback dialer against the AACC simulator', () => {
  let sim: Simulator;
  let h: VoiceHarness;
  before(async () => {
    sim = await startSimulator({ port: 0, voice: { ringTimeoutMs: 1500 } });
    h = await startVoiceHarness({ ...ALWAYS_OPEN, EWC_WEBSOCKET_URL: sim.ewcUrl });
  });
  after(async () => {
    await h.close();
    await sim.close();
  });

  test('the callback rings an agent with the bot context, is answered and ends; every state is reported back', async () => {
    await sim.control.login('5001', 'agent');
    await sim.control.setReady('5001', true);
    const conv = await h.newConversation();
    const call = await h.voice.service.request({
      ...conv,
      name: 'Ada Lovelace',
      phone: '+44 20 7946 0123',
      clientAddress: '198.51.100.4',
      idempotencyKey: 'form-1',
      context: [
        { title: 'Summary', value: 'Wants to change billing address' },
        { title: 'Intent', value: 'billing.address' },
      ],
    });
    assert.equal(call.phone, '+442079460123', 'stored normalised');
    assert.ok(call.externalId, 'AACC callback id recorded');

    const ringing = await h.waitForStatus(call.id, 'ringing');
    assert.equal(ringing.externalId, call.externalId);
    const contact = sim.control.contacts().find((c) => c.callbackId === call.externalId);
    assert.ok(contact, 'a voice contact exists in the contact center');
    assert.equal(contact.kind, 'voice');
    assert.equal(contact.skillset, 'VOICE_Default_Skillset');
    assert.equal(contact.customer.name, 'Ada Lovelace');
    // AACC's callback takes the number in parts: country calling code, (area code,) national number.
    assert.deepEqual(
      { country: contact.customer.country, area: contact.customer.area, phone: contact.customer.phone },
      { country: '44', area: undefined, phone: '2079460123' },
    );
    assert.equal(internationalNumber(contact.customer), '+442079460123', 'the agent sees one international number');
    assert.deepEqual(
      contact.customer.customFields.map((f) => f.title),
      ['Summary', 'Intent'],
    );

    await sim.control.answer('5001', contact.id);
    await h.waitForStatus(call.id, 'connected');
    await sim.control.close('5001', contact.id);
    await h.waitForStatus(call.id, 'completed');
    assert.deepEqual(
      h.changes.filter((c) => c.callId === call.id).map((c) => c.status),
      ['requested', 'dialling', 'ringing', 'connected', 'completed'],
    );
    await sim.control.setReady('5001', false);
  });

  test('status reports AACC sent while Parley was down are caught up from AACC (GET callback/<id>)', async () => {
    // Parley "down": every status report AACC POSTs is refused.
    const dead = await closedPort();
    const dialer = createAaccCallbackDialer({
      baseUrl: callbackBaseFromEwcUrl(sim.ewcUrl),
      statusCallbackUrl: () => `http://127.0.0.1:${dead}/voice/aacc/status`,
      secret: 's'.repeat(32),
      timeoutMs: 5000,
      clock: systemClock,
      logger: silentLogger,
    });
    await sim.control.login('5003', 'agent');
    await sim.control.setReady('5003', true);
    const { externalId } = await dialer.requestCallback({
      callId: 'catch-up-1',
      conversationId: 'c-catch-up',
      name: 'Grace Hopper',
      phone: '+442079460199',
      skillset: 'VOICE_Default_Skillset',
      context: [],
    });
    const contact = sim.control.contacts().find((c) => c.callbackId === externalId);
    assert.ok(contact);
    await sim.control.answer('5003', contact.id);
    await sim.control.close('5003', contact.id);
    await sim.control.setReady('5003', false);

    const seen: CallStatusEvent[] = [];
    dialer.onStatus((e) => seen.push(e));
    assert.equal(await dialer.catchUp([{ id: 'catch-up-1', externalId }]), 1);
    assert.deepEqual(
      seen.map((e) => [e.callId, e.externalId, e.status]),
      ['dialling', 'ringing', 'connected', 'completed'].map((s) => ['catch-up-1', externalId, s]),
    );
    assert.equal(await dialer.catchUp([{ id: 'gone', externalId: 'CB-unknown' }]), 0, 'an unknown id is skipped');
  });

  test('no answer within the ring timeout ends as no_answer', async () => {
    await sim.control.login('5002', 'agent');
    await sim.control.setReady('5002', true);
    const call = await h.voice.service.request({
      ...(await h.newConversation()),
      name: 'Bob',
      phone: '+353851234567',
      clientAddress: '198.51.100.5',
      idempotencyKey: 'k',
      context: [],
    });
    await h.waitForStatus(call.id, 'ringing');
    assert.equal((await h.waitForStatus(call.id, 'no_answer')).status, 'no_answer');
    await sim.control.setReady('5002', false);
  });

  test('a scheduled callback is reported scheduled and can be cancelled before it is due', async () => {
    const conv = await h.newConversation();
    const when = Date.now() + 3_600_000;
    const call = await h.voice.service.request({
      ...conv,
      name: 'Cy',
      phone: '+12025550143',
      clientAddress: '198.51.100.6',
      idempotencyKey: 'later',
      when,
      context: [],
    });
    assert.equal(call.status, 'scheduled');
    assert.equal(call.scheduledFor, when);
    await h.voice.service.cancel(conv.conversationId, call.id);
    assert.equal((await h.store.getCall(call.id))?.status, 'cancelled');
    const view = (await (await fetch(`${sim.httpUrl}/CustomerControllerWeb/callback/${call.externalId}`)).json()) as {
      status: string;
    };
    assert.equal(view.status, 'cancelled', 'the contact center no longer holds it');
  });

  test('status reports need the per-call token and a well-formed body', async () => {
    const conv = await h.newConversation();
    const call = await h.voice.service.request({
      ...conv,
      name: 'Di',
      phone: '+12025550199',
      clientAddress: '198.51.100.7',
      idempotencyKey: 'x',
      when: Date.now() + 7_200_000,
      context: [],
    });
    const post = (query: string, body: string) =>
      fetch(`${h.baseUrl}/voice/aacc/status?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const report = JSON.stringify({
      callbackId: call.externalId,
      status: 'connected',
      at: Date.now(),
      idempotencyKey: call.id,
    });
    for (const query of [
      `callId=${call.id}`,
      `callId=${call.id}&token=forged`,
      `callId=${randomUUID()}&token=forged`,
      // Genuine but expired: a status URL does not stay valid for ever.
      `callId=${call.id}&token=${aaccStatusToken(h.config.voice.VOICE_CALLBACK_SECRET ?? '', call.id, Date.now() - 1)}`,
    ]) {
      const res = await post(query, report);
      assert.equal(res.status, 403, query);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'PARLEY_ERR_SIGNATURE');
    }
    // The real token (as handed to AACC) with a malformed body is refused without effect.
    const token = aaccStatusToken(h.config.voice.VOICE_CALLBACK_SECRET ?? '', call.id, Date.now() + 60_000);
    assert.equal((await post(`callId=${call.id}&token=${token}`, '{"status":"teleported"}')).status, 422);
    assert.equal((await post(`callId=${call.id}&token=${token}`, '{not json')).status, 400);
    assert.equal(
      (
        await post(
          `callId=${call.id}&token=${token}`,
          JSON.stringify({ ...JSON.parse(report), idempotencyKey: 'another-call' }),
        )
      ).status,
      422,
    );
    assert.equal((await h.store.getCall(call.id))?.status, 'scheduled');
  });
});

describe('aacc-callback dialer when AACC is down', () => {
  test('the call fails cleanly, is reported failed, and nothing is left behind', async () => {
    const port = await closedPort();
    const h = await startVoiceHarness({
      ...ALWAYS_OPEN,
      AACC_CALLBACK_URL: `http://127.0.0.1:${port}`,
      VOICE_PROVIDER_TIMEOUT_MS: '2000',
    });
    try {
      const call = await h.voice.service.request({
        ...(await h.newConversation()),
        name: 'Ed',
        phone: '+442079460123',
        clientAddress: '198.51.100.8',
        idempotencyKey: 'down',
        context: [],
      });
      assert.equal(call.status, 'failed');
      assert.equal(call.externalId, null);
      assert.deepEqual(call.data['error'], { kind: 'network', status: 0 });
      assert.deepEqual(
        h.changes.map((c) => c.status),
        ['requested', 'failed'],
      );
    } finally {
      await h.close();
    }
  });

  test('the callback REST base is derived from the EWC URL', () => {
    assert.equal(
      callbackBaseFromEwcUrl('wss://aacc.example.com:8445/CustomerControllerWeb/chat'),
      'https://aacc.example.com:8445',
    );
    assert.equal(callbackBaseFromEwcUrl('ws://127.0.0.1:8081/CustomerControllerWeb/chat'), 'http://127.0.0.1:8081');
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}
