/**
 * SQLite connection (better-sqlite3) for Kysely: WAL journal, configurable durability (FULL by
 * syncing the WAL off the event loop, see sqlite-durable.ts), a busy timeout for the rare second
 * process (a migration CLI, a backup) and enforced foreign keys.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { isAttachmentPieceInsert } from './areas/attachments.js';
import { acknowledgeFirst } from './group-commit.js';
import type { Database } from './schema.js';
import { startCheckpointer, WAL_RESET_LIMIT_BYTES } from './sqlite-checkpointer.js';
import { DurableSqliteDialect, WalSync, watchedBy, type SyncFile } from './sqlite-durable.js';

export interface SqliteOptions {
  /** A file path (relative to `cwd`) or `:memory:`. */
  filename: string;
  synchronous: 'FULL' | 'NORMAL';
  /** Base for a relative filename; the process's working directory by default. */
  cwd?: string;
  busyTimeoutMs?: number;
  /** How the WAL is synced for FULL durability (tests hold it); fdatasync on the thread pool by default. */
  syncFile?: SyncFile;
}

export interface SqliteConnection {
  db: Kysely<Database>;
  /** Absolute path of the database file, or `:memory:`. */
  location: string;
}

export function openSqlite(opts: SqliteOptions): SqliteConnection {
  const memory = opts.filename === ':memory:';
  const location = memory ? ':memory:' : resolve(opts.cwd ?? process.cwd(), opts.filename);
  if (!memory) mkdirSync(dirname(location), { recursive: true });
  const sqlite = new BetterSqlite(location);
  if (!memory) sqlite.pragma('journal_mode = WAL');
  // FULL on a file: SQLite's own sync would block the event loop at every commit; the WAL is synced off-thread
  // before a commit is answered instead (sqlite-durable.ts), which is FULL's guarantee.
  const walSync = !memory && opts.synchronous === 'FULL';
  sqlite.pragma(`synchronous = ${walSync ? 'NORMAL' : opts.synchronous}`);
  sqlite.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
  sqlite.pragma('foreign_keys = ON');
  const checkpointer = memory ? undefined : offThreadCheckpoints(sqlite, location);
  const database = withStatementCache(sqlite, () => checkpointer?.stop());
  if (!walSync) return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), location };
  const wal = new WalSync(sqlite, `${location}-wal`, opts.syncFile, isAttachmentPieceInsert);
  const dialect = new DurableSqliteDialect({ database: watchedBy(database, wal) }, wal);
  const db = new Kysely<Database>({ dialect });
  acknowledgeFirst(db, new Kysely<Database>({ dialect: dialect.urgent() }));
  return { db, location };
}

/** Checkpoints move to a worker (sqlite-checkpointer.ts); a WAL emptied by one is cut back to a small size. */
function offThreadCheckpoints(sqlite: BetterSqlite.Database, location: string) {
  sqlite.pragma('wal_autocheckpoint = 0');
  sqlite.pragma(`journal_size_limit = ${WAL_RESET_LIMIT_BYTES}`);
  return startCheckpointer(location, () => sqlite.pragma('wal_autocheckpoint = 1000'));
}

/**
 * Most distinct SQL texts kept prepared. Batched statements vary with the batch size (and the seq reservation with
 * each conversation's count): a webhook burst uses over 250 texts, and at 256 the LRU re-prepared them in turn.
 */
const STATEMENT_CACHE_SIZE = 1024;

/**
 * Kysely prepares every query afresh; preparing costs about as much as running a small statement.
 * Prepared better-sqlite3 statements are reusable (SQLite re-prepares them itself after a schema
 * change), so keep the most recently used ones, keyed by SQL text.
 */
function withStatementCache(sqlite: SqliteDatabase, beforeClose: () => void): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      beforeClose();
      sqlite.close();
    },
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached)
        cache.delete(sql); // re-inserted below: Map order is the LRU order
      else if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      const stmt = cached ?? sqlite.prepare(sql);
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
