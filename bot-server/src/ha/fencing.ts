/**
 * What the EWC gateway is given instead of the plain store and socket constructor when sessions are leased: every
 * write of a session record names this instance's fencing token (the database refuses a stale one), recovery sees
 * only the sessions this instance holds, and a socket opens and sends only while the lease is held. The gateway itself
 * does not know about leases.
 */
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import type { WsFactory } from '../contact-center/ewc/index.js';
import type { Store } from '../domain/ports.js';
import type { SessionLeaseQueries } from '../store/areas/session-leases.js';
import type { LeaseKeeper } from './lease-keeper.js';

export type LeasedStore = Store & SessionLeaseQueries;

/** The store as the gateway sees it: session writes fenced by this instance's token. */
export function fencedStore(store: LeasedStore, keeper: LeaseKeeper, logger: Logger): Store {
  return {
    ...store,
    async saveContactCenterSession(rec) {
      const token = keeper.tokenOf(rec.conversationId);
      if (token !== undefined && (await store.saveSessionFenced(rec, keeper.owner, token))) return;
      logger.warn({ conversationId: rec.conversationId }, 'session write fenced off: another instance owns it');
      keeper.lost(rec.conversationId);
    },
    async deleteContactCenterSession(conversationId) {
      const token = keeper.tokenOf(conversationId) ?? -1;
      if (await store.deleteSessionFenced(conversationId, keeper.owner, token)) return;
      logger.warn({ conversationId }, 'session delete fenced off: another instance owns it');
      keeper.lost(conversationId);
    },
    async listContactCenterSessions(provider) {
      const all = await store.listContactCenterSessions(provider);
      return all.filter((rec) => keeper.holds(rec.conversationId));
    },
  };
}

/** Sockets that open only under a held lease, and drop (unsent) whatever is written after the lease is gone. */
export function fencedSockets(open: WsFactory, keeper: LeaseKeeper, logger: Logger): WsFactory {
  return (url, options, conversationId) => {
    if (!keeper.holds(conversationId)) throw new Error('session lease not held');
    const ws = open(url, options, conversationId);
    const send = ws.send.bind(ws) as (data: unknown, ...rest: unknown[]) => void;
    const fenced = (data: unknown, ...rest: unknown[]): void => {
      if (keeper.holds(conversationId)) return send(data, ...rest);
      logger.warn({ conversationId }, 'EWC send fenced off: session lease lost');
      ws.terminate();
    };
    ws.send = fenced as WebSocket['send'];
    return ws;
  };
}
