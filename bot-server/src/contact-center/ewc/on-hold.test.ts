import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../testing/manual-clock.js';
import { OnHoldPlayer } from './on-hold.js';

describe('Web-On-Hold player', () => {
  test('plays comfort text every delay and URLs every holdTime, cycling; stop and resume', () => {
    const clock = new ManualClock(0);
    const played: string[] = [];
    const player = new OnHoldPlayer(
      clock,
      [{ delaySeconds: 10, messages: ['one', 'two'] }],
      [{ holdTimeSeconds: 25, urls: ['https://x.test/a'] }],
      (item) => played.push('text' in item ? item.text : item.url),
    );
    player.start();
    player.start(); // idempotent: no second schedule
    clock.advance(30_000);
    assert.deepEqual(played, ['one', 'two', 'https://x.test/a', 'one']);
    player.stop();
    clock.advance(60_000);
    assert.equal(played.length, 4);
    player.start(); // resumes where it stopped, not from the beginning
    clock.advance(10_000);
    assert.deepEqual(played.slice(4), ['two']);
    player.stop();
    assert.equal(clock.timerCount, 0);
  });

  test('zero or missing periods are skipped; tiny periods are floored at 1 s', () => {
    const clock = new ManualClock(0);
    let n = 0;
    const player = new OnHoldPlayer(
      clock,
      [
        { delaySeconds: 0, messages: ['x'] },
        { delaySeconds: 0.001, messages: ['y'] },
      ],
      [],
      () => n++,
    );
    player.start();
    clock.advance(5_000);
    assert.equal(n, 5);
    player.stop();
  });
});
