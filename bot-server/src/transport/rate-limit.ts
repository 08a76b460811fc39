/**
 * Per-connection frame budget: two token buckets refilled at the same rate (limit per window).
 * Up to `limit` frames per window are served; beyond that frames are refused (PARLEY_ERR_RATE_LIMITED)
 * until the bucket refills; at twice the limit the connection is a flood and is closed
 * (PARLEY_ERR_FLOOD). Time comes from the caller, so tests need no clock.
 */
export type RateDecision = 'allow' | 'refuse' | 'flood';

export class FrameRateLimiter {
  private readonly limit: number;
  private readonly ratePerMs: number;
  private allow: number;
  private flood: number;
  private last: number;

  constructor(limit: number, windowMs: number, now: number) {
    this.limit = limit;
    this.ratePerMs = limit / windowMs;
    this.allow = limit;
    this.flood = 2 * limit;
    this.last = now;
  }

  take(now: number): RateDecision {
    const refill = Math.max(0, now - this.last) * this.ratePerMs;
    this.last = now;
    this.allow = Math.min(this.limit, this.allow + refill);
    this.flood = Math.min(2 * this.limit, this.flood + refill);
    if (this.flood < 1) return 'flood';
    this.flood -= 1;
    if (this.allow < 1) return 'refuse';
    this.allow -= 1;
    return 'allow';
  }
}

/** Counts open connections per client address and refuses above a cap. */
export class ConnectionCounter {
  private readonly counts = new Map<string, number>();
  constructor(readonly max: number) {}

  /** Reserve a slot; false when the address is at its cap. */
  acquire(address: string): boolean {
    const n = this.counts.get(address) ?? 0;
    if (n >= this.max) return false;
    this.counts.set(address, n + 1);
    return true;
  }

  release(address: string): void {
    const n = (this.counts.get(address) ?? 0) - 1;
    if (n <= 0) this.counts.delete(address);
    else this.counts.set(address, n);
  }

  count(address: string): number {
    return this.counts.get(address) ?? 0;
  }
}

/** One budget to take from: `limit` per `windowMs` under `key` (a conversation, a client address...). */
export interface Budget {
  key: string;
  limit: number;
  windowMs: number;
}

/**
 * Budgets that outlive a connection, so reconnecting resets nothing: per conversation, per client address, new
 * connections per address. `take` charges one to every budget and answers the worst decision.
 */
export interface SharedLimits {
  take(budgets: readonly Budget[], now: number): Promise<RateDecision>;
  close(): Promise<void>;
}

const WORST: Record<RateDecision, number> = { allow: 0, refuse: 1, flood: 2 };

export function worst(decisions: readonly RateDecision[]): RateDecision {
  return decisions.reduce<RateDecision>((w, d) => (WORST[d] > WORST[w] ? d : w), 'allow');
}

/** In-process budgets (one instance, or the fallback while Redis is away). Idle full buckets are forgotten. */
export class MemoryLimits implements SharedLimits {
  private readonly buckets = new Map<string, { limiter: FrameRateLimiter; until: number }>();
  private nextSweep = 0;

  take(budgets: readonly Budget[], now: number): Promise<RateDecision> {
    return Promise.resolve(this.takeNow(budgets, now));
  }

  takeNow(budgets: readonly Budget[], now: number): RateDecision {
    if (now >= this.nextSweep) this.sweep(now);
    return worst(
      budgets.map(({ key, limit, windowMs }) => {
        let bucket = this.buckets.get(key);
        if (!bucket)
          this.buckets.set(key, (bucket = { limiter: new FrameRateLimiter(limit, windowMs, now), until: 0 }));
        // A bucket left alone for two windows has refilled: dropping it changes nothing.
        bucket.until = now + 2 * windowMs;
        return bucket.limiter.take(now);
      }),
    );
  }

  get size(): number {
    return this.buckets.size;
  }

  close(): Promise<void> {
    this.buckets.clear();
    return Promise.resolve();
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.until <= now) this.buckets.delete(key);
    this.nextSweep = now + 10_000;
  }
}
