/**
 * Chooses the Fanout: Redis pub/sub when REDIS_URL is set (several instances), otherwise the
 * in-process one.
 */
import type { Fanout } from '../domain/ports.js';
import type { CommittedLog } from './catch-up.js';
import { MemoryFanout, type FanoutLogger } from './memory.js';
import { RedisFanout } from './redis.js';

/** `log` (the store) lets Redis fan-out catch up lost wake-ups from committed rows every `catchUpMs`. */
export function createFanout(
  redisUrl?: string,
  logger?: FanoutLogger,
  committed?: { log: CommittedLog; catchUpMs: number },
): Fanout {
  const options = logger ? { logger } : {};
  return redisUrl ? new RedisFanout({ url: redisUrl, ...options, ...committed }) : new MemoryFanout(options);
}

export { MemoryFanout, type FanoutLogger } from './memory.js';
export { RedisFanout } from './redis.js';
export { InOrder, type ReadAfter } from './in-order.js';
export type { CommittedLog } from './catch-up.js';
