import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedQueue } from './keyed-queue.js';

const tick = () => new Promise<void>((r) => setImmediate(r));

test('tasks of one key run one at a time in order; other keys are not blocked', async () => {
  const q = new KeyedQueue();
  const log: string[] = [];
  let releaseA!: () => void;
  const a1 = q.run('a', async () => {
    log.push('a1 start');
    await new Promise<void>((r) => (releaseA = r));
    log.push('a1 end');
  });
  const record = (entry: string) => () => {
    log.push(entry);
    return Promise.resolve();
  };
  const a2 = q.run('a', record('a2'));
  const b1 = q.run('b', record('b1'));
  await b1;
  await tick();
  assert.deepEqual(log, ['a1 start', 'b1']);
  releaseA();
  await Promise.all([a1, a2]);
  assert.deepEqual(log, ['a1 start', 'b1', 'a1 end', 'a2']);
  assert.equal(q.size, 0);
});

test('a failing task rejects its caller but does not block the next one', async () => {
  const q = new KeyedQueue();
  const failed = q.run('k', () => Promise.reject(new Error('boom')));
  const next = q.run('k', () => Promise.resolve(42));
  await assert.rejects(failed, /boom/);
  assert.equal(await next, 42);
});

test('drain waits for work queued during the drain', async () => {
  const q = new KeyedQueue();
  const done: number[] = [];
  void q.run('k', async () => {
    await tick();
    done.push(1);
    // Not awaited on purpose: drain() alone must wait for work queued while it runs.
    void q.run('j', async () => {
      await tick();
      done.push(2);
    });
  });
  await q.drain();
  assert.deepEqual(done, [1, 2]);
});
