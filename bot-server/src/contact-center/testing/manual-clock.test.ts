import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  test('fires due timers in order, including ones scheduled while advancing', () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => {
      fired.push(`a@${clock.now()}`);
      clock.setTimeout(() => fired.push(`c@${clock.now()}`), 5);
    }, 10);
    const cancelled = clock.setTimeout(() => fired.push('never'), 15);
    clock.clearTimeout(cancelled);
    clock.advance(19);
    assert.deepEqual(fired, ['a@10', 'c@15']);
    assert.equal(clock.now(), 19);
    clock.advance(1);
    assert.deepEqual(fired, ['a@10', 'c@15', 'b@20']);
    assert.equal(clock.timerCount, 0);
  });
});
