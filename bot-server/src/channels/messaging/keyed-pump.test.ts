import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../domain/ports.js';
import { KeyedPump, type RowOutcome } from './keyed-pump.js';

interface Row {
  id: number;
  key: string;
}

/** A pump whose rows finish only when the test says so, recording the order they started in. */
function harness() {
  const started: number[] = [];
  const finish = new Map<number, (outcome: RowOutcome) => void>();
  const startedWaiters = new Map<number, () => void>();
  const pump = new KeyedPump<Row>(
    {
      id: (r) => r.id,
      key: (r) => r.key,
      run: (r) => {
        started.push(r.id);
        startedWaiters.get(r.id)?.();
        return new Promise((resolve) => finish.set(r.id, resolve));
      },
      failed: () => undefined,
      more: () => undefined,
    },
    systemClock,
  );
  const whenStarted = (id: number) =>
    started.includes(id) ? Promise.resolve() : new Promise<void>((resolve) => startedWaiters.set(id, resolve));
  return { pump, started, finish: (id: number) => finish.get(id)!('done'), whenStarted };
}

const rows = (...specs: Array<[number, string]>): Row[] => specs.map(([id, key]) => ({ id, key }));

test('one row at a time per key, in order; keys do not wait for each other', async () => {
  const h = harness();
  await h.pump.list(10, () => Promise.resolve(rows([1, 'a'], [2, 'a'], [3, 'b'])));
  assert.deepEqual(h.started, [1, 3], 'the heads of a and b at once, 2 behind 1');
  h.finish(3);
  h.finish(1);
  await h.whenStarted(2);
  assert.deepEqual(h.started, [1, 3, 2]);
  h.finish(2);
  await h.pump.idle();
});

test('a row finished while a listing read the table is not worked on again; a later listing forgets it', async () => {
  const h = harness();
  await h.pump.list(10, () => Promise.resolve(rows([1, 'a'])));
  let read!: (r: Row[]) => void;
  const listing = h.pump.list(10, () => new Promise<Row[]>((resolve) => (read = resolve)));
  h.finish(1);
  await h.pump.idle();
  read(rows([1, 'a'])); // read before row 1 was marked
  await listing;
  assert.deepEqual(h.started, [1], 'not twice');
  await h.pump.list(10, () => Promise.resolve(rows([1, 'a'])));
  assert.deepEqual(h.started, [1, 1], 'a row still pending in the table after that is taken again');
  h.finish(1);
  await h.pump.idle();
});

test('rows handed over without a listing only once every older row is known', async () => {
  const h = harness();
  assert.equal(h.pump.handOver(rows([5, 'a'])), false, 'nothing listed yet: an older row of a may be waiting');
  await h.pump.list(2, () => Promise.resolve(rows([1, 'a'], [2, 'b'])));
  assert.equal(h.pump.handOver(rows([6, 'a'])), false, 'the listing was full: there may be more');
  await h.pump.list(10, () => Promise.resolve(rows([1, 'a'], [2, 'b'], [3, 'a'])));
  assert.equal(h.pump.handOver(rows([7, 'a'])), true);
  for (const id of [1, 3]) {
    await h.whenStarted(id);
    h.finish(id);
  }
  await h.whenStarted(7);
  assert.deepEqual(h.started, [1, 2, 3, 7], 'the handed-over row behind the listed ones of its key');
  h.finish(2);
  h.finish(7);
  await h.pump.idle();
});

test('a row handed over while its key is just finishing its last row is worked on, not left waiting', async () => {
  // The window between a key's pump emptying its queue and being marked idle lasts a few microtasks: a row handed
  // over then must still start (it used to wait for the next listing, i.e. the customer's next message).
  for (let ticks = 0; ticks < 12; ticks++) {
    const ran: number[] = [];
    let second!: () => void;
    const secondRan = new Promise<void>((resolve) => (second = resolve));
    const pump: KeyedPump<Row> = new KeyedPump<Row>(
      {
        id: (r) => r.id,
        key: (r) => r.key,
        run: (r) => {
          ran.push(r.id);
          if (r.id === 2) second();
          else
            void (async () => {
              for (let i = 0; i < ticks; i++) await Promise.resolve();
              pump.handOver(rows([2, 'a']));
            })();
          return Promise.resolve('done');
        },
        failed: () => undefined,
        more: () => undefined,
      },
      systemClock,
    );
    await pump.list(10, () => Promise.resolve(rows([1, 'a'])));
    let deadline: NodeJS.Timeout | undefined;
    const stuck = new Promise<void>((resolve) => (deadline = setTimeout(resolve, 2000)));
    await Promise.race([secondRan, stuck]);
    clearTimeout(deadline);
    assert.deepEqual(ran, [1, 2], `handed over ${ticks} microtasks after the first row finished`);
    await pump.idle();
  }
});

test('rows that reached the table out of order are taken in their own order while they wait, never ahead of a started one', async () => {
  const started: number[] = [];
  const finish = new Map<number, () => void>();
  const pump = new KeyedPump<Row & { at: number }>(
    {
      id: (r) => r.id,
      key: (r) => r.key,
      run: (r) => {
        started.push(r.id);
        return new Promise((resolve) => finish.set(r.id, () => resolve('done')));
      },
      failed: () => undefined,
      more: () => undefined,
      order: (a, b) => a.at - b.at,
    },
    systemClock,
  );
  await pump.list(10, () => Promise.resolve([{ id: 1, key: 'a', at: 30 }]));
  assert.ok(pump.handOver([{ id: 2, key: 'a', at: 50 }]));
  assert.ok(pump.handOver([{ id: 3, key: 'a', at: 40 }]));
  assert.ok(pump.handOver([{ id: 4, key: 'a', at: 10 }]), 'sent before the started row 1: runs after it');
  for (const id of [1, 4, 3, 2]) {
    assert.equal(started.at(-1), id);
    finish.get(id)!();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  assert.deepEqual(started, [1, 4, 3, 2]);
  await pump.idle();
});
