/**
 * Conformance with what real AACC peers send and expect (issue 13, point 6). Every frame is written out:
 * the AACC side is a raw endpoint replaying frames from Avaya's own test fixtures and sample client, so
 * nothing depends on the simulator agreeing with the gateway.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSimulator, type Simulator } from '@parley/aacc-sim';
import { loadConfig } from '../../bot-server/src/config/index.js';
import { createEwcContactCenter } from '../../bot-server/src/contact-center/ewc/index.js';
import { type RawEwcServer, startRawEwcServer } from '../../bot-server/src/contact-center/testing/raw-ewc-server.js';
import {
  type ContactCenter,
  type ContactCenterEvent,
  systemClock,
  type Store,
} from '../../bot-server/src/domain/ports.js';
import { openStore } from '../../bot-server/src/store/index.js';
import { escalation, eventually, silent } from './harness.js';

/** Avaya's mocha fixture for the requestChat notification, as given (no authenticationKey in it). */
const FIXTURE_REQUEST_CHAT_WITHOUT_KEY =
  '{"apiVersion":"1.0","type":"notification","body":{"method":"requestChat","guid":654321,' +
  '"webOnHoldComfortGroups":[{"groupName":"test group 1","delay":45,"numberOfMessages":1,' +
  '"messages":[{"message":"first comfort message","sequence":1}]}],"webOnHoldURLs":[],' +
  '"intrinsics":{"name":"John","email":"test@test.com"}}}';
const NEW_PARTICIPANT =
  '{"apiVersion":"1.0","type":"notification","body":{"method":"newParticipant","agentId":"5001",' +
  '"displayName":"Agent Smith","role":"active_participant","participants":[{"id":"5001","name":"Agent Smith",' +
  '"type":"active_participant"}]}}';
/** Legacy "chat request approved" that every AACC client handles (Avaya sample: `guid = body.guid`). */
const NEW_CHAT_ACK = '{"apiVersion":"1.0","type":"newChatAcknowledgement","body":{"guid":654321}}';
const REQUEST_CHAT_WITH_KEY =
  '{"apiVersion":"1.0","type":"notification","body":{"method":"requestChat","guid":654321,' +
  '"authenticationKey":"bgc714f138g2236823hchc","intrinsics":{"name":"John"}}}';
const MESSAGE_ACK = '{"apiVersion":"1.0","type":"acknowledgement","body":{"method":"newMessage","accepted":true}}';

interface Peer {
  server: RawEwcServer;
  gateway: ContactCenter;
  store: Store;
  events: ContactCenterEvent[];
  /** Every request the gateway sent, parsed, in order. */
  requests: Array<{ body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** A raw AACC endpoint answering requestChat with `answer(request, index)` frames, and a gateway on it. */
async function peer(conversationId: string, answer: (index: number) => string[]): Promise<Peer> {
  const requests: Peer['requests'] = [];
  let chats = 0;
  const server = await startRawEwcServer((raw, send) => {
    const frame = JSON.parse(raw) as { body: Record<string, unknown> };
    requests.push(frame);
    if (frame.body['method'] === 'requestChat') for (const f of answer(chats++)) send(f);
    if (frame.body['method'] === 'newMessage') send(MESSAGE_ACK);
  });
  const store = await openStore({ DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'NORMAL' }, silent);
  await store.createVisitor({ id: `v-${conversationId}`, tokenHash: 'h', locale: 'en', now: Date.now() });
  await store.createConversation({
    id: conversationId,
    visitorId: `v-${conversationId}`,
    channel: 'web',
    state: 'escalation_requested',
    data: {},
    now: Date.now(),
  });
  const config = loadConfig({ wsReconnectMaxAttempt: '2', wsReconnectInterval: '100' }).ewc;
  // A short request timeout: a chat the gateway did not take as accepted would be dropped quickly.
  const timings = { requestTimeoutMs: 200, queueStatusFirstMs: 50, queueStatusEveryMs: 100 };
  const gateway = createEwcContactCenter({
    config,
    url: server.url,
    store,
    clock: systemClock,
    logger: silent,
    timings,
  });
  const events: ContactCenterEvent[] = [];
  gateway.onEvent((e) => events.push(e));
  return {
    server,
    gateway,
    store,
    events,
    requests,
    async close() {
      await gateway.close();
      await store.close();
      await server.close();
    },
  };
}

const requestChats = (p: Peer) => p.requests.filter((r) => r.body['method'] === 'requestChat');

describe('EWC conformance with real peers', () => {
  test('requestChat carries every intrinsic Avaya and Koopid clients send, empty when unknown', async () => {
    const p = await peer('rp-intrinsics', () => [REQUEST_CHAT_WITH_KEY]);
    try {
      await p.gateway.start(
        escalation('rp-intrinsics', { customer: { name: 'Jane' }, customFields: [{ title: 'Intent', value: 'x' }] }),
      );
      const [first] = requestChats(p);
      assert.deepEqual(first, {
        apiVersion: '1.0',
        type: 'request',
        body: {
          method: 'requestChat',
          guid: null,
          authenticationKey: null,
          deviceType: first?.body['deviceType'],
          requestTranscript: false,
          intrinsics: {
            name: 'Jane',
            email: '',
            country: '',
            area: '',
            phoneNumber: '',
            skillset: 'WC_Default_Skillset',
            customFields: [{ title: 'Intent', value: 'x' }],
          },
        },
      });
      assert.match(String(first?.body['deviceType']), /^Parley\//);
    } finally {
      await p.close();
    }
  });

  test("a requestChat notification without authenticationKey (Avaya's fixture) is a working chat that cannot be resumed", async () => {
    const p = await peer('rp-nokey', () => [FIXTURE_REQUEST_CHAT_WITHOUT_KEY, NEW_PARTICIPANT]);
    try {
      await p.gateway.start(escalation('rp-nokey'));
      await eventually(() => p.events.some((e) => e.type === 'agent_joined'), 5000, 'agent joined');
      await p.gateway.sendMessage('rp-nokey', 'hello', 'm1');
      await eventually(
        () => p.requests.some((r) => r.body['method'] === 'newMessage' && r.body['message'] === 'hello'),
        5000,
        'customer text sent',
      );
      // Nothing to resume with: the record (kept so the chat counts as live) has no key, and a drop ends the
      // chat at once instead of resuming it.
      assert.equal((await p.store.getContactCenterSession('rp-nokey'))?.secret, '');
      p.server.dropClients();
      await eventually(() => p.events.some((e) => e.type === 'failed'), 5000, 'failed after the drop');
      assert.deepEqual(
        p.events.find((e) => e.type === 'failed'),
        { type: 'failed', conversationId: 'rp-nokey', reason: 'unreachable' },
      );
      assert.equal(requestChats(p).length, 1, 'no resume without a key');
      assert.equal(
        p.events.some((e) => e.type === 'connection_lost'),
        false,
      );
      assert.equal(await p.store.getContactCenterSession('rp-nokey'), undefined);
    } finally {
      await p.close();
    }
  });

  test('a restarted gateway reports a chat without authenticationKey as lost instead of resuming it', async () => {
    const p = await peer('rp-nokey-restart', () => [FIXTURE_REQUEST_CHAT_WITHOUT_KEY]);
    try {
      await p.gateway.start(escalation('rp-nokey-restart'));
      await p.gateway.close();
      const config = loadConfig({}).ewc;
      const restarted = createEwcContactCenter({
        config,
        url: p.server.url,
        store: p.store,
        clock: systemClock,
        logger: silent,
      });
      const seen: ContactCenterEvent[] = [];
      restarted.onEvent((e) => seen.push(e));
      await restarted.recover();
      assert.deepEqual(seen, [{ type: 'failed', conversationId: 'rp-nokey-restart', reason: 'unreachable' }]);
      assert.equal(await p.store.getContactCenterSession('rp-nokey-restart'), undefined);
      assert.equal(requestChats(p).length, 1, 'no resume attempted');
      await restarted.close();
    } finally {
      await p.close();
    }
  });

  test('newChatAcknowledgement alone accepts the chat (guid from it, Avaya sample behaviour)', async () => {
    const p = await peer('rp-ack', () => [NEW_CHAT_ACK]);
    try {
      await p.gateway.start(escalation('rp-ack'));
      // Accepted: queue polling goes on past the request timeout, with no failure and no second requestChat.
      await eventually(
        () => p.requests.filter((r) => r.body['method'] === 'queueStatus').length >= 4,
        10_000,
        'queueStatus polls',
      );
      assert.equal(requestChats(p).length, 1);
      assert.equal(
        p.events.some((e) => e.type === 'failed'),
        false,
      );
    } finally {
      await p.close();
    }
  });

  test('newChatAcknowledgement then the requestChat notification: the later key makes the chat resumable', async () => {
    const p = await peer('rp-ack-key', (i) =>
      i === 0 ? [NEW_CHAT_ACK, REQUEST_CHAT_WITH_KEY] : [REQUEST_CHAT_WITH_KEY],
    );
    try {
      await p.gateway.start(escalation('rp-ack-key'));
      await eventually(
        async () => (await p.store.getContactCenterSession('rp-ack-key'))?.secret === 'bgc714f138g2236823hchc',
        5000,
        'key stored',
      );
      p.server.dropClients();
      await eventually(() => p.events.some((e) => e.type === 'connection_restored'), 5000, 'resumed');
      const resume = requestChats(p)[1];
      assert.equal(resume?.body['guid'], 654321);
      assert.equal(resume?.body['authenticationKey'], 'bgc714f138g2236823hchc');
    } finally {
      await p.close();
    }
  });
});

describe('AACC web callback conformance (simulator)', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ port: 0 });
  });
  after(async () => sim.close());

  const post = async (body: unknown) => {
    const res = await fetch(`${sim.httpUrl}/CustomerControllerWeb/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  test("getSkillsets is {name: label}; requestCallback takes the name (Parley) or the label (Avaya's sample)", async () => {
    const map = await post({ method: 'getSkillsets' });
    assert.deepEqual(map.json, {
      VOICE_Default_Skillset: 'Default voice skillset',
      VOICE_Billing: 'Billing voice skillset',
    });
    // Avaya's sample: <option value=map[key]> and submits the selected value.
    const bySample = await post({
      method: 'requestCallback',
      name: 'John',
      phone: '733277',
      countryCode: '353',
      areaCode: '091',
      email: 'test@test.com',
      skillset: 'Billing voice skillset',
    });
    assert.equal(bySample.status, 200, JSON.stringify(bySample.json));
    const byName = await post({
      method: 'requestCallback',
      name: 'Jane',
      phone: '7400123471',
      countryCode: '44',
      skillset: 'VOICE_Billing',
    });
    assert.equal(byName.status, 200, JSON.stringify(byName.json));
    for (const id of [bySample.json['callbackId'], byName.json['callbackId']])
      assert.equal(sim.control.callback(String(id)).skillset, 'VOICE_Billing');
    const unknown = await post({ method: 'requestCallback', name: 'J', phone: '733277', skillset: 'Nope' });
    assert.equal(unknown.status, 400);
  });
});
