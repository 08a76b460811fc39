/**
 * Processes the webhook inbox after the aggregator had its 2xx: one customer's events one at a time, never two at once,
 * in the order they were stored unless the customer sent a waiting one earlier (the channel's timestamps); different
 * customers in parallel. On start it drains what a crash left between the acknowledgement and the processing. A failing
 * event is retried a few times, then set aside with an error line so it cannot block its customer for ever. Processed
 * rows are pruned after the dedupe horizon.
 */
import type { InboundEvent } from '../channel.js';
import type { InboxRecord, MessagingStore } from '../../domain/messaging-ports.js';
import { errInfo } from '../../domain/failures.js';
import type { Clock, TimerHandle } from '../../domain/ports.js';
import type { ServiceLogger } from '../../domain/service-context.js';
import type { ClaimedKeys } from './claimed-keys.js';
import { KeyedPump, type RowOutcome } from './keyed-pump.js';
import { SingleFlight } from './single-flight.js';

export interface InboxWorkerDeps {
  store: MessagingStore;
  handle(event: InboundEvent): Promise<void>;
  clock: Clock;
  logger: ServiceLogger;
  /** Start paused: events are stored and acknowledged but not processed until resume() (tests of a crash). */
  paused?: boolean;
  /** Processed events are kept this long to recognise redeliveries [48 h; Smooch retries for 15 min]. */
  keepMs?: number;
  /** Several instances on one database: each customer's events run only where their claim is held. */
  claims?: ClaimedKeys;
}

const BATCH = 500;
const MAX_FAILURES = 3;
const RETRY_MS = 1000;
const PRUNE_EVERY_MS = 3_600_000;

export class InboxWorker {
  private readonly flight = new SingleFlight(() => this.list());
  private readonly pump: KeyedPump<InboxRecord>;
  private paused: boolean;
  private closed = false;
  private pruneTimer: TimerHandle | undefined;
  private readonly failures = new Map<string, number>();

  constructor(private readonly d: InboxWorkerDeps) {
    this.paused = d.paused === true;
    this.pump = new KeyedPump<InboxRecord>(
      {
        id: (r) => r.eventId,
        key: (r) => r.customerKey,
        run: (r) => this.process(r),
        failed: (r, err) => this.d.logger.error({ eventId: r.eventId, err: errInfo(err) }, 'inbox event not marked'),
        more: () => this.kick(),
        // Under claims: list once more (rows another instance stored), then give the idle keys back.
        drained: () => (this.d.claims ? this.kick() : undefined),
        // The aggregator posts webhooks concurrently and a later one may be stored first: a customer's events that
        // are both still waiting are taken in the order the customer sent them (the channel's timestamps).
        order: (a, b) => a.event.channelTimestamp - b.event.channelTimestamp,
      },
      d.clock,
    );
    if (this.paused) this.pump.pause();
  }

  /** Drain what is left from before and prune on a schedule. */
  start(): void {
    this.d.claims?.start(() => this.kick());
    this.kick();
    void this.prune();
  }

  kick(): void {
    if (this.closed || this.paused) return;
    this.flight.kick();
  }

  /** Events the webhook route has just stored: straight to their customers' queues when nothing older is unlisted. */
  accept(records: readonly InboxRecord[]): void {
    if (this.closed || this.paused) return;
    // Under claims another instance may have stored older events of the same customers: list instead.
    if (this.d.claims || !this.pump.handOver(records)) this.kick();
  }

  pause(): void {
    this.paused = true;
    this.pump.pause();
  }

  resume(): void {
    this.paused = false;
    this.pump.resume();
    this.kick();
  }

  async idle(): Promise<void> {
    await this.flight.idle();
    await this.pump.idle();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pump.pause();
    if (this.pruneTimer) this.d.clock.clearTimeout(this.pruneTimer);
    await this.idle();
    await this.d.claims?.stop(true);
  }

  /** Stops at once without handing the claims over, as a killed instance does (tests of a takeover). */
  async abandon(): Promise<void> {
    await this.d.claims?.stop(false);
    await this.close();
  }

  /** New rows go straight to their customer's queue: no waiting for the other customers' events. */
  private async list(): Promise<void> {
    if (this.paused || this.closed) return;
    const { store, claims } = this.d;
    await this.pump
      .list(BATCH, (n) =>
        claims
          ? claims.list(
              n,
              (limit, owner) => store.listPendingInbox(limit, owner),
              (r) => r.customerKey,
            )
          : store.listPendingInbox(n),
      )
      .catch((err: unknown) => this.d.logger.warn({ err: errInfo(err) }, 'inbox listing failed'));
    await claims?.releaseIdle((key) => this.pump.has(key));
  }

  /** One event; a failing one is retried a few times (nothing of its customer runs meanwhile), then set aside. */
  private async process(r: InboxRecord): Promise<RowOutcome> {
    const fence = this.d.claims?.fence(r.customerKey);
    if (this.d.claims && !fence) return 'let-go';
    try {
      await this.d.handle(r.event);
    } catch (err) {
      const n = (this.failures.get(r.eventId) ?? 0) + 1;
      if (n < MAX_FAILURES) {
        this.failures.set(r.eventId, n);
        this.d.logger.warn({ eventId: r.eventId, attempt: n, err: errInfo(err) }, 'inbound event failed; will retry');
        return { retryInMs: RETRY_MS };
      }
      this.d.logger.error({ eventId: r.eventId, err: errInfo(err) }, 'inbound event failed for good; set aside');
    }
    this.failures.delete(r.eventId);
    await this.d.store.markInboxProcessed(r.eventId, this.d.clock.now(), fence);
    return 'done';
  }

  private async prune(): Promise<void> {
    if (this.closed) return;
    try {
      const n = await this.d.store.pruneInbox(this.d.clock.now() - (this.d.keepMs ?? 48 * 3_600_000));
      if (this.d.claims) await this.d.store.pruneMessagingClaims(24 * 3_600_000);
      if (n > 0) this.d.logger.info({ pruned: n }, 'inbox pruned');
    } catch (err) {
      this.d.logger.warn({ err: errInfo(err) }, 'inbox prune failed');
    }
    this.pruneTimer = this.d.clock.setTimeout(() => void this.prune(), PRUNE_EVERY_MS);
  }
}
