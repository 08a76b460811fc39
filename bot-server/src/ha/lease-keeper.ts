/**
 * The leases this instance holds on escalated chats' sessions: taking one for a new escalation, renewing them all
 * every HA_LEASE_RENEW_MS, taking over expired ones every HA_LEASE_SCAN_MS, and giving up the ones it can no longer
 * prove it holds.
 *
 * Timing: expiry is decided on the database's clock; this instance counts on its own monotonic clock from the moment
 * it sent a renewal (an earlier moment than the database's). It treats a lease as its own only until
 * `sent + ttl - renewEvery`, so it has stopped sending before any other instance can take the lease (at `sent + ttl`
 * at the earliest), even when the database or the network stalls.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { LeaseGrant, SessionLeaseQueries } from '../store/areas/session-leases.js';

export interface LeaseTimings {
  ttlMs: number;
  renewMs: number;
  scanMs: number;
}

export interface LeaseKeeperDeps {
  leases: SessionLeaseQueries;
  owner: string;
  timings: LeaseTimings;
  logger: Logger;
  /** Leases taken over from another instance (or sessions that had none); resume those sessions. */
  onClaimed: (grants: LeaseGrant[]) => Promise<void>;
  /** A lease is no longer ours: stop the session at once, without ending the chat. */
  onLost: (conversationId: string) => void;
  /** After each successful renewal (the owner then looks for requests other instances left). */
  onRenewed?: () => void;
}

interface Held {
  token: number;
  /** When the request that granted or last renewed it was sent (monotonic ms). */
  sentAt: number;
  /**
   * When the grant's answer came back (monotonic ms). A renewal sent before that may not have seen the grant: its
   * query can run beside the grant's on another connection and read the table before the grant commits.
   */
  grantedAt: number;
}

/** Most leases taken over in one scan (the rest wait for the next one, or for another instance). */
const CLAIM_BATCH = 200;

export class LeaseKeeper {
  private readonly held = new Map<string, Held>();
  private readonly timers: NodeJS.Timeout[] = [];
  private renewing = false;
  private scanning: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly d: LeaseKeeperDeps) {}

  get owner(): string {
    return this.d.owner;
  }

  /** Whether this instance may act for the session now (by its own clock; the database decides writes). */
  holds(conversationId: string): boolean {
    const h = this.held.get(conversationId);
    return h !== undefined && performance.now() < this.validUntil(h);
  }

  /** The fencing token this instance last got for the session. */
  tokenOf(conversationId: string): number | undefined {
    return this.held.get(conversationId)?.token;
  }

  heldCount(): number {
    return this.held.size;
  }

  /** Take the lease for a new escalation; false when another live instance holds it. */
  async acquire(conversationId: string): Promise<boolean> {
    const sentAt = performance.now();
    const grant = await this.d.leases.acquireLease(conversationId, this.d.owner, this.d.timings.ttlMs);
    if (grant === undefined) return false;
    this.held.set(conversationId, { token: grant.token, sentAt, grantedAt: performance.now() });
    return true;
  }

  /** The chat is over here: give the lease back. */
  async release(conversationId: string): Promise<void> {
    const h = this.held.get(conversationId);
    if (h === undefined) return;
    this.held.delete(conversationId);
    try {
      await this.d.leases.releaseLease(conversationId, this.d.owner, h.token);
    } catch (err) {
      // It expires by itself; whoever claims it then finds no session and releases it.
      this.d.logger.warn({ conversationId, err: errName(err) }, 'session lease not released');
    }
  }

  /** A fenced write was refused: the lease has moved on. */
  lost(conversationId: string): void {
    if (!this.held.delete(conversationId)) return;
    this.d.logger.warn({ conversationId }, 'session lease lost; letting the session go');
    this.d.onLost(conversationId);
  }

  start(): void {
    const { renewMs, scanMs } = this.d.timings;
    this.timers.push(
      setInterval(() => {
        this.expireOverdue();
        if (!this.renewing) void this.renew();
      }, renewMs),
      setInterval(() => void this.scan(), scanMs),
    );
    for (const t of this.timers) t.unref();
  }

  /** Take over what has expired now (also run at start). */
  scan(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.scanning ??= this.claim().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  /** Stop renewing and scanning; the caller detaches its sessions, then calls handOver(). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    await this.scanning;
  }

  /** Mark every lease expired so other instances take the sessions at once (graceful shutdown). */
  async handOver(): Promise<void> {
    this.held.clear();
    await this.d.leases.expireLeases(this.d.owner);
  }

  private validUntil(h: Held): number {
    return h.sentAt + this.d.timings.ttlMs - this.d.timings.renewMs;
  }

  /** Self-fencing: a lease not renewed in time is given up, whatever the database says later. */
  private expireOverdue(): void {
    const now = performance.now();
    for (const [conversationId, h] of [...this.held]) {
      if (now >= this.validUntil(h)) this.lost(conversationId);
    }
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    this.renewing = true;
    const sentAt = performance.now();
    try {
      const renewed = new Map(
        (await this.d.leases.renewLeases(this.d.owner, this.d.timings.ttlMs)).map((g) => [g.conversationId, g.token]),
      );
      for (const [conversationId, h] of [...this.held]) {
        // Not yet granted when this renewal was sent: its answer says nothing about it. Judging by when the grant was
        // asked for instead let a renewal sent while the grant was in flight count it as lost (the CI's HA kill test
        // lost two chats mid-escalation that way, their contacts never created).
        if (h.grantedAt >= sentAt) continue;
        if (renewed.get(conversationId) === h.token) h.sentAt = sentAt;
        else this.lost(conversationId);
      }
      this.d.onRenewed?.();
    } catch (err) {
      this.d.logger.warn({ err: errName(err), held: this.held.size }, 'session leases not renewed');
    } finally {
      this.renewing = false;
    }
  }

  private async claim(): Promise<void> {
    const sentAt = performance.now();
    let grants: LeaseGrant[];
    try {
      grants = await this.d.leases.claimExpiredLeases(this.d.owner, this.d.timings.ttlMs, CLAIM_BATCH);
    } catch (err) {
      this.d.logger.warn({ err: errName(err) }, 'expired session leases not scanned');
      return;
    }
    if (grants.length === 0 || this.stopped) return;
    const grantedAt = performance.now();
    for (const g of grants) this.held.set(g.conversationId, { token: g.token, sentAt, grantedAt });
    this.d.logger.info({ sessions: grants.length }, 'taking over sessions whose lease expired');
    await this.d.onClaimed(grants);
  }
}

export function errName(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
