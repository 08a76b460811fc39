/** Persistence and scale-out. */
import * as z from 'zod';
import { int, section, str } from '../env.js';

export const storeSection = section('store', {
  /** `sqlite:./data/parley.db` (default, created on first start) or `postgres://user@host:5432/db`. */
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/parley.db'),
  /** SQLite durability: FULL survives power loss, NORMAL survives a process crash. */
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  /** Redis for cross-instance fan-out when several instances serve one site (optional). */
  REDIS_URL: str(),
  /** With Redis: how often each instance checks the store for messages whose wake-up was lost (crash, Redis down). */
  FANOUT_CATCH_UP_MS: int(1_000, 50, 60_000),
});
