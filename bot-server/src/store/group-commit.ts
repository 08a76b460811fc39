/**
 * Group commit, the mechanism behind every write of the store (`writesOf`): the message appends (append-batcher.ts),
 * conversation updates and creations, visitors, events, participants, and the messaging channels' inbox, outbox and
 * identities. Writes submitted in the same event-loop turn, by any number of conversations, run in ONE transaction,
 * so SQLite with synchronous=FULL syncs the disk once for the lot, and PostgreSQL pays one commit round trip. Every
 * submitter is answered only after the commit that holds its work, so "resolved" still means "durable". Under load
 * the batches grow by themselves: the longer a turn takes, the more work the next one finds queued.
 *
 * When a batch fails as a whole (PostgreSQL aborts a transaction at its first error), it is rolled back and every
 * item is retried alone, so one bad item cannot fail the others.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

export interface BatchRunner<I, O> {
  /** Runs a batch inside one transaction: one outcome per input, an Error failing that input alone. */
  batch(trx: Transaction<Database>, inputs: readonly I[]): Promise<Array<O | Error>>;
  /** Runs one input alone, after its batch failed as a whole. */
  one(input: I): Promise<O>;
}

interface Pending<I, O> {
  input: I;
  resolve: (result: O) => void;
  reject: (err: unknown) => void;
}

/**
 * The real setImmediate, captured at load: batching is I/O scheduling, not domain time, so a test
 * that fakes timers (node:test mock.timers mocks setImmediate too) must not stall durable writes.
 */
const nextTurn: (fn: () => void) => unknown = globalThis.setImmediate;

/** Upper bound of items per transaction (keeps statements far below bind-parameter limits). */
const MAX_BATCH = 256;
/** Submitters answered in one turn of the event loop after a commit. */
const SETTLE_SLICE = 32;

export class GroupCommit<I, O> {
  private queue: Array<Pending<I, O>> = [];
  private draining = false;
  private pending = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly runner: BatchRunner<I, O>,
  ) {}

  submit(input: I): Promise<O> {
    this.pending++;
    const result = new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // Let everything submitted in this event-loop turn join the batch.
        nextTurn(() => void this.drain());
      }
    });
    void result.finally(() => this.settled()).catch(() => undefined);
    return result;
  }

  /** Resolves when everything submitted so far has settled. */
  idle(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private settled(): void {
    if (--this.pending > 0) return;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const outcomes = await this.db.transaction().execute((trx) =>
          this.runner.batch(
            trx,
            batch.map((p) => p.input),
          ),
        );
        // Answered a slice at a time, a turn of the event loop between two slices: each answer runs its submitter's
        // next steps at once (microtasks), and 256 turns' steps in one go held the loop for tens of ms, with the
        // webhooks' acknowledgements (a few loop rounds each) waiting behind every such burst.
        for (let from = 0; from < batch.length; from += SETTLE_SLICE) {
          if (from > 0) await new Promise<void>((resolve) => nextTurn(resolve));
          for (let i = from; i < Math.min(from + SETTLE_SLICE, batch.length); i++) {
            const p = batch[i]!;
            const outcome = outcomes[i]!;
            if (outcome instanceof Error) p.reject(outcome);
            else p.resolve(outcome);
          }
        }
      } catch {
        for (const p of batch) await this.runner.one(p.input).then(p.resolve, p.reject);
      }
    }
    this.draining = false;
  }
}

/** A write of the messaging channels: statements on the transaction (or, retried alone, the database) it is given. */
export type Write<T> = (db: Kysely<Database>) => Promise<T>;

/** Submits writes to be group-committed; resolves with the write's result once its transaction committed. */
export type Writes = <T>(write: Write<T>) => Promise<T>;

/**
 * Which writes share a queue: the webhook's inbox inserts ('ack', answered to the aggregator) get their own, so that
 * an acknowledgement never waits behind a backlog of the workers' writes ('work'). 'appends': the message appends
 * where turns commit directly (see `turnWritesOf`).
 */
export type Lane = 'ack' | 'work' | 'appends';

const writers = new WeakMap<Kysely<Database>, Record<Lane, GroupCommit<Write<unknown>, unknown>>>();
const urgentHandles = new WeakMap<Kysely<Database>, Kysely<Database>>();

/**
 * The 'ack' lane of `db` commits through `urgent`, a handle on the same connection whose queries go before the
 * ordinary ones waiting for it (SQLite's one connection, sqlite-durable.ts): its own queue alone still left an
 * acknowledgement behind every query the workers had queued for the connection.
 */
export function acknowledgeFirst(db: Kysely<Database>, urgent: Kysely<Database>): void {
  urgentHandles.set(db, urgent);
}

function lanesOf(db: Kysely<Database>): Record<Lane, GroupCommit<Write<unknown>, unknown>> {
  let lanes = writers.get(db);
  if (!lanes) {
    const ack = groupCommitted(urgentHandles.get(db) ?? db);
    lanes = { ack, work: groupCommitted(db), appends: groupCommitted(db) };
    writers.set(db, lanes);
  }
  return lanes;
}

const directTurns = new WeakSet<Kysely<Database>>();

/**
 * On this database handle the conversation core's writes (conversations, visitors, events, participants...) commit
 * one by one, concurrently over the connection pool, and the appends keep a group commit of their own: PostgreSQL.
 * One lane there runs every write's round trips in turn on one connection, which measured slower than the pool
 * (round trips, not disk syncs, are PostgreSQL's cost here); pipelining them is the way on.
 */
export function commitTurnsDirectly(db: Kysely<Database>): void {
  directTurns.add(db);
}

/** The writes of a conversation's turn: the shared group commit (SQLite), or straight to the pool (see above). */
export function turnWritesOf(db: Kysely<Database>): Writes {
  return directTurns.has(db) ? (write) => write(db) : writesOf(db);
}

/** The message appends: with the turn's writes where those are group-committed, else in a lane of their own. */
export function appendWritesOf(db: Kysely<Database>): Writes {
  return writesOf(db, directTurns.has(db) ? 'appends' : 'work');
}

/**
 * The group commit shared by every writer of one database handle (conversations, messages, events, visitors, the
 * messaging inbox, outbox and identities...), so that the writes of every conversation's turn submitted in one
 * event-loop turn share a transaction, one per lane. Writes run in submission order.
 */
export function writesOf(db: Kysely<Database>, lane: Lane = 'work'): Writes {
  const commit = lanesOf(db)[lane];
  return <T>(write: Write<T>) => commit.submit(write) as Promise<T>;
}

/** Resolves when every write submitted so far on `db`, in both lanes, has settled (closing the store). */
export async function writesIdle(db: Kysely<Database>): Promise<void> {
  const lanes = writers.get(db);
  if (lanes) await Promise.all(Object.values(lanes).map((lane) => lane.idle()));
}

function groupCommitted(db: Kysely<Database>): GroupCommit<Write<unknown>, unknown> {
  return new GroupCommit<Write<unknown>, unknown>(db, {
    async batch(trx, inputs) {
      const outcomes: unknown[] = [];
      for (const write of inputs) outcomes.push(await write(trx));
      return outcomes;
    },
    one: (write) => db.transaction().execute((trx) => write(trx)),
  });
}

/** Most items gathered into one statement (far below the bind-parameter limits). */
const MAX_GATHERED = 500;

/**
 * Calls made in one event-loop turn gathered into ONE write of them all (one multi-row statement for a turn's appends
 * or marks rather than one each), submitted to `writes`; each call resolves, once the write holding its item has
 * committed, with the write's outcome for it (an Error fails that item alone). If the write fails as a whole, every
 * item of it fails with that error, unless `retryAlone`: then each is written again by itself.
 */
export function gatheredEach<T, R>(
  writes: Writes,
  write: (items: readonly T[], db: Kysely<Database>) => Promise<ReadonlyArray<R | Error>>,
  opts: { retryAlone?: boolean } = {},
): (item: T) => Promise<R> {
  let open: { items: T[]; done: Promise<ReadonlyArray<R | Error>> } | undefined;
  return async (item) => {
    if (!open || open.items.length >= MAX_GATHERED) {
      const batch: { items: T[]; done: Promise<ReadonlyArray<R | Error>> } = { items: [], done: Promise.resolve([]) };
      batch.done = writes((db) => {
        // Closed once written: later calls start the next write (a retry alone writes the same items again).
        if (open === batch) open = undefined;
        return write(batch.items, db);
      });
      open = batch;
    }
    const joined = open;
    const index = joined.items.push(item) - 1;
    let outcome: R | Error;
    try {
      outcome = (await joined.done)[index]!;
    } catch (err) {
      // Nothing of the failed write was committed: with retryAlone each item is written again by itself, so one
      // bad item fails alone, as separate writes would.
      if (!opts.retryAlone || joined.items.length === 1) throw err;
      outcome = (await writes((db) => write([item], db)))[0]!;
    }
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
}

/** `gatheredEach` for writes with nothing to answer per item (marks). */
export function gathered<T>(
  writes: Writes,
  write: (items: readonly T[], db: Kysely<Database>) => Promise<unknown>,
): (item: T) => Promise<void> {
  return gatheredEach<T, void>(writes, async (items, db) => {
    await write(items, db);
    return items.map(() => undefined);
  });
}
