import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerFrame } from '@parley/protocol';
import { MemoryFanout } from './memory.js';
import { createFanout } from './index.js';

const pong = (serverTime: number): ServerFrame => ({ type: 'pong', serverTime });

describe('MemoryFanout', () => {
  test('delivers to every subscriber of that conversation, once, and to no other', () => {
    const fanout = new MemoryFanout();
    const a: ServerFrame[] = [];
    const b: ServerFrame[] = [];
    const other: ServerFrame[] = [];
    fanout.subscribe('c1', (f) => a.push(f));
    fanout.subscribe('c1', (f) => b.push(f));
    fanout.subscribe('c2', (f) => other.push(f));
    fanout.publish('c1', pong(1));
    fanout.publish('nobody', pong(2));
    assert.deepEqual(a, [pong(1)]);
    assert.deepEqual(b, [pong(1)]);
    assert.deepEqual(other, []);
  });

  test('unsubscribe stops delivery, is idempotent and forgets empty conversations', () => {
    const fanout = new MemoryFanout();
    const got: number[] = [];
    const listener = (f: ServerFrame) => got.push(f.type === 'pong' ? f.serverTime : -1);
    const off1 = fanout.subscribe('c', listener);
    const off2 = fanout.subscribe('c', listener);
    fanout.publish('c', pong(1));
    off1();
    off1();
    fanout.publish('c', pong(2));
    assert.equal(fanout.listenerCount('c'), 1, 'the second subscription of the same function survives');
    off2();
    fanout.publish('c', pong(3));
    assert.deepEqual(got, [1, 1, 2]);
    assert.equal(fanout.listenerCount('c'), 0);
    assert.deepEqual([...fanout.conversations()], []);
  });

  test('a throwing listener is logged and does not stop the others; unsubscribing mid-delivery is safe', () => {
    const warnings: string[] = [];
    const fanout = new MemoryFanout({ logger: { warn: (_obj, msg) => warnings.push(msg) } });
    const got: string[] = [];
    fanout.subscribe('c', () => {
      throw new Error('boom');
    });
    const offSelf: () => void = fanout.subscribe('c', () => {
      got.push('self-removing');
      offSelf();
    });
    fanout.subscribe('c', () => got.push('last'));
    fanout.publish('c', pong(1));
    fanout.publish('c', pong(2));
    assert.deepEqual(got, ['self-removing', 'last', 'last']);
    assert.deepEqual(warnings, ['fanout listener threw', 'fanout listener threw']);
  });

  test('createFanout without a Redis URL is the in-process fanout; close() drops listeners', async () => {
    const fanout = createFanout(undefined);
    assert.ok(fanout instanceof MemoryFanout);
    const got: ServerFrame[] = [];
    fanout.subscribe('c', (f) => got.push(f));
    await fanout.close();
    fanout.publish('c', pong(1));
    assert.deepEqual(got, []);
  });
});
