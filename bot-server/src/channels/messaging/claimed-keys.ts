/**
 * The keys of one queue (customers of the inbox, conversations of the outbox) that this instance holds a claim on,
 * when several instances share one PostgreSQL database. Why claims per key, and why this way:
 *
 * - Per key, not per row: a key's rows must run one at a time in table order, so the unit of ownership is the key;
 *   one claim covers a busy customer's whole burst (one upsert for all the new keys of a listing), not each event.
 * - Taken before the rows are read: a listing reads the pending rows of keys nobody else holds, claims the new keys
 *   in one statement, then reads again. A row read before its key's grant may have been finished meanwhile by the
 *   key's previous owner (which marks, then releases); read after the grant it cannot be (see the workers' listing).
 * - Expiry on the database's clock (instances' clocks need not agree), a fencing token raised on every grant, and the
 *   marks (processed, sent) made only under the token they name: a paused owner that wakes up after its key went
 *   elsewhere cannot mark it. It also stops acting by itself: a claim counts here only until `ttlMs - renewMs` after
 *   the renewal that confirmed it was sent, which is before the database lets another instance take it at `ttlMs`.
 * - Renewed every `renewMs` while held (one statement for all keys), released as soon as the key has nothing left
 *   in memory, so the customer's next message can be taken by whichever instance the aggregator posts it to; a dead
 *   instance's keys are free after `ttlMs`, and the survivors' listings (every `pollMs`) take them over.
 *
 * What claims cannot remove: an instance paused for longer than `renewMs` in the middle of a send may still hand
 * that one body to the aggregator after its claim lapsed (no aggregator takes a fencing token). The window is the
 * pause beyond the margin, not the outage: nothing is sent after the local deadline.
 */
import type { ClaimFence, MessagingClaims, MessagingQueue } from '../../domain/messaging-ports.js';
import { errInfo } from '../../domain/failures.js';
import type { Clock, TimerHandle } from '../../domain/ports.js';
import type { ServiceLogger } from '../../domain/service-context.js';

export interface ClaimTimings {
  /** A claim not renewed for this long may be taken by another instance (database clock). */
  ttlMs: number;
  /** How often held claims are renewed (at most a third of ttlMs). */
  renewMs: number;
  /** How often the queue is listed for rows stored by other instances and for lapsed claims. */
  pollMs: number;
}

export interface ClaimedKeysDeps {
  queue: MessagingQueue;
  store: MessagingClaims;
  /** This instance's name in claims. */
  owner: string;
  clock: Clock;
  logger: ServiceLogger;
  timings: ClaimTimings;
}

export class ClaimedKeys {
  private readonly held = new Map<string, { token: number; until: number }>();
  /** Keys taken from an owner whose claim lapsed, until `tookOver` is asked about them (or they are let go). */
  private readonly takenOver = new Set<string>();
  private timer: TimerHandle | undefined;
  private lastRenewal = 0;
  private renewing: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly d: ClaimedKeysDeps) {}

  get owner(): string {
    return this.d.owner;
  }

  /** The claim to name in marks, while it still counts here; undefined: stop working on the key. */
  fence(key: string): ClaimFence | undefined {
    const c = this.held.get(key);
    if (!c || c.until <= this.d.clock.now()) return undefined;
    return { owner: this.d.owner, token: c.token };
  }

  holds(key: string): boolean {
    return this.fence(key) !== undefined;
  }

  /** Claims the keys not held yet, in one statement; those another instance holds stay unheld. */
  async claim(keys: Iterable<string>): Promise<void> {
    const wanted = [...new Set(keys)].filter((k) => !this.holds(k));
    if (wanted.length === 0 || this.stopped) return;
    const asked = this.d.clock.now();
    const granted = await this.d.store.claimMessagingKeys(this.d.queue, wanted, this.d.owner, this.d.timings.ttlMs);
    for (const g of granted) {
      this.held.set(g.key, { token: g.token, until: this.deadline(asked) });
      if (g.takenOver) this.takenOver.add(g.key);
    }
  }

  /** Once per grant: whether the key came from an owner that stopped without letting it go (it may have half-sent). */
  tookOver(key: string): boolean {
    return this.takenOver.delete(key);
  }

  /**
   * A listing under claims: the pending rows of keys nobody else holds, their new keys claimed in one statement, then
   * read again if any was granted (a row read before its key's grant may have been finished by the previous owner);
   * only the rows of held keys are answered.
   */
  async list<R>(limit: number, read: (limit: number, owner: string) => Promise<R[]>, key: (r: R) => string) {
    let rows = await read(limit, this.d.owner);
    const fresh = rows.map(key).filter((k) => !this.holds(k));
    if (fresh.length > 0) {
      await this.claim(fresh);
      rows = await read(limit, this.d.owner);
    }
    return rows.filter((r) => this.holds(key(r)));
  }

  /** Gives back the keys `busy` says have nothing left in memory. */
  async releaseIdle(busy: (key: string) => boolean): Promise<void> {
    const idle = [...this.held.keys()].filter((k) => !busy(k));
    if (idle.length === 0) return;
    for (const k of idle) {
      this.held.delete(k);
      this.takenOver.delete(k);
    }
    await this.d.store.releaseMessagingClaims(this.d.queue, idle, this.d.owner).catch((err: unknown) => {
      // Not fatal: they lapse after ttlMs.
      this.d.logger.warn({ queue: this.d.queue, err: errInfo(err) }, 'messaging claims not released');
    });
  }

  /** Resolves when the renewal in progress, if any, has been answered (tests). */
  async idleRenewal(): Promise<void> {
    await this.renewing;
  }

  /** Polls every pollMs (`tick`: list the queue), renewing the held claims every renewMs. */
  start(tick: () => void): void {
    const loop = async () => {
      if (this.stopped) return;
      if (this.d.clock.now() - this.lastRenewal >= this.d.timings.renewMs) {
        this.renewing = this.renew();
        await this.renewing;
      }
      if (this.stopped) return;
      tick();
      this.timer = this.d.clock.setTimeout(() => void loop(), this.d.timings.pollMs);
    };
    this.timer = this.d.clock.setTimeout(() => void loop(), this.d.timings.pollMs);
  }

  /** Stops renewing; with `release`, hands every claim over at once (a graceful stop), else they lapse (a crash). */
  async stop(release: boolean): Promise<void> {
    this.stopped = true;
    if (this.timer) this.d.clock.clearTimeout(this.timer);
    if (release) await this.releaseIdle(() => false);
    this.held.clear();
    this.takenOver.clear();
  }

  private async renew(): Promise<void> {
    this.lastRenewal = this.d.clock.now();
    const keys = [...this.held.keys()];
    if (keys.length === 0) return;
    const asked = this.d.clock.now();
    try {
      const renewed = await this.d.store.renewMessagingClaims(this.d.queue, keys, this.d.owner, this.d.timings.ttlMs);
      const tokens = new Map(renewed.map((g) => [g.key, g.token]));
      for (const key of keys) {
        const c = this.held.get(key);
        if (!c) continue;
        if (tokens.get(key) === c.token) c.until = this.deadline(asked);
        else {
          this.held.delete(key);
          this.takenOver.delete(key);
        }
      }
    } catch (err) {
      // The local deadlines run on: the keys stop counting before another instance may take them.
      this.d.logger.warn({ queue: this.d.queue, err: errInfo(err) }, 'messaging claims not renewed');
    }
  }

  private deadline(asked: number): number {
    return asked + this.d.timings.ttlMs - this.d.timings.renewMs;
  }
}
