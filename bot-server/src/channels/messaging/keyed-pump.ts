/**
 * Rows of a durable queue (the inbox, the outbox) worked on as soon as a listing finds them: per key (a customer, a
 * conversation) one at a time in table order, keys in parallel and without waiting for each other. A slow customer
 * never holds back the others, and a new row starts at once instead of at the end of everyone's round.
 *
 * Listings read the table and return rows already queued or being worked on: those are recognised by id. A row
 * finished (marked in the table) while a listing runs stays recognised until that listing has completed, since it may
 * have read the table just before the mark: it cannot come back to be worked on twice. Listings must therefore run one
 * at a time (the workers run them through a SingleFlight). Rows this process has just stored can be handed over
 * without a listing, but only while every older row is known, so that they cannot overtake one of their key.
 */
import type { Clock, TimerHandle } from '../../domain/ports.js';

/** 'let-go': this process may no longer work on the key (its claim went elsewhere): its rows are forgotten. */
export type RowOutcome = 'done' | 'let-go' | { retryInMs: number };

export interface PumpWork<R> {
  id(row: R): string | number;
  key(row: R): string;
  /** Works on the head row of its key: done (marked: the next row follows), or the same row again after a delay. */
  run(row: R): Promise<RowOutcome>;
  /** `run` threw: logged by the caller; the row is tried again after a second. */
  failed(row: R, err: unknown): void;
  /** The last listing was full and the rows in memory are running low: list again. */
  more(): void;
  /** The key's last row was done: nothing of it is left in memory. */
  drained?(key: string): void;
  /**
   * Rows of a key not yet started are kept in this order (stable: ties keep the table order), for rows that may
   * reach the table out of order (webhooks posted concurrently); unset: table order.
   */
  order?(a: R, b: R): number;
}

const ON_THROW_RETRY_MS = 1000;

export class KeyedPump<R> {
  private readonly queues = new Map<string, R[]>();
  private readonly known = new Set<string | number>();
  private listingRuns = false;
  private finishedDuringListing: Array<string | number> = [];
  /** The last listing saw every pending row, and every row stored since was handed over. */
  private caughtUp = false;
  private readonly running = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, TimerHandle>();
  private active = true;
  private size = 0;
  private lastListingFull = false;
  private listingLimit = 0;

  constructor(
    private readonly work: PumpWork<R>,
    private readonly clock: Clock,
  ) {}

  /** One listing: `read` gives at most `limit` pending rows in table order; the new ones are taken. Rethrows. */
  async list(limit: number, read: (limit: number) => Promise<readonly R[]>): Promise<void> {
    const listing = this.listing(limit);
    try {
      listing.offer(await read(limit));
    } catch (err) {
      listing.failed();
      throw err;
    }
  }

  private listing(limit: number): { offer(rows: readonly R[]): void; failed(): void } {
    this.listingRuns = true;
    const completed = () => {
      this.listingRuns = false;
      for (const id of this.finishedDuringListing) this.known.delete(id);
      this.finishedDuringListing = [];
    };
    return {
      offer: (rows) => {
        for (const row of rows) this.add(row);
        completed();
        this.listingLimit = limit;
        this.lastListingFull = rows.length >= limit;
        this.caughtUp = !this.lastListingFull && this.active;
        for (const key of this.queues.keys()) this.start(key);
      },
      failed: () => {
        completed();
        this.caughtUp = false;
      },
    };
  }

  /** Rows just stored by this process, without a listing; false (list instead) unless every older row is known. */
  handOver(rows: readonly R[]): boolean {
    if (!this.caughtUp || !this.active) return false;
    for (const row of rows) this.add(row);
    for (const row of rows) this.start(this.work.key(row));
    return true;
  }

  /** Stops taking the next row (the running ones finish); queued rows are kept for `resume`. */
  pause(): void {
    this.active = false;
    this.caughtUp = false;
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  resume(): void {
    this.active = true;
    for (const key of this.queues.keys()) this.start(key);
  }

  /** Whether rows of `key` are queued, being worked on or waiting for a retry. */
  has(key: string): boolean {
    return (this.queues.get(key)?.length ?? 0) > 0;
  }

  /** Resolves when no row is being worked on (rows waiting for a retry do not count). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  private add(row: R): void {
    const id = this.work.id(row);
    if (this.known.has(id)) return;
    this.known.add(id);
    const key = this.work.key(row);
    const queue = this.queues.get(key);
    if (!queue) this.queues.set(key, [row]);
    else queue.splice(this.placeOf(key, queue, row), 0, row);
    this.size++;
  }

  /** Behind every row it does not come before; never ahead of the head once that is being worked on. */
  private placeOf(key: string, queue: readonly R[], row: R): number {
    if (!this.work.order) return queue.length;
    const first = this.running.has(key) || this.timers.has(key) ? 1 : 0;
    let at = queue.length;
    while (at > first && this.work.order(row, queue[at - 1]!) < 0) at--;
    return at;
  }

  private start(key: string): void {
    if (!this.active || this.running.has(key) || this.timers.has(key)) return;
    // Marked running before the pump's first step, which may hand over rows of this key (re-entering here).
    let done: Promise<void> = Promise.resolve();
    this.running.set(key, done);
    done = this.pump(key).finally(() => {
      this.running.delete(key);
      // A row added after the pump's last look at its queue, while it was finishing, starts now rather than at
      // the next listing (with hand-overs, the customer's next message).
      if (this.queues.get(key)?.length) this.start(key);
    });
    this.running.set(key, done);
  }

  private async pump(key: string): Promise<void> {
    const queue = this.queues.get(key);
    while (this.active && queue && queue.length > 0) {
      const row = queue[0]!;
      let outcome: RowOutcome;
      try {
        outcome = await this.work.run(row);
      } catch (err) {
        this.work.failed(row, err);
        outcome = { retryInMs: ON_THROW_RETRY_MS };
      }
      if (outcome === 'let-go') {
        for (const r of queue) this.known.delete(this.work.id(r));
        this.size -= queue.length;
        this.queues.delete(key);
        return;
      }
      if (outcome !== 'done') {
        if (this.active) this.retryLater(key, outcome.retryInMs);
        return;
      }
      queue.shift();
      if (this.listingRuns) this.finishedDuringListing.push(this.work.id(row));
      else this.known.delete(this.work.id(row));
      this.size--;
      if (this.lastListingFull && this.size < this.listingLimit / 2) {
        this.lastListingFull = false;
        this.work.more();
      }
    }
    if (queue?.length === 0) {
      this.queues.delete(key);
      this.work.drained?.(key);
    }
  }

  private retryLater(key: string, ms: number): void {
    this.timers.set(
      key,
      this.clock.setTimeout(
        () => {
          this.timers.delete(key);
          this.start(key);
        },
        Math.max(0, ms),
      ),
    );
  }
}
