/**
 * Opens the configured Store. DATABASE_URL chooses the dialect:
 * - `sqlite:./data/parley.db` (default; relative to the working directory, directory created on
 *   first start), `sqlite:/abs/path.db` (or `sqlite:///abs/path.db`), or `sqlite::memory:` (tests);
 * - `postgres://user@host:5432/db[?schema=name]` for several instances sharing one database.
 * Migrations are applied before the store is returned.
 */
import type { Logger } from 'pino';
import type { StoreConfig } from '../config/index.js';
import { ParleyError } from '../errors.js';
import { createKyselyStore, type KyselyStore } from './kysely-store.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';

export type StoreLogger = Pick<Logger, 'info' | 'warn'>;

export interface OpenStoreOptions {
  /** Base directory for a relative SQLite path (default: process.cwd()). */
  cwd?: string;
  /** Skip applying migrations (e.g. a read-only tool); default false. */
  skipMigrations?: boolean;
}

export async function openStore(
  config: Pick<StoreConfig, 'DATABASE_URL' | 'SQLITE_SYNCHRONOUS'>,
  logger: StoreLogger,
  options: OpenStoreOptions = {},
): Promise<KyselyStore> {
  const store = createStore(config, logger, options);
  try {
    if (!options.skipMigrations) await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/** Builds the store without migrating (openStore is what a server calls). */
export function createStore(
  config: Pick<StoreConfig, 'DATABASE_URL' | 'SQLITE_SYNCHRONOUS'>,
  logger: StoreLogger,
  options: OpenStoreOptions = {},
): KyselyStore {
  const url = config.DATABASE_URL;
  if (url.startsWith('sqlite:')) {
    // sqlite:./rel.db, sqlite:/abs.db, sqlite:///abs.db, sqlite://rel.db and sqlite::memory:
    const filename = url.replace(/^sqlite:(\/\/)?/, '');
    if (filename === '')
      throw new ParleyError('PARLEY_ERR_CONFIG', 'DATABASE_URL: sqlite: needs a path, e.g. sqlite:./data/parley.db');
    const { db, location } = openSqlite({
      filename,
      synchronous: config.SQLITE_SYNCHRONOUS,
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    logger.info({ dialect: 'sqlite', location, synchronous: config.SQLITE_SYNCHRONOUS }, 'store opened');
    return createKyselyStore({ db, dialect: 'sqlite', logger });
  }
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  const { db, location } = openPostgres({
    connectionString: parsed.toString(),
    ...(schema ? { schema } : {}),
    onPoolError: (err) => logger.warn({ err: { message: err.message } }, 'postgres idle client error'),
  });
  logger.info({ dialect: 'postgres', location, schema: schema ?? 'public' }, 'store opened');
  return createKyselyStore({ db, dialect: 'postgres', schema: schema ?? 'public', logger });
}

export type { KyselyStore } from './kysely-store.js';
