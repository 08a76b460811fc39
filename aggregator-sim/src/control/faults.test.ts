import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { at, harness, type Harness } from '../testing/harness.js';
import { ManualClock } from '../testing/manual-clock.js';

describe('control API and fault switches', () => {
  const clock = new ManualClock();
  let h: Harness;
  let customer: string;
  before(async () => {
    h = await harness({ clock });
    customer = h.sim.control.createCustomer({ channel: 'twitter', name: 'Ola Berg' }).id;
  });
  after(() => h.close());
  const post = () => h.api('POST', `appusers/${customer}/messages`, { role: 'appMaker', type: 'text', text: 'hi' });

  test('fail: 429 with Retry-After for the next calls, then normal again', async () => {
    h.sim.control.fail({ status: 429, count: 2, retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i++) {
      const r = await post();
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '7');
      assert.equal(at(r.body, 'error', 'code'), 'too_many_requests');
    }
    assert.equal((await post()).status, 201);
  });

  test('fail: 503 until cleared, v2 shape', async () => {
    h.sim.control.fail({ status: 503 });
    const r = await h.api('GET', `users/${customer}`, undefined, 'v2');
    assert.deepEqual(r.body, { errors: [{ code: 'service_unavailable', title: 'Service unavailable' }] });
    h.sim.control.clearFaults();
    assert.equal((await post()).status, 201);
  });

  test('slow: answers wait on the clock', async () => {
    h.sim.control.slow(2000);
    const answer = post();
    while (!clock.pending().includes(2000)) await clock.nextTimer();
    clock.advance(2000);
    assert.equal((await answer).status, 201);
    h.sim.control.slow(0);
  });

  test('offline: connections dropped, webhooks held and posted once back online', async () => {
    h.sim.control.offline(true);
    await assert.rejects(post());
    const before = h.hooks.received.length;
    h.sim.control.say(customer, 'are you there?');
    assert.equal(h.hooks.received.length, before);
    const delivered = h.sim.control.waitFor('webhook', 5000, (e) => e.attempt.trigger === 'message:appUser');
    h.sim.control.offline(false);
    assert.equal((await delivered).attempt.outcome, 'delivered');
  });

  test('duplicateWebhooks: every webhook posted twice, same body', async () => {
    h.sim.control.duplicateWebhooks(true);
    const start = h.hooks.received.length;
    h.sim.control.say(customer, 'twice');
    await h.hooks.until(start + 2);
    assert.deepEqual(h.hooks.received[start]?.body, h.hooks.received[start + 1]?.body);
    h.sim.control.duplicateWebhooks(false);
  });

  test('age over HTTP, customers and received lists', async () => {
    const wa = h.sim.control.createCustomer({ channel: 'whatsapp', name: 'Kim', phone: '+33612345678' });
    h.sim.control.say(wa.id, 'bonjour');
    const call = async (name: string, body: object) => {
      const res = await fetch(`${h.sim.controlUrl}${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as { ok: boolean; result: unknown } };
    };
    assert.equal((await call('age', { customerId: wa.id, hours: 26 })).status, 200);
    assert.equal(h.sim.control.customer(wa.id).lastCustomerMessageAt, clock.now() - 26 * 3_600_000);
    const list = await call('customers', {});
    assert.ok((list.json.result as Array<{ id: string }>).some((c) => c.id === wa.id));
    assert.equal((await call('received', { customerId: 'nobody' })).status, 404);
    assert.equal((await call('fail', { status: 404 })).status, 400);
    assert.equal((await call('nope', {})).status, 404);
  });
});
