/** The turn gate's window (halved when the loop is late, widened by one when on time) and the loop watch, on a manual clock. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../contact-center/testing/manual-clock.js';
import { CHECK_EVERY_MS, LoopWatch } from './loop-watch.js';
import { TurnGate } from './turn-gate.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

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

test('turns past the window wait in order, and each that leaves lets the next in', async () => {
  const gate = new TurnGate(new ManualClock(), { max: 2, min: 1, lateMs: 10 });
  const order: number[] = [];
  const leaves: Array<() => void> = [];
  const entries = [1, 2, 3, 4].map((n) =>
    gate.enter().then((leave) => {
      order.push(n);
      leaves.push(leave);
    }),
  );
  await turn();
  assert.deepEqual(order, [1, 2]);
  assert.equal(gate.running, 2);
  leaves[0]!();
  leaves[0]!();
  await turn();
  assert.deepEqual(order, [1, 2, 3], 'one in per turn that left, however often it says so');
  leaves[1]!();
  await Promise.all(entries);
  assert.deepEqual(order, [1, 2, 3, 4]);
});

test('late: the window halves (never below its minimum); on time: it widens by one up to the maximum', async () => {
  const gate = new TurnGate(new ManualClock(), { max: 8, min: 1, lateMs: 10 });
  gate.observe(11);
  assert.equal(gate.size, 4);
  for (let i = 0; i < 5; i++) gate.observe(500);
  assert.equal(gate.size, 1);
  const floored = new TurnGate(new ManualClock(), { max: 8, min: 3, lateMs: 10 });
  for (let i = 0; i < 5; i++) floored.observe(500);
  assert.equal(floored.size, 3, 'never below the minimum');
  const first = await gate.enter();
  let second = false;
  void gate.enter().then(() => (second = true));
  await turn();
  assert.equal(second, false, 'one at a time');
  gate.observe(10);
  await turn();
  assert.equal(second, true, 'on time: the window is two, the waiting turn starts');
  for (let i = 0; i < 20; i++) gate.observe(0);
  assert.equal(gate.size, 8);
  first();
});

test('the loop is watched only while turns run or wait', async () => {
  const clock = new ManualClock();
  const gate = new TurnGate(clock, { max: 4, min: 1, lateMs: 10 });
  assert.equal(clock.timerCount, 0);
  const leave = await gate.enter();
  assert.equal(clock.timerCount, 1);
  clock.advance(CHECK_EVERY_MS);
  assert.equal(gate.size, 4, 'on time at the maximum: stays');
  leave();
  assert.equal(clock.timerCount, 0);
});
