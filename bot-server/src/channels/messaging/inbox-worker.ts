/**
 * Processes the webhook inbox after the aggregator had its 2xx: one customer's events strictly in the order they were
 * stored, never two at once; different customers in parallel. On start it drains what a crash left between the
 * acknowledgement and the processing. A failing event is retried a few times, then set aside with an error line so it
 * cannot block its customer for ever. Processed rows are pruned after the dedupe horizon.
 */
import type { InboundEvent } from '../channel.js';
import type { InboxRecord, MessagingStore } from '../../domain/messaging-ports.js';
import type { Clock, TimerHandle } from '../../domain/ports.js';
import type { ServiceLogger } from '../../domain/service-context.js';
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
}

const BATCH = 500;
const MAX_FAILURES = 3;
const RETRY_MS = 1000;
const PRUNE_EVERY_MS = 3_600_000;

export class InboxWorker {
  private readonly flight = new SingleFlight(() => this.loop());
  private paused: boolean;
  private closed = false;
  private retryTimer: TimerHandle | undefined;
  private pruneTimer: TimerHandle | undefined;
  private readonly failures = new Map<string, number>();

  constructor(private readonly d: InboxWorkerDeps) {
    this.paused = d.paused === true;
  }

  /** Drain what is left from before and prune on a schedule. */
  start(): void {
    this.kick();
    void this.prune();
  }

  kick(): void {
    if (this.closed || this.paused) return;
    this.flight.kick();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  idle(): Promise<void> {
    return this.flight.idle();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of [this.retryTimer, this.pruneTimer]) if (t) this.d.clock.clearTimeout(t);
    await this.idle();
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.paused || this.closed) return;
      const rows = await this.d.store.listPendingInbox(BATCH);
      if (rows.length === 0) return;
      const byCustomer = new Map<string, InboxRecord[]>();
      for (const r of rows) byCustomer.set(r.customerKey, [...(byCustomer.get(r.customerKey) ?? []), r]);
      const progress = await Promise.all([...byCustomer.values()].map((list) => this.customer(list)));
      if (!progress.some(Boolean)) {
        this.retryLater();
        return;
      }
    }
  }

  /** One customer's events in order; stops at an event that failed (kept for a retry). True when any was done. */
  private async customer(list: InboxRecord[]): Promise<boolean> {
    let done = false;
    for (const r of list) {
      if (this.paused || this.closed) return done;
      try {
        await this.d.handle(r.event);
      } catch (err) {
        const n = (this.failures.get(r.eventId) ?? 0) + 1;
        const message = err instanceof Error ? err.message : String(err);
        if (n < MAX_FAILURES) {
          this.failures.set(r.eventId, n);
          this.d.logger.warn({ eventId: r.eventId, attempt: n, err: { message } }, 'inbound event failed; will retry');
          return done;
        }
        this.d.logger.error({ eventId: r.eventId, err: { message } }, 'inbound event failed for good; set aside');
      }
      this.failures.delete(r.eventId);
      await this.d.store.markInboxProcessed(r.eventId, this.d.clock.now());
      done = true;
    }
    return done;
  }

  private retryLater(): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = this.d.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, RETRY_MS);
  }

  private async prune(): Promise<void> {
    if (this.closed) return;
    try {
      const n = await this.d.store.pruneInbox(this.d.clock.now() - (this.d.keepMs ?? 48 * 3_600_000));
      if (n > 0) this.d.logger.info({ pruned: n }, 'inbox pruned');
    } catch (err) {
      this.d.logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'inbox prune failed');
    }
    this.pruneTimer = this.d.clock.setTimeout(() => void this.prune(), PRUNE_EVERY_MS);
  }
}
