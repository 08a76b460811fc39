/**
 * The intake pace (a token bucket whose rate adapts to the event loop's lateness) and the pipeline's admission (a
 * few files at a time, the rest waiting unread, refused in words after a while), on a manual clock.
 */
import { Readable } from 'node:stream';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../contact-center/testing/manual-clock.js';
import { isParleyError } from '../errors.js';
import { createLogger } from '../logger.js';
import { CHECK_EVERY_MS } from '../load/loop-watch.js';
import { FLOOR_BYTES_PER_SECOND, IntakePace, LATE_MS, RISE_MS } from './intake-pace.js';
import { AttachmentPipeline, readCapped } from './pipeline.js';
import type { AttachmentStorage } from './storage.js';

const MB = 1024 * 1024;

test('a burst passes at once; past it each chunk rests as long as the pace says, whatever the number of streams', () => {
  const clock = new ManualClock();
  const pace = new IntakePace(clock, 8 * MB, 4 * MB);
  assert.equal(pace.bytesPerSecond, 2 * MB, 'starts at a quarter of the ceiling');
  assert.equal(pace.take(4 * MB), 0, 'the burst');
  assert.equal(pace.take(MB), 500, '1 MB in debt at 2 MB/s: half a second');
  assert.equal(pace.take(MB), 1000, 'a second stream in debt behind it rests longer');
  clock.advance(1000);
  assert.equal(pace.take(0), 0, 'the debt is paid after its time');
});

test('the pace halves when the loop is late, climbs back while it keeps time, and stays within floor and ceiling', () => {
  const clock = new ManualClock();
  const pace = new IntakePace(clock, 8 * MB, 4 * MB);
  pace.observe(LATE_MS + 1);
  assert.equal(pace.bytesPerSecond, MB);
  for (let i = 0; i < 20; i++) pace.observe(100);
  assert.equal(pace.bytesPerSecond, FLOOR_BYTES_PER_SECOND, 'never below the floor: files always move');
  for (let i = 0; i < (2 * RISE_MS) / CHECK_EVERY_MS; i++) pace.observe(0);
  assert.equal(pace.bytesPerSecond, 8 * MB, 'never above the ceiling');
});

test('the loop is watched only while files come in, a check on time raising the pace', () => {
  const clock = new ManualClock();
  const pace = new IntakePace(clock, 8 * MB, 4 * MB);
  assert.equal(clock.timerCount, 0);
  const first = pace.started();
  const second = pace.started();
  assert.equal(clock.timerCount, 1, 'one check for all files');
  const before = pace.bytesPerSecond;
  clock.advance(CHECK_EVERY_MS);
  assert.ok(pace.bytesPerSecond > before, 'on time: faster');
  first();
  first();
  assert.equal(clock.timerCount, 1, 'still watched while one file is in');
  second();
  assert.equal(clock.timerCount, 0, 'no timer once none is');
});

test('no ceiling: nothing rests and nothing is watched', () => {
  const clock = new ManualClock();
  const pace = new IntakePace(clock, 0, 4 * MB);
  assert.equal(pace.take(100 * MB), 0);
  pace.started()();
  assert.equal(clock.timerCount, 0);
});

test('readCapped pauses a stream over the pace and resumes it when its rest is over, the bytes intact', async () => {
  const clock = new ManualClock();
  const pace = new IntakePace(clock, 4 * MB, MB);
  const data = Buffer.alloc(3 * MB, 7);
  const stream = Readable.from([data.subarray(0, MB), data.subarray(MB, 2 * MB), data.subarray(2 * MB)], {
    objectMode: false,
  });
  const pauses: boolean[] = [];
  stream.on('pause', () => pauses.push(true));
  let done = false;
  const read = readCapped(stream, 10 * MB, { pace, clock }).finally(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(done, false, 'resting: the second MB was over the burst, so the third waits');
  assert.ok(pauses.length > 0);
  clock.advance(1000);
  const body = await read;
  assert.equal(pace.bytesPerSecond, MB);
  assert.ok(Buffer.concat(body.data.chunks).equals(data));
});

test('a request abandoned while it waited its turn is refused at once, not read forever', async () => {
  const stream = new Readable({ read() {} });
  stream.destroy();
  await assert.rejects(readCapped(stream, MB), (err) => isParleyError(err) && err.code === 'PARLEY_ERR_BAD_FRAME');
});

test('admission: a few files at a time in order; one that waits too long is refused in words', async () => {
  const clock = new ManualClock();
  const storage: AttachmentStorage = {
    kind: 'none',
    put: () => Promise.resolve(),
    open: () => Promise.resolve(undefined),
    sweep: () => Promise.resolve(0),
  };
  const pipeline = new AttachmentPipeline({
    scanner: undefined,
    storage,
    maxBytes: MB,
    maxConcurrent: 2,
    admitWaitMs: 1000,
    clock,
    logger: createLogger({ LOG_LEVEL: 'silent' }),
  });
  const gates: Array<() => void> = [];
  const order: number[] = [];
  const hold = (n: number) =>
    pipeline.admit(() => {
      order.push(n);
      return new Promise<number>((resolve) => gates.push(() => resolve(n)));
    });
  const runs = [hold(1), hold(2), hold(3), hold(4)];
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, [1, 2], 'two at a time');
  gates.shift()?.();
  assert.equal(await runs[0], 1);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, [1, 2, 3], 'the next in order');
  clock.advance(1000);
  await assert.rejects(runs[3]!, (err) => isParleyError(err) && err.code === 'PARLEY_ERR_UPLOADS_BUSY');
  gates.shift()?.();
  gates.shift()?.();
  assert.deepEqual(await Promise.all(runs.slice(1, 3)), [2, 3]);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, [1, 2, 3], 'the refused one never ran, and its turn was given back');
  // Both permits free again: two files start at once (a permit kept by the refused one would let only one in).
  const started: string[] = [];
  const release: Array<() => void> = [];
  const both = ['x', 'y'].map((n) =>
    pipeline.admit(() => {
      started.push(n);
      return new Promise<void>((resolve) => release.push(resolve));
    }),
  );
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(started, ['x', 'y'], 'permits all returned');
  release.forEach((r) => r());
  await Promise.all(both);
});
