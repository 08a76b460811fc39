import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../testing/manual-clock.js';
import { AgentTimers } from './agent-timers.js';

const settings = { agentWaitMs: 1000, idleMs: 500, queueStatusFirstMs: 100, queueStatusEveryMs: 300 };

function setup(queued = () => true) {
  const clock = new ManualClock(0);
  const state = { agentWaitDeadline: null as number | null, lastActivityAt: 0 };
  const calls: string[] = [];
  const timers = new AgentTimers(clock, state, settings, {
    pollQueue: () => (calls.push(`poll@${clock.now()}`), queued()),
    noAgent: () => calls.push(`noAgent@${clock.now()}`),
    idle: () => calls.push(`idle@${clock.now()}`),
  });
  return { clock, state, calls, timers };
}

describe('AgentTimers', () => {
  test('waiting: queue polls at first then every interval, and the agent-wait deadline', () => {
    const { clock, state, calls, timers } = setup();
    timers.waitForAgent(true);
    assert.equal(state.agentWaitDeadline, 1000);
    clock.advance(1000);
    assert.deepEqual(calls, ['poll@100', 'poll@400', 'poll@700', 'noAgent@1000', 'poll@1000']);
  });

  test('polling stops once the hook says the chat is no longer queued', () => {
    let queued = true;
    const { clock, calls, timers } = setup(() => queued);
    timers.waitForAgent(true);
    clock.advance(100);
    queued = false;
    clock.advance(400);
    assert.deepEqual(calls, ['poll@100', 'poll@400']);
  });

  test('an agent present ends waiting and starts the idle deadline, which activity postpones', () => {
    const { clock, state, calls, timers } = setup();
    timers.waitForAgent(true);
    clock.advance(50);
    timers.agentPresent();
    assert.equal(state.agentWaitDeadline, null);
    clock.advance(300);
    timers.touch();
    clock.advance(400);
    assert.deepEqual(calls, []);
    clock.advance(100);
    assert.deepEqual(calls, ['idle@850']);
  });

  test('restore continues from persisted deadlines', () => {
    const { clock, state, calls, timers } = setup();
    clock.advance(200);
    state.agentWaitDeadline = 300;
    timers.restore(false);
    clock.advance(100);
    assert.deepEqual(calls, ['noAgent@300']);
    const other = setup();
    other.clock.advance(400);
    other.timers.restore(true);
    other.clock.advance(100);
    assert.deepEqual(other.calls, ['idle@500']);
  });

  test('stop cancels everything', () => {
    const { clock, calls, timers } = setup();
    timers.waitForAgent(true);
    timers.stop();
    clock.advance(5000);
    assert.deepEqual(calls, []);
    assert.equal(clock.timerCount, 0);
  });
});
