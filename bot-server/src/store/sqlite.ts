/**
 * SQLite connection (better-sqlite3) for Kysely: WAL journal, configurable durability, a busy
 * timeout for the rare second process (a migration CLI, a backup) and enforced foreign keys.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import type { Database } from './schema.js';

export interface SqliteOptions {
  /** A file path (relative to `cwd`) or `:memory:`. */
  filename: string;
  synchronous: 'FULL' | 'NORMAL';
  /** Base for a relative filename; the process's working directory by default. */
  cwd?: string;
  busyTimeoutMs?: number;
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
  sqlite.pragma(`synchronous = ${opts.synchronous}`);
  sqlite.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
  sqlite.pragma('foreign_keys = ON');
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) }),
    location,
  };
}

/** Most distinct SQL texts kept prepared (batched statements vary with the batch size). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query afresh; preparing costs about as much as running a small statement.
 * Prepared better-sqlite3 statements are reusable (SQLite re-prepares them itself after a schema
 * change), so keep the most recently used ones, keyed by SQL text.
 */
function withStatementCache(sqlite: SqliteDatabase): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
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
