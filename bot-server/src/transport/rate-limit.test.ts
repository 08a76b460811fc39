import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionCounter, FrameRateLimiter } from './rate-limit.js';

test('allows the limit per window, refuses beyond it, and reports a flood at twice the limit', () => {
  const r = new FrameRateLimiter(5, 10_000, 0);
  const out = Array.from({ length: 11 }, () => r.take(0));
  assert.deepEqual(out, [
    'allow',
    'allow',
    'allow',
    'allow',
    'allow',
    'refuse',
    'refuse',
    'refuse',
    'refuse',
    'refuse',
    'flood',
  ]);
});

test('the budget refills with time', () => {
  const r = new FrameRateLimiter(5, 10_000, 0);
  for (let i = 0; i < 5; i++) assert.equal(r.take(0), 'allow');
  assert.equal(r.take(0), 'refuse');
  assert.equal(r.take(2_000), 'allow', 'one frame per 2 s comes back');
  assert.equal(r.take(2_000), 'refuse');
  for (let i = 0; i < 5; i++) assert.equal(r.take(20_000 + i), 'allow');
});

test('a steady sender at the limit is never refused', () => {
  const r = new FrameRateLimiter(20, 10_000, 0);
  for (let t = 0; t < 60_000; t += 500) assert.equal(r.take(t), 'allow');
});

test('connection counter caps per address and frees slots', () => {
  const c = new ConnectionCounter(2);
  assert.ok(c.acquire('a'));
  assert.ok(c.acquire('a'));
  assert.ok(!c.acquire('a'));
  assert.ok(c.acquire('b'));
  c.release('a');
  assert.ok(c.acquire('a'));
  c.release('a');
  c.release('a');
  assert.equal(c.count('a'), 0);
});
