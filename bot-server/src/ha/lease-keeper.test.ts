/**
 * The lease keeper judges a lease by the renewals sent after it was granted: a renewal sent while the grant was still
 * in flight may have read the table before the grant committed, so its answer cannot say the lease was lost.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { LeaseGrant, SessionLeaseQueries } from '../store/areas/session-leases.js';
import { LeaseKeeper } from './lease-keeper.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

test('a renewal sent while a grant was in flight does not count the granted lease as lost; a later one does', async () => {
  const grant = deferred<LeaseGrant | undefined>();
  const renewals: Array<ReturnType<typeof deferred<LeaseGrant[]>>> = [];
  const leases = {
    acquireLease: () => grant.promise,
    renewLeases: () => {
      const r = deferred<LeaseGrant[]>();
      renewals.push(r);
      return r.promise;
    },
  } as unknown as SessionLeaseQueries;
  const lost: string[] = [];
  const keeper = new LeaseKeeper({
    leases,
    owner: 'A',
    timings: { ttlMs: 60_000, renewMs: 20_000, scanMs: 60_000 },
    logger: pino({ level: 'silent' }),
    onClaimed: () => Promise.resolve(),
    onLost: (id) => lost.push(id),
  });
  const renew = () => (keeper as unknown as { renew(): Promise<void> }).renew();

  // An earlier lease makes the keeper renew at all.
  grant.resolve({ conversationId: 'c0', token: 1 });
  assert.equal(await keeper.acquire('c0'), true);

  const late = deferred<LeaseGrant | undefined>();
  (leases as { acquireLease: unknown }).acquireLease = () => late.promise;
  const acquiring = keeper.acquire('c1');
  // The renewal goes out while c1's grant is in flight, and reads the table before that grant commits.
  const first = renew();
  late.resolve({ conversationId: 'c1', token: 7 });
  assert.equal(await acquiring, true);
  renewals[0]!.resolve([{ conversationId: 'c0', token: 1 }]);
  await first;
  assert.deepEqual(lost, [], 'c1 was not granted when the renewal was sent: not lost');
  assert.equal(keeper.holds('c1'), true);

  // Sent after the grant, a renewal that does not return c1 means another instance has it.
  const second = renew();
  renewals[1]!.resolve([{ conversationId: 'c0', token: 1 }]);
  await second;
  assert.deepEqual(lost, ['c1']);
  assert.equal(keeper.holds('c1'), false);
  assert.equal(keeper.holds('c0'), true);
});
