import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DeliveryState, OutboundBuffer } from './outbound-buffer.js';

const fresh = (over: Partial<DeliveryState> = {}): DeliveryState => ({
  pending: [],
  inflight: [],
  delivered: [],
  acksSeen: false,
  ...over,
});
const limits = { deliveredMemory: 3, unackedMax: 2 };
const writer = () => {
  const written: string[] = [];
  return { written, write: (text: string) => (written.push(text), true) };
};

describe('OutboundBuffer', () => {
  test('queues every part once per clientMsgId and flushes in order', () => {
    const state = fresh({ acksSeen: true });
    const buffer = new OutboundBuffer(state, limits);
    assert.equal(buffer.enqueue('a', ['a1', 'a2']), true);
    assert.equal(buffer.enqueue('a', ['a1', 'a2']), false, 'pending id is known');
    assert.equal(buffer.enqueue('b', ['b']), true);
    const w = writer();
    buffer.flush(w.write);
    assert.deepEqual(w.written, ['a1', 'a2', 'b']);
    assert.deepEqual(
      state.inflight.map((m) => `${m.id}.${m.part}`),
      ['a.0', 'a.1', 'b.0'],
    );
    assert.equal(buffer.enqueue('b', ['b']), false, 'in-flight id is known');
  });

  test('a refused write stops the flush and keeps the message pending', () => {
    const state = fresh();
    const buffer = new OutboundBuffer(state, limits);
    buffer.enqueue('a', ['a']);
    buffer.enqueue('b', ['b']);
    let budget = 1;
    buffer.flush(() => budget-- > 0);
    assert.deepEqual(
      state.pending.map((m) => m.id),
      ['b'],
    );
    assert.deepEqual(
      state.inflight.map((m) => m.id),
      ['a'],
    );
  });

  test('acknowledgements deliver the oldest in-flight message; delivered ids stay known, bounded', () => {
    const state = fresh();
    const buffer = new OutboundBuffer(state, limits);
    for (const id of ['a', 'b', 'c', 'd']) buffer.enqueue(id, [id]);
    buffer.flush(writer().write);
    assert.equal(state.inflight.length, 2, 'without acks only unackedMax are kept for re-sending');
    assert.deepEqual(state.delivered, ['a', 'b']);
    assert.equal(buffer.acknowledge(), true);
    assert.equal(buffer.acknowledge(), true);
    assert.equal(buffer.acknowledge(), false, 'nothing left in flight');
    assert.equal(state.acksSeen, true);
    assert.deepEqual(state.delivered, ['b', 'c', 'd'], 'memory is bounded, oldest forgotten');
    assert.equal(buffer.enqueue('d', ['d']), false);
    assert.equal(buffer.enqueue('a', ['a']), true, 'forgotten ids are accepted again');
  });

  test('a drop requeues unacknowledged messages in front when this AACC acknowledges', () => {
    const state = fresh({ acksSeen: true });
    const buffer = new OutboundBuffer(state, limits);
    buffer.enqueue('a', ['a']);
    buffer.flush(writer().write);
    buffer.enqueue('b', ['b']);
    buffer.requeue();
    assert.deepEqual(
      state.pending.map((m) => m.id),
      ['a', 'b'],
    );
    assert.deepEqual(state.inflight, []);
  });

  test('a drop counts written messages as delivered when this AACC never acknowledged', () => {
    const state = fresh();
    const buffer = new OutboundBuffer(state, limits);
    buffer.enqueue('a', ['a']);
    buffer.flush(writer().write);
    buffer.requeue();
    assert.deepEqual(state.pending, []);
    assert.deepEqual(state.delivered, ['a']);
  });

  test('an error about a message drops it with an agent present, requeues it without one', () => {
    const state = fresh();
    const buffer = new OutboundBuffer(state, limits);
    buffer.enqueue('a', ['a']);
    buffer.enqueue('b', ['b']);
    buffer.flush(writer().write);
    assert.equal(buffer.refuse(false), true);
    assert.deepEqual(
      state.pending.map((m) => m.id),
      ['a'],
    );
    assert.equal(buffer.refuse(true), true);
    assert.deepEqual(state.delivered, ['b']);
    assert.equal(buffer.refuse(true), false);
  });

  test('restores known ids from persisted state', () => {
    const buffer = new OutboundBuffer(fresh({ delivered: ['x'] }), limits);
    assert.equal(buffer.isKnown('x'), true);
  });
});
