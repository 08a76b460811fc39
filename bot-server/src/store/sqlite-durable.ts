/**
 * SQLite synchronous=FULL durability without blocking the event loop. With FULL, SQLite syncs the WAL inside every
 * COMMIT, on the calling thread: better-sqlite3 is synchronous, so each commit stopped the whole server for the disk
 * sync (about 4 ms on this machine's disk under load, against 0.1 ms for the commit itself). Here the connection runs
 * with synchronous=NORMAL (a commit writes the WAL, no sync) and, after every statement that leaves a write committed
 * (a COMMIT, or a write outside a transaction), `fdatasync`s the WAL file on libuv's thread pool before the query is
 * answered. That is what FULL does in WAL mode (sync the WAL at each commit; checkpoints still sync as before), so an
 * acknowledged write survives a power cut just the same; only the waiting moves off the main thread.
 *
 * The sync happens while Kysely still holds its one SQLite connection, so no other query, not even a read, sees a
 * commit before it is durable (nothing can be shown to a customer and then lost). Group commit (group-commit.ts)
 * keeps this to one sync per batch.
 */
import { closeSync, existsSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  SqliteDialect,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type SqliteStatement,
  type TransactionSettings,
  type CompiledQuery,
} from 'kysely';
import { FifoLock } from '../fifo-lock.js';

/** Syncs a file's data to disk (fdatasync on the thread pool); injectable so tests can hold a sync. */
export type SyncFile = (fd: number) => Promise<void>;

export const fdatasyncOffThread: SyncFile = (fd) =>
  new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));

/** Knows whether the connection has an unsynced commit, and syncs the WAL file. */
export class WalSync {
  private fd: number | undefined;
  private dirty = false;
  private last: SqliteStatement | undefined;

  private lastUnsynced = false;

  /**
   * `unsynced`: writes that need no sync of their own because nothing reads them before a later commit that is
   * synced (and a WAL sync covers every frame written before it); they are synced with the next write that is.
   */
  constructor(
    private readonly sqlite: { readonly inTransaction: boolean },
    private readonly walPath: string,
    private readonly syncFile: SyncFile = fdatasyncOffThread,
    private readonly unsynced: (sql: string) => boolean = () => false,
  ) {}

  /** Called with every statement the connection prepares (the one it is about to run). */
  prepared(stmt: SqliteStatement, sql = ''): SqliteStatement {
    this.last = stmt;
    this.lastUnsynced = this.unsynced(sql);
    return stmt;
  }

  /** After each statement: a write left committed (COMMIT, or a write outside a transaction) is synced first. */
  async settle(): Promise<void> {
    if (this.last && !(this.last as { readonly?: boolean }).readonly && !this.lastUnsynced) this.dirty = true;
    if (!this.dirty || this.sqlite.inTransaction) return;
    this.dirty = false;
    const fd = this.walFd();
    if (fd !== undefined) await this.syncFile(fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /**
   * The WAL exists once something was committed to it (a pragma may come first: no WAL, nothing to sync); its
   * directory entry is made durable once, as SQLite does.
   */
  private walFd(): number | undefined {
    if (this.fd === undefined) {
      if (!existsSync(this.walPath)) return undefined;
      this.fd = openSync(this.walPath, 'r');
      const dir = openSync(dirname(this.walPath), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
    return this.fd;
  }
}

/**
 * A SqliteDialect whose connection answers a committing statement only once the WAL is synced (see above). Its one
 * driver is shared with `urgent()`, a dialect for a second Kysely handle on the same connection whose queries go
 * before every waiting ordinary one: the webhook acknowledgements' inserts, which the aggregator is waiting on,
 * would otherwise queue behind the whole backlog of the workers' queries.
 */
export class DurableSqliteDialect extends SqliteDialect {
  private shared: SharedDriver | undefined;

  constructor(
    config: SqliteDialectConfig,
    private readonly wal: WalSync,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return this.driver().view(false);
  }

  /** The same connection, queries first in line (its handle's destroy leaves the connection to the main handle). */
  urgent(): Dialect {
    return {
      createAdapter: () => this.createAdapter(),
      createDriver: () => this.driver().view(true),
      createIntrospector: (db) => this.createIntrospector(db),
      createQueryCompiler: () => this.createQueryCompiler(),
    };
  }

  private driver(): SharedDriver {
    this.shared ??= new SharedDriver(super.createDriver(), this.wal);
    return this.shared;
  }
}

/** The inner driver, its connection wrapped to sync commits, behind one FIFO lock with an urgent lane. */
class SharedDriver {
  private readonly wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
  // Kysely's own lock on the one connection wakes every waiter at each release (O(n²) under a queue of hundreds
  // of queries while a sync runs): callers queue here, first come first served, so it never has a waiter.
  private readonly turn = new FifoLock();
  private initialised: Promise<void> | undefined;

  constructor(
    private readonly inner: Driver,
    private readonly wal: WalSync,
  ) {}

  view(urgent: boolean): Driver {
    const { inner, turn } = this;
    return {
      init: () => (this.initialised ??= inner.init()),
      acquireConnection: async () => {
        await turn.acquire(urgent);
        return this.wrap(await inner.acquireConnection());
      },
      // The inner driver runs BEGIN/COMMIT/ROLLBACK through the connection it is given: ours, so COMMIT syncs.
      beginTransaction: (c: DatabaseConnection, s: TransactionSettings) => inner.beginTransaction(c, s),
      commitTransaction: (c: DatabaseConnection) => inner.commitTransaction(c),
      rollbackTransaction: (c: DatabaseConnection) => inner.rollbackTransaction(c),
      releaseConnection: async (c: DatabaseConnection) => {
        try {
          await inner.releaseConnection(c);
        } finally {
          turn.release();
        }
      },
      destroy: async () => {
        if (urgent) return;
        await inner.destroy();
        this.wal.close();
      },
    };
  }

  private wrap(connection: DatabaseConnection): DatabaseConnection {
    let outer = this.wrapped.get(connection);
    if (!outer) {
      const wal = this.wal;
      outer = {
        async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
          const result = await connection.executeQuery<R>(query);
          await wal.settle();
          return result;
        },
        streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
      };
      this.wrapped.set(connection, outer);
    }
    return outer;
  }
}

/** Passes every statement prepared on `db` to `wal`, so it knows what the connection is running. */
export function watchedBy(db: SqliteDatabase, wal: WalSync): SqliteDatabase {
  return { close: () => db.close(), prepare: (sql: string) => wal.prepared(db.prepare(sql), sql) };
}
