import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../testing/manual-clock.js';
import { TimerSet } from './timer-set.js';

describe('TimerSet', () => {
  test('arming a name replaces its timer; clear cancels by name or all', () => {
    const clock = new ManualClock(0);
    const timers = new TimerSet<'a' | 'b'>(clock);
    const fired: string[] = [];
    timers.arm('a', 100, () => fired.push('a1'));
    timers.arm('a', 50, () => fired.push('a2'));
    timers.arm('b', 10, () => fired.push('b'));
    assert.equal(clock.timerCount, 2);
    clock.advance(10);
    assert.deepEqual(fired, ['b']);
    assert.equal(timers.has('b'), false, 'a fired timer is gone');
    assert.equal(timers.has('a'), true);
    clock.advance(40);
    assert.deepEqual(fired, ['b', 'a2']);
    timers.arm('a', 10, () => fired.push('a3'));
    timers.arm('b', 10, () => fired.push('b2'));
    timers.clear('a');
    clock.advance(10);
    assert.deepEqual(fired, ['b', 'a2', 'b2']);
    timers.arm('a', 10, () => fired.push('a4'));
    timers.arm('b', 10, () => fired.push('b3'));
    timers.clear();
    clock.advance(100);
    assert.equal(fired.length, 3);
    assert.equal(clock.timerCount, 0);
  });

  test('a negative delay fires at once', () => {
    const clock = new ManualClock(0);
    const timers = new TimerSet<'x'>(clock);
    let fired = false;
    timers.arm('x', -5, () => (fired = true));
    clock.advance(0);
    assert.equal(fired, true);
  });
});
