import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { T0, type ContractFixture } from './fixture.js';

export function jobsContract(f: ContractFixture): void {
  test('jobs: claimed when due by one owner until the claim expires, then by another; completed only by the holder', async () => {
    const { store } = f;
    const kind = `k-${randomUUID()}`;
    const id = randomUUID();
    assert.equal(await store.addJob({ id, kind, dueAt: T0 + 1000, payload: { phone: '+44 ✓' } }), true);
    assert.equal(await store.addJob({ id, kind, dueAt: T0, payload: {} }), false, 'an id is added once');
    assert.deepEqual(await store.claimDueJobs(kind, 'a', T0 + 999, 5000, 10), [], 'not due yet');

    const [claimed, ...more] = await store.claimDueJobs(kind, 'a', T0 + 1000, 5000, 10);
    assert.deepEqual(more, []);
    assert.deepEqual(claimed, {
      id,
      kind,
      dueAt: T0 + 1000,
      payload: { phone: '+44 ✓' },
      owner: 'a',
      claimedUntil: T0 + 6000,
      attempts: 1,
    });
    assert.deepEqual(await store.claimDueJobs(kind, 'b', T0 + 5999, 5000, 10), [], 'a live claim is not taken');
    assert.equal(await store.cancelJob(id, T0 + 5999), false, 'a running job cannot be cancelled');
    assert.equal(await store.renewJob(id, 'a', T0 + 7000), true);
    assert.deepEqual(await store.claimDueJobs(kind, 'b', T0 + 6500, 5000, 10), [], 'renewed');

    // a dies: b takes the job over once the claim has expired; a can neither renew nor complete it any more.
    const [taken] = await store.claimDueJobs(kind, 'b', T0 + 7000, 5000, 10);
    assert.equal(taken?.owner, 'b');
    assert.equal(taken?.attempts, 2);
    assert.equal(await store.renewJob(id, 'a', T0 + 9000), false);
    assert.equal(await store.completeJob(id, 'a'), false);
    assert.equal(await store.completeJob(id, 'b'), true);
    assert.deepEqual(await store.claimDueJobs(kind, 'b', T0 + 99_000, 5000, 10), [], 'completed jobs are gone');
  });

  test('jobs: created claimed, released on a graceful stop, cancelled before anyone runs it', async () => {
    const { store } = f;
    const kind = `k-${randomUUID()}`;
    const [mine, other] = [randomUUID(), randomUUID()];
    await store.addJob({ id: mine, kind, dueAt: T0, payload: {}, claim: { owner: 'a', until: T0 + 60_000 } });
    await store.addJob({ id: other, kind, dueAt: T0 + 10, payload: { n: 1 } });
    assert.deepEqual(
      (await store.claimDueJobs(kind, 'b', T0 + 100, 1000, 10)).map((j) => j.id),
      [other],
    );
    await store.releaseJobs('a');
    assert.deepEqual(
      (await store.claimDueJobs(kind, 'b', T0 + 100, 1000, 10)).map((j) => j.id),
      [mine],
    );
    const later = randomUUID();
    await store.addJob({ id: later, kind, dueAt: T0 + 50_000, payload: {} });
    assert.equal(await store.cancelJob(later, T0), true);
    assert.equal(await store.cancelJob(later, T0), false);
    const left = (await store.claimDueJobs(kind, 'c', T0 + 99_000, 1000, 10)).map((j) => j.id);
    assert.deepEqual(left.sort(), [mine, other].sort(), 'the cancelled job is gone; the others (b let lapse) remain');
  });

  test('jobs: instances racing for the same due jobs each get a disjoint share, every job exactly once', async () => {
    const kind = `k-${randomUUID()}`;
    const ids = Array.from({ length: 20 }, () => randomUUID());
    for (const id of ids) await f.store.addJob({ id, kind, dueAt: T0, payload: {} });
    const writers = f.writers;
    const rounds = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (writers[i % writers.length] ?? f.store).claimDueJobs(kind, `owner-${i}`, T0 + 1, 60_000, 20),
      ),
    );
    const won = rounds.flat().map((j) => j.id);
    assert.equal(won.length, ids.length, 'no job claimed twice');
    assert.deepEqual([...won].sort(), [...ids].sort());
  });
}
