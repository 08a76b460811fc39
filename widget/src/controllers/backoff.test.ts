import { expect } from '@open-wc/testing';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  const opts = { baseMs: 1000, maxMs: 30_000 };
  it('grows exponentially with half of it random, and is capped', () => {
    expect(backoffDelay(0, opts, () => 0)).to.equal(500);
    expect(backoffDelay(0, opts, () => 1)).to.equal(1000);
    expect(backoffDelay(3, opts, () => 0)).to.equal(4000);
    expect(backoffDelay(3, opts, () => 1)).to.equal(8000);
    expect(backoffDelay(50, opts, () => 1)).to.equal(30_000);
    expect(backoffDelay(50, opts, () => 0)).to.equal(15_000);
  });
});
