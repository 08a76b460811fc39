import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_RETRY, parseRetryAfter, retryDelay, withRetry, type Attempt } from './retry.js';

const policy = { baseMs: 100, capMs: 1000, retryAfterCapMs: 5000, maxAttempts: 4 };

describe('retryDelay', () => {
  test('full jitter under an exponential ceiling, capped', () => {
    assert.equal(
      retryDelay(0, undefined, policy, () => 0.999),
      99,
    );
    assert.equal(
      retryDelay(3, undefined, policy, () => 0.5),
      400,
    );
    assert.equal(
      retryDelay(10, undefined, policy, () => 0.999),
      999,
    );
    assert.equal(
      retryDelay(5, undefined, policy, () => 0),
      0,
    );
  });

  test('never shorter than Retry-After, which is itself capped', () => {
    assert.equal(
      retryDelay(0, 3000, policy, () => 0.5),
      3000,
    );
    assert.equal(
      retryDelay(0, 60_000, policy, () => 0.5),
      5000,
    );
    assert.equal(
      retryDelay(4, 10, policy, () => 0.9),
      900,
    );
  });

  test('the defaults are sane', () => {
    assert.ok(DEFAULT_RETRY.capMs >= DEFAULT_RETRY.baseMs && DEFAULT_RETRY.maxAttempts > 1);
  });
});

describe('parseRetryAfter', () => {
  test('seconds or an HTTP date', () => {
    const now = Date.UTC(2025, 0, 1, 12, 0, 0);
    assert.equal(parseRetryAfter('2', now), 2000);
    assert.equal(parseRetryAfter(new Date(now + 7000).toUTCString(), now), 7000);
    assert.equal(parseRetryAfter(null, now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
  });
});

describe('withRetry', () => {
  test('retries retryable results with the computed delays, stops at ok', async () => {
    const results: Array<Attempt<string>> = [
      { kind: 'retryable', reason: '503' },
      { kind: 'retryable', reason: '429', retryAfterMs: 2000 },
      { kind: 'ok', value: 'm1' },
    ];
    const slept: number[] = [];
    const r = await withRetry(async () => Promise.resolve(results.shift() ?? { kind: 'permanent', reason: 'none' }), {
      sleep: async (ms) => {
        slept.push(ms);
        await Promise.resolve();
      },
      random: () => 0.5,
      policy,
    });
    assert.deepEqual(r, { kind: 'ok', value: 'm1' });
    assert.deepEqual(slept, [50, 2000]);
  });

  test('no retry on a permanent result; gives up after maxAttempts', async () => {
    let calls = 0;
    const sleep = () => Promise.resolve();
    const permanent = await withRetry(() => (calls++, Promise.resolve({ kind: 'permanent', reason: '400' } as const)), {
      sleep,
      policy,
    });
    assert.equal(permanent.kind, 'permanent');
    assert.equal(calls, 1);
    calls = 0;
    const exhausted = await withRetry(() => (calls++, Promise.resolve({ kind: 'retryable', reason: '503' } as const)), {
      sleep,
      policy,
    });
    assert.equal(exhausted.kind, 'retryable');
    assert.equal(calls, policy.maxAttempts);
  });
});
