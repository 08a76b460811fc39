import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../testing/manual-clock.js';
import { harness, WEBHOOK_SECRET, type Harness } from '../testing/harness.js';

describe('webhook sender', () => {
  const clock = new ManualClock();
  let h: Harness;
  before(async () => {
    h = await harness({ clock });
  });
  after(() => h.close());

  test('posts with X-API-Key and JSON', async () => {
    const c = h.sim.control.createCustomer({ channel: 'messenger', name: 'Ann Lee' });
    const start = h.hooks.received.length;
    h.sim.control.say(c.id, 'hi');
    await h.hooks.until(start + 1);
    const got = h.hooks.received[start];
    assert.equal(got?.headers['x-api-key'], WEBHOOK_SECRET);
    assert.equal(got?.headers['content-type'], 'application/json');
    assert.equal(got?.body['trigger'], 'message:appUser');
  });

  test('retries 5 times at exponentially growing intervals over ~15 minutes, then gives up', async () => {
    h.hooks.status = 500;
    const c = h.sim.control.createCustomer({ channel: 'twitter', name: 'Bo' });
    const attempt = (n: number) =>
      h.sim.control.waitFor('webhook', 5000, (e) => e.attempt.customerId === c.id && e.attempt.attempt === n);
    const first = attempt(1);
    h.sim.control.say(c.id, 'anyone there?');
    assert.equal((await first).attempt.outcome, 'retrying');
    const delays: number[] = [];
    for (let n = 2; n <= 6; n++) {
      const next = attempt(n);
      const [delay] = clock.pending();
      assert.ok(delay !== undefined);
      delays.push(delay);
      clock.advance(delay);
      const { attempt: a } = await next;
      assert.equal(a.status, 500);
      assert.equal(a.outcome, n === 6 ? 'gave_up' : 'retrying');
    }
    assert.deepEqual(delays, [29_000, 58_000, 116_000, 232_000, 464_000]);
    assert.ok(delays.reduce((s, d) => s + d, 0) <= 15 * 60_000);
    assert.deepEqual(clock.pending(), []);
    h.hooks.status = 200;
  });

  for (const status of [400, 401, 403, 404, 406]) {
    test(`never retries a ${status}`, async () => {
      h.hooks.status = status;
      const c = h.sim.control.createCustomer({ channel: 'twitter', name: 'Cy' });
      const first = h.sim.control.waitFor('webhook', 5000, (e) => e.attempt.customerId === c.id);
      h.sim.control.say(c.id, 'hello');
      const { attempt } = await first;
      assert.equal(attempt.outcome, 'gave_up');
      assert.equal(attempt.attempt, 1);
      assert.deepEqual(clock.pending(), []);
      h.hooks.status = 200;
    });
  }

  test('stops retrying once the target answers 2xx', async () => {
    h.hooks.status = 503;
    const c = h.sim.control.createCustomer({ channel: 'twitter', name: 'Di' });
    const first = h.sim.control.waitFor('webhook', 5000, (e) => e.attempt.customerId === c.id);
    h.sim.control.say(c.id, 'hello');
    await first;
    h.hooks.status = 200;
    const second = h.sim.control.waitFor('webhook', 5000, (e) => e.attempt.customerId === c.id);
    clock.advance(29_000);
    assert.equal((await second).attempt.outcome, 'delivered');
    assert.deepEqual(clock.pending(), []);
  });
});
