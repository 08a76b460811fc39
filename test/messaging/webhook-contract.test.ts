/**
 * The webhook as the aggregator sees it, with the payload fixtures of messaging-channels.md section 1: authentication
 * against every configured secret (rotation), JSON only, the size cap, malformed bodies, unknown triggers, and a
 * duplicate delivery processed once. The health check answers without authentication.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseWebhook } from '../../bot-server/src/channels/sunshine/normalise.js';
import { startHarness, type Harness } from './support/harness.js';

const FIXTURES = join(import.meta.dirname, '../../bot-server/src/channels/sunshine/fixtures');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

describe('messaging webhook contract', () => {
  let h: Harness;
  let hook: string;
  before(async () => {
    h = await startHarness({ apiVersion: 'v1.1' });
    hook = `${h.parley.server.url()}/async/messaging/v1/webhook`;
  });
  after(() => h.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(hook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': h.agg.webhookSecret, ...headers },
      body,
    });

  test('the health check answers {"alive":true} without authentication', async () => {
    const res = await fetch(`${h.parley.server.url()}/async/messaging/v1/health-check`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { alive: true });
    const health = (await (await fetch(`${h.parley.server.url()}/health`)).json()) as {
      messaging?: { inbox: number; outbox: number; aggregator: { url: string } };
    };
    assert.equal(health.messaging?.aggregator.url, h.agg.apiBaseUrl);
    assert.equal(typeof health.messaging?.inbox, 'number');
  });

  test('a missing or wrong X-API-Key is 401 and nothing is stored; a rotated secret is still accepted', async () => {
    const body = fixture('v1/typing-messenger.json');
    const before = (await h.parley.store.messagingDepths()).inbox;
    assert.equal((await post(body, { 'x-api-key': '' })).status, 401);
    assert.equal((await post(body, { 'x-api-key': 'wrong' })).status, 401);
    assert.equal((await h.parley.store.messagingDepths()).inbox, before);
    const wrong = (await (await post(body, { 'x-api-key': 'nope' })).json()) as { error: { code: string } };
    assert.equal(wrong.error.code, 'PARLEY_ERR_WEBHOOK_AUTH');
    assert.equal((await post(body, { 'x-api-key': 'old-secret' })).status, 200);
  });

  test('not JSON: 415; too large: 413; malformed: 400; unknown trigger: 200', async () => {
    assert.equal((await post(fixture('v1/message-text-twitter.json'), { 'content-type': 'text/plain' })).status, 415);
    const big = JSON.stringify({ trigger: 'message:appUser', pad: 'x'.repeat(600 * 1024) });
    assert.equal((await post(big)).status, 413);
    assert.equal((await post('{"trigger": ')).status, 400);
    assert.equal((await post('{"no":"trigger"}')).status, 400);
    const unknown = await post(fixture('v1/conversation-start.json'));
    assert.equal(unknown.status, 200);
  });

  test('the same delivery twice is stored and processed once', async () => {
    const body = fixture('v1/message-text-twitter.json');
    const parsed = normaliseWebhook(JSON.parse(body), Date.now());
    assert.ok(parsed.ok);
    const event = parsed.events[0];
    assert.ok(event);
    const first = (await (await post(body)).json()) as { stored: number };
    const second = (await (await post(body)).json()) as { stored: number; duplicates: number };
    assert.equal(first.stored, 1);
    assert.deepEqual([second.stored, second.duplicates], [0, 1]);
    const messaging = h.parley.server.messaging;
    assert.ok(messaging);
    await messaging.inbox.idle();
    const identity = await h.parley.store.getChannelIdentity(event.channel, event.appId, event.customerKey);
    assert.ok(identity, 'the customer has a conversation');
    const customerMessages = (await h.parley.store.listMessages(identity.conversationId)).filter(
      (m) => m.author.role === 'customer',
    );
    assert.equal(customerMessages.length, 1);
    assert.equal(customerMessages[0]?.channel, 'twitter');
  });

  test('a webhook is answered alike whether it is handled before express (sized) or by express (chunked)', async () => {
    // Chunked bodies (a stream of unknown length) always take express's path; sized plain JSON the fast one.
    const chunked = (body: string) =>
      fetch(hook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': h.agg.webhookSecret },
        body: new Blob([body]).stream(),
        duplex: 'half',
      } as RequestInit);
    const seen = async (res: Response) => ({
      status: res.status,
      type: res.headers.get('content-type'),
      nosniff: res.headers.get('x-content-type-options'),
      body: (await res.json()) as unknown,
    });
    const typing = fixture('v1/typing-messenger.json');
    for (const body of ['{"trigger": ', '"just a string"', '[]', '{"no":"trigger"}', `\uFEFF${typing}`, typing]) {
      const fast = await seen(await post(body));
      const slow = await seen(await chunked(body));
      assert.deepEqual(fast, slow, JSON.stringify(body).slice(0, 40));
    }
  });
});
