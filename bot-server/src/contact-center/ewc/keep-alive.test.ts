import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../testing/manual-clock.js';
import { KeepAlive } from './keep-alive.js';

describe('KeepAlive', () => {
  function setup() {
    const clock = new ManualClock(0);
    const calls: string[] = [];
    const ka = new KeepAlive(clock, 100, {
      ping: () => calls.push(`ping@${clock.now()}`),
      onDead: (silentFor) => calls.push(`dead@${clock.now()}:${silentFor}`),
    });
    return { clock, calls, ka };
  }

  test('pings every interval; a server that never answered is never judged dead', () => {
    const { clock, calls, ka } = setup();
    ka.start();
    clock.advance(500);
    assert.deepEqual(calls, ['ping@100', 'ping@200', 'ping@300', 'ping@400', 'ping@500']);
  });

  test('after a reply, silence beyond two intervals (and a second) means dead', () => {
    const { clock, calls, ka } = setup();
    ka.start();
    ka.replied();
    clock.advance(1200);
    assert.equal(calls.at(-1), 'ping@1200', 'exactly 2 intervals + 1 s of silence is still alive');
    clock.advance(100);
    assert.equal(calls.at(-1), 'dead@1300:1300');
    clock.advance(1000);
    assert.equal(calls.filter((c) => c.startsWith('dead')).length, 1, 'stops pinging once dead');
  });

  test('frames keep it alive; stop cancels', () => {
    const { clock, calls, ka } = setup();
    ka.start();
    ka.replied();
    for (let i = 0; i < 20; i++) {
      clock.advance(100);
      ka.received();
    }
    assert.equal(
      calls.some((c) => c.startsWith('dead')),
      false,
    );
    ka.stop();
    assert.equal(clock.timerCount, 0);
  });
});
