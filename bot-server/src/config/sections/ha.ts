/** Several instances: who owns each escalated chat's EWC session (leases with fencing tokens). */
import * as z from 'zod';
import { int, section, str } from '../env.js';

export const haSection = section('ha', {
  /** Session leases: `auto` (on with a PostgreSQL DATABASE_URL and REDIS_URL), `on` or `off`. */
  HA_LEASES: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Name of this instance in leases and logs (a random suffix is added per process). Default: the host name. */
  HA_INSTANCE_ID: str(),
  /** How long a session lease lasts without renewal, in ms; a dead instance's chats are taken over after about this long. */
  HA_LEASE_TTL_MS: int(8000, 1000, 600_000),
  /** How often an instance renews its leases, in ms (at most a third of HA_LEASE_TTL_MS). */
  HA_LEASE_RENEW_MS: int(2000, 100, 200_000),
  /** How often an instance looks for expired leases to take over, in ms. */
  HA_LEASE_SCAN_MS: int(1000, 100, 60_000),
});
