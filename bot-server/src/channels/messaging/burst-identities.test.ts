import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedQueue } from '../../domain/keyed-queue.js';
import type { ChannelIdentityRecord } from '../../domain/messaging-ports.js';
import { BurstIdentities } from './burst-identities.js';

const identity = (renderState: Record<string, unknown>): ChannelIdentityRecord => ({
  channel: 'whatsapp',
  appId: 'app',
  customerKey: 'u1',
  visitorId: 'v1',
  conversationId: 'c1',
  address: { userId: 'u1' },
  profile: {},
  lastCustomerAt: 1,
  renderState,
  updatedAt: 1,
});

test('an identity is read once per burst of a conversation, kept as written, and read again after the burst', async () => {
  let stored = identity({ n: 0 });
  let reads = 0;
  const ids = new BurstIdentities(() => {
    reads++;
    return Promise.resolve(stored);
  });
  const queue = new KeyedQueue();
  const run = <T>(task: () => Promise<T>) => ids.during('c1', (t) => queue.run('c1', t), task);
  const seen: Array<Record<string, unknown> | undefined> = [];
  await Promise.all([
    run(async () => seen.push((await ids.get('c1'))?.renderState)),
    run(() => {
      stored = identity({ n: 1 });
      ids.saved('c1', stored);
      return Promise.resolve();
    }),
    run(async () => seen.push((await ids.get('c1'))?.renderState)),
  ]);
  assert.equal(reads, 1, 'one read for the burst');
  assert.deepEqual([...seen], [{ n: 0 }, { n: 1 }], 'the later task sees what was written');
  stored = identity({ n: 2 }); // written elsewhere (another instance) between bursts
  await run(async () => seen.push((await ids.get('c1'))?.renderState));
  assert.equal(seen.at(-1)?.['n'], 2, 'what was written between bursts');
  assert.equal(reads, 2, 'a new burst reads again');
  await Promise.all([
    run(async () => ids.get('c1')),
    run(() => {
      ids.forget('c1'); // the inbox's reading wrote it
      return Promise.resolve();
    }),
    run(async () => ids.get('c1')),
  ]);
  assert.equal(reads, 4, 'read again after being forgotten');
});
