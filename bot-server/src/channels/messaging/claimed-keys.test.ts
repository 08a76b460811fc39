/**
 * ClaimedKeys on an injected clock and a real SQLite store: a key counts only until `ttlMs - renewMs` after the claim
 * or renewal that confirmed it was asked, so an instance whose renewals stall stops before another may take over;
 * a key that went to another owner stops counting at the next renewal; a graceful stop hands keys over at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { ManualClock } from '../../contact-center/testing/manual-clock.js';
import { openStore, type KyselyStore } from '../../store/index.js';
import { ClaimedKeys } from './claimed-keys.js';

const timings = { ttlMs: 9000, renewMs: 3000, pollMs: 500 };

const silent = pino({ level: 'silent' });
const MEMORY = { DATABASE_URL: 'sqlite::memory:', SQLITE_SYNCHRONOUS: 'NORMAL' } as const;

describe('ClaimedKeys', () => {
  let store: KyselyStore;
  before(async () => void (store = await openStore(MEMORY, silent)));
  after(() => store.close());

  const keys = (owner: string, clock: ManualClock) =>
    new ClaimedKeys({ queue: 'inbox', store, owner, clock, logger: silent, timings });

  test('a claim counts until ttl - renew after it was asked; a renewal moves that on', async () => {
    const clock = new ManualClock();
    const a = keys('a', clock);
    await a.claim(['k1', 'k1']);
    assert.deepEqual(a.fence('k1'), { owner: 'a', token: 1 });
    clock.advance(timings.ttlMs - timings.renewMs - 1);
    assert.ok(a.holds('k1'));
    clock.advance(1);
    assert.equal(a.fence('k1'), undefined, 'no renewal: stops acting before the database lets anyone else in');
    a.start(() => undefined);
    clock.advance(timings.pollMs);
    await a.idleRenewal();
    assert.deepEqual(a.fence('k1'), { owner: 'a', token: 1 }, 'still ours in the database: renewed');
    await a.stop(false);
  });

  test('a key that went to another owner stops counting at the next renewal; a graceful stop hands keys over', async () => {
    const clock = new ManualClock();
    const a = keys('a2', clock);
    const b = keys('b2', clock);
    await a.claim(['k2', 'k3']);
    await b.claim(['k2']);
    assert.equal(b.holds('k2'), false, 'held by a');
    // a's claim on k2 lapses in the database (as if a had stalled past the TTL): b takes it.
    await store.claimMessagingKeys('inbox', ['k2'], 'a2', -1000);
    await b.claim(['k2']);
    assert.ok(b.holds('k2'), 'taken once lapsed');
    assert.equal(b.tookOver('k2'), true, 'a stopped without letting k2 go: it may have been mid-send');
    assert.equal(b.tookOver('k2'), false, 'said once per grant');
    a.start(() => undefined);
    clock.advance(timings.pollMs);
    await a.idleRenewal();
    assert.equal(a.holds('k2'), false, 'k2 went to another owner');
    assert.ok(a.holds('k3'));
    await a.stop(true);
    await b.claim(['k3']);
    assert.ok(b.holds('k3'), 'released at once by the graceful stop');
    assert.equal(b.tookOver('k3'), false, 'a released key was left with nothing half-done');
    await b.stop(true);
  });
});
