/** The loop watch: each check's lateness reported, the timer running only while someone needs it (manual clock). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../contact-center/testing/manual-clock.js';
import { CHECK_EVERY_MS, LoopWatch } from './loop-watch.js';

test("the watch reports each check's lateness, runs only while started, and stops when every start has ended", () => {
  const clock = new ManualClock();
  const seen: number[] = [];
  const watch = new LoopWatch(clock, (late) => seen.push(late));
  assert.equal(clock.timerCount, 0);
  const a = watch.start();
  const b = watch.start();
  clock.advance(CHECK_EVERY_MS * 3);
  assert.deepEqual(seen, [0, 0, 0], 'on time');
  a();
  a();
  assert.equal(clock.timerCount, 1, 'one user left');
  b();
  assert.equal(clock.timerCount, 0);
});

test('a check that fires late reports by how much, and the next check counts from when it fired', () => {
  // A clock whose timer fires only when the test says, at whatever time the test has set: a busy loop.
  let now = 1000;
  let due: (() => void) | undefined;
  const clock = {
    now: () => now,
    setTimeout: (fn: () => void) => ((due = fn), 1 as never),
    clearTimeout: () => (due = undefined),
  };
  const seen: number[] = [];
  new LoopWatch(clock, (late) => seen.push(late)).start();
  now += CHECK_EVERY_MS + 37;
  due?.();
  now += CHECK_EVERY_MS;
  due?.();
  assert.deepEqual(seen, [37, 0]);
});
