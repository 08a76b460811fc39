/**
 * What a crash or an aggregator outage must not cost: a webhook acknowledged but not yet processed when Parley stops
 * is processed after the restart, once; replies written while the aggregator fails are delivered once each, in order,
 * when it answers again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { botTexts, nextFor, settled, shownTo, startHarness, type Harness } from './support/harness.js';

describe('messaging reliability', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ apiVersion: 'v1.1', inboxPaused: true });
  });
  after(() => h.close());

  test('a restart between the webhook acknowledgement and its processing loses nothing, doubles nothing', async () => {
    const { id } = h.agg.control.createCustomer({ channel: 'messenger', name: 'Katherine Johnson' });
    const acked = h.agg.control.waitFor(
      'webhook',
      10_000,
      (e) => e.attempt.customerId === id && e.attempt.outcome === 'delivered',
    );
    h.agg.control.say(id, 'Hello');
    assert.equal((await acked).attempt.status, 200);
    assert.ok((await h.parley.store.messagingDepths()).inbox >= 1, 'stored, not yet processed');
    assert.deepEqual(shownTo(h, id), []);

    await h.restart({ inboxPaused: false });
    await nextFor(h, id, /What can I help you with/, 'the menu after the restart');
    await settled(h);
    assert.deepEqual(shownTo(h, id), await botTexts(h, id), 'each reply once, in the transcript order');
    assert.equal((await h.parley.store.messagingDepths()).inbox, 0);
  });

  test('the aggregator failing (503, then 429 with Retry-After) delays replies; each arrives once, in order', async () => {
    const { id } = h.agg.control.createCustomer({ channel: 'twitter', name: 'Dorothy Vaughan' });
    h.agg.control.fail({ status: 503, count: 3 });
    h.agg.control.say(id, 'Hello');
    await nextFor(h, id, /What can I help you with/, 'the menu once the aggregator answers');
    await settled(h);
    assert.deepEqual(shownTo(h, id), await botTexts(h, id), 'each reply once, in the transcript order');

    h.agg.control.fail({ status: 429, count: 1, retryAfterSeconds: 1 });
    const since = h.business.items.length;
    // A text-only answer: rich answers (the office's location) show degraded, not as their transcript text.
    h.agg.control.say(id, 'How do I submit a meter reading?');
    await nextFor(h, id, /./, 'the answer after a 429', since);
    await settled(h);
    assert.deepEqual(shownTo(h, id), await botTexts(h, id), 'each reply once, in the transcript order');
    const health = (await (await fetch(`${h.parley.server.url()}/health`)).json()) as {
      messaging: { outbox: number; aggregator: { state: string } };
    };
    assert.deepEqual([health.messaging.outbox, health.messaging.aggregator.state], [0, 'ok']);
  });
});
