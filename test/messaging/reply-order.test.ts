/**
 * Reply order under load (the webhook benchmark's "mismatched" turns): many WhatsApp customers write the same script
 * while earlier turns are still being answered, some turns producing several messages of different types (the
 * office's answer: words, then its location), the aggregator slow and now and then answering 429. Every customer
 * must receive exactly what one customer alone receives, in the same order: the outbox sends a customer's bodies one
 * at a time, in the order they were written, whatever the retries, listings and other customers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimEventOf } from '@parley/aggregator-sim';
import { settled, startHarness, type Harness } from './support/harness.js';

const SCRIPT = ['What are your opening hours?', 'how can I pay my bill', 'What are your opening hours?', 'hello'];
const CUSTOMERS = 24;

/** What the customer's app got, told apart by type and words. */
const signature = (e: SimEventOf<'business_message'>): string => {
  const c = e.message.content as { type: string; text?: string };
  return `${c.type}:${c.text ?? ''}`;
};

describe('messaging reply order', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ apiVersion: 'v1.1' });
  });
  after(() => h.close());

  const customer = (n: number) =>
    h.agg.control.createCustomer({
      channel: 'whatsapp',
      name: 'Ada Lovelace',
      phone: `+4474${String(n).padStart(8, '0')}`,
    }).id;
  /** Resolves once the webhook of the customer's latest message was acknowledged by Parley. */
  const acknowledged = (id: string, text: string) =>
    h.agg.control.waitFor(
      'webhook',
      20_000,
      (e) =>
        e.attempt.customerId === id &&
        e.attempt.outcome === 'delivered' &&
        JSON.stringify(e.attempt.body).includes(JSON.stringify(text)),
    );
  const say = async (id: string, text: string) => {
    const acked = acknowledged(id, text);
    h.agg.control.say(id, text);
    await acked;
  };
  const shown = (id: string) => h.business.items.filter((e) => e.customerId === id).map(signature);

  test('every customer gets the replies of each turn whole and in order, across 429s and a slow aggregator', async () => {
    // One customer alone, each turn answered before the next: what every customer must get.
    const alone = customer(0);
    for (const text of SCRIPT) {
      await say(alone, text);
      await settled(h, 3);
    }
    const expected = shown(alone);
    assert.ok(
      expected.some((s) => s.includes('📍')),
      'the office answer carries its location (as text on WhatsApp)',
    );

    const ids = Array.from({ length: CUSTOMERS }, (_, i) => customer(i + 1));
    h.agg.control.slow(5);
    for (const [step, text] of SCRIPT.entries()) {
      // Each customer's next message only once its last one is stored (the inbound order is then known), but long
      // before the bot's replies to it have all gone: turns of one customer overlap in the outbox.
      if (step === 1) h.agg.control.fail({ status: 429, count: 15, retryAfterSeconds: 0 });
      await Promise.all(ids.map((id) => say(id, text)));
    }
    // Bodies waiting for a retry's backoff are not running work: wait for each customer's last reply instead.
    for (const id of ids)
      await h.business.waitFor(() => shown(id).length >= expected.length, {
        what: `${expected.length} replies to ${id}`,
        timeoutMs: 30_000,
        relevant: (e) => e.customerId === id,
        describe: signature,
      });
    await settled(h, 3);
    const wrong = ids.filter((id) => shown(id).join('\n') !== expected.join('\n'));
    assert.deepEqual(
      wrong.map((id) => ({ id, shown: shown(id) })),
      [],
      `expected for each customer:\n${expected.join('\n')}`,
    );
  });
});
