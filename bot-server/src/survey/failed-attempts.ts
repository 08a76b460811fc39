/**
 * Refuses an address that got the operator token wrong too often: 10 failures in 15 minutes, then 429 until the
 * oldest failure leaves the window. Counted per instance (behind several instances an address gets that many tries at
 * each): a brute-force guard in front of a long random token, not the token's strength.
 */
import { ParleyError } from '../errors.js';

export interface FailedAttemptsOptions {
  limit?: number;
  windowMs?: number;
  /** Addresses remembered at most (the oldest are forgotten first), so a spray of addresses cannot grow memory. */
  maxKeys?: number;
}

export class FailedAttempts {
  private readonly failures = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;

  constructor(
    private readonly now: () => number,
    opts: FailedAttemptsOptions = {},
  ) {
    this.limit = opts.limit ?? 10;
    this.windowMs = opts.windowMs ?? 15 * 60_000;
    this.maxKeys = opts.maxKeys ?? 10_000;
  }

  /** Throws PARLEY_ERR_RATE_LIMITED while `address` is over its budget of failures. */
  check(address: string): void {
    if (this.recent(address).length >= this.limit)
      throw new ParleyError('PARLEY_ERR_RATE_LIMITED', 'Too many wrong operator tokens from this address; try later.');
  }

  failed(address: string): void {
    const list = this.recent(address);
    list.push(this.now());
    this.failures.delete(address); // re-inserted last: Map order is the eviction order
    this.failures.set(address, list);
    if (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.failures.get(address) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(address);
    return list;
  }
}
