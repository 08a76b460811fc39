/**
 * Chooses the Fanout: Redis pub/sub when REDIS_URL is set (several instances), otherwise the
 * in-process one.
 */
import type { Fanout } from '../domain/ports.js';
import { MemoryFanout, type FanoutLogger } from './memory.js';
import { RedisFanout } from './redis.js';

export function createFanout(redisUrl?: string, logger?: FanoutLogger): Fanout {
  const options = logger ? { logger } : {};
  return redisUrl ? new RedisFanout({ url: redisUrl, ...options }) : new MemoryFanout(options);
}

export { MemoryFanout, type FanoutLogger } from './memory.js';
export { RedisFanout } from './redis.js';
