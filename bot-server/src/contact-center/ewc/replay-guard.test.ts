import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ReplayGuard } from './replay-guard.js';

describe('ReplayGuard', () => {
  test('an exact repeat (timestamp, name, text) is a replay; anything else is new', () => {
    const guard = new ReplayGuard(2);
    assert.equal(guard.isReplay({ at: 1, name: 'A', text: 'hi' }), false);
    assert.equal(guard.isReplay({ at: 1, name: 'A', text: 'hi' }), true);
    assert.equal(guard.isReplay({ at: 2, name: 'A', text: 'hi' }), false);
    assert.equal(guard.isReplay({ at: 1, name: 'B', text: 'hi' }), false);
    assert.equal(guard.isReplay({ at: 1, name: 'A', text: 'hi' }), false, 'forgotten beyond its memory');
  });

  test('messages without a timestamp are never replays', () => {
    const guard = new ReplayGuard();
    assert.equal(guard.isReplay({ text: 'ok' }), false);
    assert.equal(guard.isReplay({ text: 'ok' }), false);
  });
});
