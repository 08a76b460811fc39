/**
 * Several Parley instances on one PostgreSQL and one Redis: each escalated chat's EWC session is owned by one instance
 * through a lease with a fencing token (store/areas/session-leases.ts), taken over by another instance when its owner
 * dies or is cut off. See "HA deployment" in the root README.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { HaConfig, StoreConfig } from '../config/index.js';
import { defaultWsFactory, type EwcContactCenter, type WsFactory } from '../contact-center/ewc/index.js';
import type { Clock, Store } from '../domain/ports.js';
import { fencedSockets, fencedStore, type LeasedStore } from './fencing.js';
import { LeasedContactCenter } from './leased-contact-center.js';
import { LeaseKeeper } from './lease-keeper.js';
import { Nudges } from './nudges.js';

/** Leases are on with `HA_LEASES=on`, or `auto` with PostgreSQL and Redis (what several instances need). */
export function leasesEnabled(ha: HaConfig, store: Pick<StoreConfig, 'DATABASE_URL' | 'REDIS_URL'>): boolean {
  if (ha.HA_LEASES !== 'auto') return ha.HA_LEASES === 'on';
  return /^postgres(ql)?:\/\//.test(store.DATABASE_URL) && store.REDIS_URL !== undefined;
}

/** This process's name in leases: the configured or host name, and a random part (a restart is a new owner). */
export function instanceName(ha: HaConfig): string {
  return `${ha.HA_INSTANCE_ID ?? hostname()}-${randomBytes(4).toString('hex')}`;
}

export interface LeasedGatewayDeps {
  ha: HaConfig;
  redisUrl: string;
  store: LeasedStore;
  clock: Clock;
  logger: Logger;
  /** Builds the EWC gateway over the fenced store and sockets it is given. */
  gateway: (parts: {
    store: Store;
    wsFactory: WsFactory;
    farewellWsFactory: WsFactory;
    instanceId: string;
  }) => EwcContactCenter;
  wsFactory?: WsFactory;
}

/** The EWC gateway wrapped in session leases. */
export function leasedContactCenter(deps: LeasedGatewayDeps): LeasedContactCenter {
  const owner = instanceName(deps.ha);
  const logger = deps.logger.child({ component: 'ha', instance: owner });
  // The keeper and the contact center call each other.
  const ref: { cc?: LeasedContactCenter } = {};
  const keeper = new LeaseKeeper({
    leases: deps.store,
    owner,
    timings: { ttlMs: deps.ha.HA_LEASE_TTL_MS, renewMs: deps.ha.HA_LEASE_RENEW_MS, scanMs: deps.ha.HA_LEASE_SCAN_MS },
    logger,
    onClaimed: (grants) => ref.cc?.resume(grants) ?? Promise.resolve(),
    onLost: (conversationId) => ref.cc?.letGo(conversationId),
    onRenewed: () => void ref.cc?.drainAll(),
  });
  const inner = deps.gateway({
    store: fencedStore(deps.store, keeper, logger),
    wsFactory: fencedSockets(deps.wsFactory ?? defaultWsFactory, keeper, logger),
    // A farewell outlives the chat's lease (released when the chat failed): its job claim fences it instead.
    farewellWsFactory: deps.wsFactory ?? defaultWsFactory,
    instanceId: owner,
  });
  const cc = new LeasedContactCenter({
    inner,
    keeper,
    store: deps.store,
    nudges: new Nudges(deps.redisUrl, owner, logger),
    clock: deps.clock,
    logger,
  });
  ref.cc = cc;
  return cc;
}
