import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  ManualClock,
  startAggregatorSimulator,
  type AggregatorSimulator,
} from '../../../../aggregator-sim/src/index.js';
import { WebhookReceiver } from '../../../../aggregator-sim/src/testing/webhook-receiver.js';
import type { CustomerAddress, InboundEvent } from '../channel.js';
import { bodies } from './bodies.js';
import { apiVersionOf, createSunshineClient, PARLEY_ID_FIELD, type SunshineClient } from './client.js';
import { normaliseWebhook } from './normalise.js';
import { withRetry } from './retry.js';
import { buildTemplateMessage, parseTemplateCatalogue } from './templates.js';

const KEY_ID = 'app_parley_test';
const SECRET = 'client-test-secret-0123456789';
const hello = bodies({ type: 'text', text: 'Hello from Parley' });

interface Peer {
  sim: AggregatorSimulator;
  hooks: WebhookReceiver;
  client: SunshineClient;
  clock: ManualClock;
}

async function peer(apiVersion: 'v1.1' | 'v2'): Promise<Peer> {
  const hooks = await WebhookReceiver.start();
  // Time moves only when a test says so: a "slow" aggregator then never answers, windows do not close.
  const clock = new ManualClock(Date.now());
  const sim = await startAggregatorSimulator({
    port: 0,
    apiVersion,
    keyId: KEY_ID,
    secret: SECRET,
    webhookSecret: 'hook-secret-0123456789',
    webhookUrl: hooks.url,
    clock,
  });
  const client = createSunshineClient({ baseUrl: sim.apiBaseUrl, appId: sim.appId, keyId: KEY_ID, secret: SECRET });
  return { sim, hooks, client, clock };
}

/** A customer who has just written, so the 24-hour window is open. */
async function customer(p: Peer, channel: 'whatsapp' | 'messenger' | 'twitter'): Promise<CustomerAddress> {
  const c = p.sim.control.createCustomer({ channel, name: 'Ada Lovelace', phone: '+447400123456' });
  const delivered = p.sim.control.waitFor(
    'webhook',
    5000,
    (e) => e.attempt.customerId === c.id && /message/.test(e.attempt.trigger) && e.attempt.outcome === 'delivered',
  );
  p.sim.control.say(c.id, 'hi');
  await delivered;
  return { userId: c.id, conversationId: c.conversationId };
}

/** The customer's message as Parley reads it from the webhooks the simulator sent. */
function customerMessage(p: Peer, userId: string): InboundEvent | undefined {
  for (const { body } of p.sim.control.webhooks()) {
    const r = normaliseWebhook(body, Date.now());
    const found = r.ok ? r.events.find((e) => e.kind === 'message' && e.address.userId === userId) : undefined;
    if (found) return found;
  }
  return undefined;
}

describe('Sunshine client against the aggregator simulator, v1.1', () => {
  let p: Peer;
  before(async () => {
    p = await peer('v1.1');
  });
  after(() => p.sim.close().then(() => p.hooks.close()));

  test('the base URL decides the version', () => {
    assert.equal(p.client.version, 'v1.1');
    assert.equal(apiVersionOf('https://api.smooch.io/v2/apps/'), 'v2');
    assert.equal(apiVersionOf('https://api.smooch.io/v1.1/apps/'), 'v1.1');
  });

  test('posts a message: ok with the stored id, and the customer receives it', async () => {
    const to = await customer(p, 'whatsapp');
    const r = await p.client.sendMessage(to, hello);
    assert.equal(r.kind, 'ok');
    assert.ok(r.kind === 'ok' && r.value.messageIds.length === 1);
    const received = p.sim.control.received(to.userId);
    assert.equal(received.at(-1)?.content.text, 'Hello from Parley');
  });

  test("the simulator's webhook normalises: channel, customer, phone", async () => {
    const to = await customer(p, 'whatsapp');
    const e = customerMessage(p, to.userId);
    assert.equal(e?.customerKey, to.userId);
    assert.deepEqual(e?.content, { type: 'text', text: 'hi' });
    assert.equal(e?.profile?.phone, '+447400123456');
  });

  test('typing and read marks', async () => {
    const to = await customer(p, 'messenger');
    assert.equal((await p.client.activity(to, 'typing:start')).kind, 'ok');
    assert.equal((await p.client.activity(to, 'conversation:read')).kind, 'ok');
  });

  test('429 is retryable with its Retry-After; 5xx retryable; the next call goes through', async () => {
    const to = await customer(p, 'twitter');
    p.sim.control.fail({ status: 429, count: 1, retryAfterSeconds: 3 });
    const limited = await p.client.sendMessage(to, hello);
    assert.deepEqual(
      { kind: limited.kind, status: limited.status, code: limited.code },
      { kind: 'retryable', status: 429, code: 'too_many_requests' },
    );
    assert.ok(limited.kind === 'retryable' && limited.retryAfterMs === 3000);
    p.sim.control.fail({ status: 503, count: 1 });
    assert.equal((await p.client.sendMessage(to, hello)).kind, 'retryable');
    assert.equal((await p.client.sendMessage(to, hello)).kind, 'ok');
  });

  test('withRetry gets through an outage of two calls', async () => {
    const to = await customer(p, 'twitter');
    p.sim.control.fail({ status: 500, count: 2 });
    let calls = 0;
    const r = await withRetry(() => (calls++, p.client.sendMessage(to, hello)), { sleep: () => Promise.resolve() });
    assert.equal(r.kind, 'ok');
    assert.equal(calls, 3);
  });

  test('other 4xx are permanent with the API code: bad body, unknown user, wrong secret', async () => {
    const to = await customer(p, 'twitter');
    const bad = await p.client.sendMessage(to, { v1: { role: 'appMaker', type: 'text' } as never, v2: hello.v2 });
    assert.deepEqual(
      { kind: bad.kind, status: bad.status, code: bad.code },
      { kind: 'permanent', status: 400, code: 'bad_request' },
    );
    const unknown = await p.client.sendMessage({ userId: 'nobody' }, hello);
    assert.deepEqual([unknown.kind, unknown.status], ['permanent', 404]);
    const wrong = createSunshineClient({
      baseUrl: p.sim.apiBaseUrl,
      appId: p.sim.appId,
      keyId: KEY_ID,
      secret: 'nope',
    });
    const denied = await wrong.sendMessage(to, hello);
    assert.deepEqual([denied.kind, denied.status, denied.code], ['permanent', 401, 'unauthorized']);
    assert.ok(!JSON.stringify(denied).includes('nope') && !JSON.stringify(denied).includes(SECRET));
  });

  test('WhatsApp after 24 h: regular refused on delivery, the template shorthand delivered', () =>
    templateAfterWindow(p));

  test('offline, slow past the timeout, and connection refused are retryable', async () => {
    const to = await customer(p, 'twitter');
    p.sim.control.offline(true);
    assert.equal((await p.client.sendMessage(to, hello)).kind, 'retryable');
    p.sim.control.clearFaults();
    p.sim.control.slow(60_000);
    const quick = createSunshineClient({
      baseUrl: p.sim.apiBaseUrl,
      appId: p.sim.appId,
      keyId: KEY_ID,
      secret: SECRET,
      timeoutMs: 100,
    });
    const slow = await quick.sendMessage(to, hello);
    assert.deepEqual([slow.kind, slow.kind === 'retryable' && slow.reason], ['retryable', 'timeout']);
    assert.equal(slow.unconfirmed, true, 'a timeout after the request went out may have left it stored');
    p.sim.control.clearFaults();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = createSunshineClient({
      baseUrl: `http://127.0.0.1:${port}/v1.1/apps/`,
      appId: 'a',
      keyId: 'k',
      secret: 's',
    });
    const r = await refused.sendMessage(to, hello);
    assert.deepEqual([r.kind, r.kind === 'retryable' && r.reason], ['retryable', 'ECONNREFUSED']);
    assert.equal(r.unconfirmed, undefined, 'refused: nothing can have been stored');
  });

  test("an unanswered post is unconfirmed; findMessage finds it by Parley's id only if it was stored", () =>
    unanswered(p));

  test('a body pushed off the latest page by later messages is found on an earlier one', () => pushedBack(p));
});

/** The simulator resets a post after storing it, then another before storing it. */
async function unanswered(p: Peer): Promise<void> {
  const to = await customer(p, 'messenger');
  p.sim.control.reset('after-store');
  const late = await p.client.sendMessage(to, hello, 'key-after:0');
  assert.deepEqual([late.kind, late.unconfirmed], ['retryable', true]);
  const stored = p.sim.control
    .customer(to.userId)
    .messages.filter((m) => m.metadata?.[PARLEY_ID_FIELD] === 'key-after:0')
    .map((m) => m.id);
  assert.equal(stored.length, 1);
  const found = await p.client.findMessage(to, 'key-after:0');
  assert.deepEqual(found.kind === 'ok' && found.value.messageIds, stored);
  p.sim.control.reset('before-store');
  const early = await p.client.sendMessage(to, hello, 'key-before:0');
  assert.deepEqual([early.kind, early.unconfirmed], ['retryable', true], 'the client cannot tell the two apart');
  const none = await p.client.findMessage(to, 'key-before:0');
  assert.deepEqual(none.kind === 'ok' && none.value.messageIds, []);
}

/** 150 messages after an unanswered post push it off the latest page: the lookup pages back, as far as `sinceMs`. */
async function pushedBack(p: Peer): Promise<void> {
  const to = await customer(p, 'messenger');
  const since = p.clock.now() - 1000;
  p.sim.control.reset('after-store');
  assert.equal((await p.client.sendMessage(to, hello, 'key-old:0')).unconfirmed, true);
  // A millisecond apart, as real messages are: v1.1 pages by timestamp and leaves out the cursor's own.
  for (let i = 0; i < 150; i++) {
    p.clock.advance(1);
    assert.equal((await p.client.sendMessage(to, hello)).kind, 'ok');
  }
  const latestOnly = await p.client.findMessage(to, 'key-old:0');
  assert.deepEqual(latestOnly.kind === 'ok' && latestOnly.value.messageIds, [], 'not on the latest page');
  const found = await p.client.findMessage(to, 'key-old:0', since);
  assert.equal(found.kind === 'ok' && found.value.messageIds.length, 1, 'found on an earlier page');
  const bounded = await p.client.findMessage(to, 'key-old:0', p.clock.now() - 10);
  assert.deepEqual(bounded.kind === 'ok' && bounded.value.messageIds, [], 'no paging past the enqueue time');
}

const CATALOGUE = parseTemplateCatalogue(
  'templates.yaml',
  'templates:\n  - { title: Hello, name: hello_world, language: en_US, parameters: [who], fallback: "Hello {{1}}" }\n',
);

/** Past the 24-hour window: a regular message fails delivery with WhatsApp's 470, a template reaches the phone. */
async function templateAfterWindow(p: Peer): Promise<void> {
  const to = await customer(p, 'whatsapp');
  p.sim.control.age(to.userId, 25);
  const failed = p.sim.control.waitFor('webhook', 5000, (e) => /delivery:failure/.test(e.attempt.trigger));
  assert.equal((await p.client.sendMessage(to, hello)).kind, 'ok');
  const r = normaliseWebhook((await failed).attempt.body, Date.now());
  assert.ok(r.ok && r.events[0]?.delivery?.error?.windowClosed === true);
  const built = buildTemplateMessage(CATALOGUE, { name: 'hello_world', params: ['Ada'] });
  assert.ok(built.ok);
  assert.equal((await p.client.sendMessage(to, built.message.bodies)).kind, 'ok');
  const last = p.sim.control.received(to.userId).at(-1);
  assert.equal(last?.content.type, 'template');
  assert.deepEqual(last?.content.template?.params, ['Ada']);
}

describe('Sunshine client against the aggregator simulator, v2', () => {
  let p: Peer;
  before(async () => {
    p = await peer('v2');
  });
  after(() => p.sim.close().then(() => p.hooks.close()));

  test('posts to the conversation and marks typing and read', async () => {
    assert.equal(p.client.version, 'v2');
    const to = await customer(p, 'messenger');
    const r = await p.client.sendMessage(to, hello);
    assert.ok(r.kind === 'ok' && r.value.messageIds.length === 1);
    assert.equal(p.sim.control.received(to.userId).at(-1)?.content.text, 'Hello from Parley');
    assert.equal((await p.client.activity(to, 'typing:start')).kind, 'ok');
    assert.equal((await p.client.activity(to, 'conversation:read')).kind, 'ok');
  });

  test("the simulator's v2 webhook normalises with the user and conversation key", async () => {
    const to = await customer(p, 'whatsapp');
    const e = customerMessage(p, to.userId);
    assert.equal(e?.customerKey, `${to.userId}:${to.conversationId}`);
    assert.equal(e?.profile?.phone, '+447400123456');
  });

  test('WhatsApp after 24 h: the v2 template content is delivered', () => templateAfterWindow(p));

  test("an unanswered post is unconfirmed; findMessage finds it by Parley's id only if it was stored", () =>
    unanswered(p));

  test('a body pushed off the latest page by later messages is found on an earlier one', () => pushedBack(p));

  test('errors in the v2 shape keep their code', async () => {
    const r = await p.client.sendMessage({ userId: 'x', conversationId: 'nope' }, hello);
    assert.deepEqual([r.kind, r.status, r.code], ['permanent', 404, 'conversation_not_found']);
  });
});
