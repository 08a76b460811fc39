/**
 * SQLite FULL durability with the WAL synced off the event loop (sqlite-durable.ts): a commit is answered, and seen by
 * any other query, only once its sync has completed; one sync per group-committed batch; reads never sync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inbound } from './contract/messaging.contract.js';
import { createKyselyStore } from './kysely-store.js';
import { FifoLock } from '../fifo-lock.js';
import { fdatasyncOffThread } from './sqlite-durable.js';
import { openSqlite } from './sqlite.js';

const T0 = 1_700_000_000_000;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A store on a temp file whose WAL syncs are counted and, once `hold` is set, held until released. */
async function storeWithHeldSyncs() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-durable-'));
  const syncs = {
    count: 0,
    hold: false,
    started: deferred(),
    release: deferred(),
  };
  const { db } = openSqlite({
    filename: join(dir, 'p.db'),
    synchronous: 'FULL',
    syncFile: async (fd) => {
      syncs.count++;
      if (syncs.hold) {
        syncs.started.resolve();
        await syncs.release.promise;
      }
      await fdatasyncOffThread(fd);
    },
  });
  const store = createKyselyStore({ db, dialect: 'sqlite' });
  await store.migrate();
  return {
    store,
    syncs,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('a commit is answered, and visible to any other query, only once its WAL sync has completed', async () => {
  const { store, syncs, cleanup } = await storeWithHeldSyncs();
  try {
    syncs.hold = true;
    let written = false;
    const write = store.createVisitor({ id: 'v', tokenHash: 'h', locale: null, now: T0 }).then(() => (written = true));
    await syncs.started.promise; // committed, sync under way
    let read: { id: string } | undefined | 'pending' = 'pending';
    const reading = store.getVisitorByTokenHash('h').then((v) => (read = v));
    for (let i = 0; i < 20; i++) await nextTurn();
    assert.equal(written, false, 'not acknowledged before the sync');
    assert.equal(read, 'pending', 'not readable before the sync');
    syncs.release.resolve();
    await Promise.all([write, reading]);
    assert.equal(written, true);
    assert.deepEqual(read, { id: 'v', createdAt: T0, locale: null });
  } finally {
    syncs.release.resolve();
    await cleanup();
  }
});

test('one WAL sync per group-committed batch, none for reads', async () => {
  const { store, syncs, cleanup } = await storeWithHeldSyncs();
  try {
    await store.createVisitor({ id: 'v', tokenHash: 'h', locale: null, now: T0 });
    const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
    await Promise.all(
      ids.map((id) =>
        store.createConversation({ id, visitorId: 'v', channel: 'web', state: 'bot', data: {}, now: T0 }),
      ),
    );
    syncs.count = 0;
    await Promise.all(
      ids.flatMap((id) => [
        store.updateConversation(id, 1, { state: 'agent', now: T0 + 1 }),
        store.appendEvent({ conversationId: id, type: 'state', data: {}, now: T0 + 1 }),
      ]),
    );
    assert.equal(syncs.count, 1);
    await Promise.all([store.getConversation('c1'), store.listEvents('c2'), store.getDetails('v')]);
    assert.equal(syncs.count, 1, 'reads do not sync');
  } finally {
    await cleanup();
  }
});

test("an attachment's pieces are not synced one by one: the record's commit syncs them with it", async () => {
  const { store, syncs, cleanup } = await storeWithHeldSyncs();
  try {
    const id = '00000000-0000-4000-8000-000000000001';
    await store.beginAttachment(id, T0);
    syncs.count = 0;
    for (let seq = 0; seq < 5; seq++) await store.saveAttachmentChunk(id, seq, Buffer.alloc(1000, seq));
    assert.equal(syncs.count, 0, 'no sync per piece');
    const rec = { id, conversationId: 'c', name: 'f', mimeType: 'application/pdf', size: 5000, sha256: 'x' };
    await store.saveAttachment({ ...rec, scan: 'clean', createdAt: T0, chunks: 5 });
    assert.equal(syncs.count, 1, 'the record commit syncs');
    assert.deepEqual(await store.getAttachmentChunk(id, 4), Buffer.alloc(1000, 4));
  } finally {
    await cleanup();
  }
});

test("a webhook's inbox insert goes before the queries already waiting for the connection", async () => {
  const { store, syncs, cleanup } = await storeWithHeldSyncs();
  try {
    await store.createVisitor({ id: 'v', tokenHash: 'h', locale: null, now: T0 });
    syncs.hold = true;
    const write = store.createVisitor({ id: 'w', tokenHash: 'h2', locale: null, now: T0 });
    await syncs.started.promise; // the connection is held by that commit's sync
    let readsDone = 0;
    const reads = Array.from({ length: 50 }, () => store.getVisitorByTokenHash('h').then(() => readsDone++));
    for (let i = 0; i < 5; i++) await nextTurn(); // the reads are queued for the connection
    let readsBeforeAck = -1;
    const ack = store.insertInbox([{ event: inbound('u-1'), now: T0 }]).then(() => (readsBeforeAck = readsDone));
    for (let i = 0; i < 5; i++) await nextTurn(); // and the acknowledgement's batch behind them
    syncs.release.resolve();
    await Promise.all([write, ack, ...reads]);
    assert.equal(readsBeforeAck, 0, 'the acknowledgement did not wait for the 50 reads queued before it');
    assert.equal(readsDone, 50);
  } finally {
    syncs.release.resolve();
    await cleanup();
  }
});

test('urgent waiters of the connection lock go first, in their own order', async () => {
  const lock = new FifoLock();
  const order: string[] = [];
  await lock.acquire();
  const take = (name: string, urgent: boolean) =>
    lock.acquire(urgent).then(() => {
      order.push(name);
      lock.release();
    });
  const all = [take('a', false), take('b', false), take('U1', true), take('c', false), take('U2', true)];
  lock.release();
  await Promise.all(all);
  assert.deepEqual(order, ['U1', 'U2', 'a', 'b', 'c']);
});

test('the connection lock serves waiters one at a time, in the order they came', async () => {
  const lock = new FifoLock();
  const order: number[] = [];
  let holders = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 50 }, async (_, i) => {
      await lock.acquire();
      most = Math.max(most, ++holders);
      order.push(i);
      await Promise.resolve();
      holders--;
      lock.release();
    }),
  );
  assert.equal(most, 1, 'never two holders');
  assert.deepEqual(
    order,
    Array.from({ length: 50 }, (_, i) => i),
  );
});

test('a lock with three permits has three holders at most, let in in order', async () => {
  const lock = new FifoLock(3);
  const order: number[] = [];
  let holders = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      lock.run(async () => {
        most = Math.max(most, ++holders);
        order.push(i);
        await new Promise((resolve) => setImmediate(resolve));
        holders--;
      }),
    ),
  );
  assert.equal(most, 3);
  assert.deepEqual(
    order,
    Array.from({ length: 20 }, (_, i) => i),
  );
});

test('a queue of thousands, joined while it drains, is let in in order, one holder at a time', async () => {
  const lock = new FifoLock();
  const order: number[] = [];
  const entered: Array<Promise<void>> = [];
  let holders = 0;
  let most = 0;
  const enter = (i: number) =>
    entered.push(
      lock.run(async () => {
        most = Math.max(most, ++holders);
        order.push(i);
        // Newcomers join behind the queue while it drains, past the point where it drops the waiters let in.
        if (i === 1000) for (let j = 3000; j < 6000; j++) enter(j);
        await Promise.resolve();
        holders--;
      }),
    );
  for (let i = 0; i < 3000; i++) enter(i);
  while (order.length < 6000) await Promise.all(entered);
  assert.equal(most, 1);
  assert.deepEqual(
    order,
    Array.from({ length: 6000 }, (_, i) => i),
  );
});
