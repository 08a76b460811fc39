/**
 * Budgets shared by every instance through Redis: the same two token buckets as FrameRateLimiter (allow at the
 * limit, flood at twice it), kept in one hash per key and updated by one script, so the decision is atomic
 * across instances. While Redis is away, or slow, each instance falls back to its own MemoryLimits: limits
 * stay on (per instance) and nothing waits for Redis.
 */
import { Redis } from 'ioredis';
import { MemoryLimits, type Budget, type RateDecision, type SharedLimits } from './rate-limit.js';

const DECISIONS: readonly RateDecision[] = ['allow', 'refuse', 'flood'];

// KEYS: one bucket per budget; ARGV: now, then limit and window for each key. Returns the worst decision (0..2).
const TAKE = `
local now = tonumber(ARGV[1])
local worst = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[i * 2])
  local window = tonumber(ARGV[i * 2 + 1])
  local b = redis.call('HMGET', key, 'a', 'f', 't')
  local a = tonumber(b[1]) or limit
  local f = tonumber(b[2]) or 2 * limit
  local t = tonumber(b[3]) or now
  local refill = math.max(0, now - t) * limit / window
  a = math.min(limit, a + refill)
  f = math.min(2 * limit, f + refill)
  local d = 0
  if f < 1 then d = 2 else
    f = f - 1
    if a < 1 then d = 1 else a = a - 1 end
  end
  if d > worst then worst = d end
  redis.call('HSET', key, 'a', tostring(a), 'f', tostring(f), 't', tostring(math.max(now, t)))
  redis.call('PEXPIRE', key, math.ceil(2 * window))
end
return worst
`;

export interface RedisLimitsOptions {
  url: string;
  /** Key prefix; instances that share budgets must share it. */
  prefix?: string;
  /** Longest wait for Redis before deciding locally (default 250 ms). */
  timeoutMs?: number;
  logger?: { warn(obj: object, msg: string): void };
}

type WithTake = Redis & { parleyTake(...args: Array<string | number>): Promise<number> };

export class RedisLimits implements SharedLimits {
  private readonly redis: WithTake;
  private readonly local = new MemoryLimits();
  private readonly prefix: string;
  private lastWarning = -Infinity;

  constructor(private readonly options: RedisLimitsOptions) {
    this.prefix = options.prefix ?? 'parley:limit:';
    // No offline queue: while Redis is away a take fails at once and is decided locally.
    this.redis = new Redis(options.url, {
      connectionName: 'parley-limits',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.timeoutMs ?? 250,
      enableAutoPipelining: true,
    }) as WithTake;
    this.redis.defineCommand('parleyTake', { lua: TAKE });
    this.redis.on('error', (err: Error) => this.warn(err));
  }

  async take(budgets: readonly Budget[], now: number): Promise<RateDecision> {
    if (budgets.length === 0) return 'allow';
    const args: Array<string | number> = [budgets.length, ...budgets.map((b) => this.prefix + b.key), now];
    for (const b of budgets) args.push(b.limit, b.windowMs);
    try {
      return DECISIONS[await this.redis.parleyTake(...args)] ?? 'allow';
    } catch (err) {
      this.warn(err);
      return this.local.takeNow(budgets, now);
    }
  }

  async close(): Promise<void> {
    await this.local.close();
    await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }

  private warn(err: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < 10_000) return;
    this.lastWarning = now;
    this.options.logger?.warn(
      { err: { message: err instanceof Error ? err.message : String(err) } },
      'rate limits: Redis unavailable, deciding per instance',
    );
  }
}

/** Redis-backed budgets when REDIS_URL is set (several instances), in-process ones otherwise. */
export function createLimits(redisUrl: string | undefined, logger?: RedisLimitsOptions['logger']): SharedLimits {
  return redisUrl ? new RedisLimits({ url: redisUrl, ...(logger ? { logger } : {}) }) : new MemoryLimits();
}
