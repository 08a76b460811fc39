/**
 * SQLite connection (better-sqlite3) for Kysely: WAL journal, configurable durability, a busy
 * timeout for the rare second process (a migration CLI, a backup) and enforced foreign keys.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
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
  const sqlite = new SqliteDatabase(location);
  if (!memory) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${opts.synchronous}`);
  sqlite.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
  sqlite.pragma('foreign_keys = ON');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), location };
}
