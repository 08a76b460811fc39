/**
 * PostgreSQL connection (pg Pool) for Kysely. BIGINT (epoch ms, identity ids, COUNT) is parsed to a
 * JS number for this pool only (epoch milliseconds are far inside the safe-integer range); the
 * global pg type table is left alone. An optional schema puts every table (and Kysely's migration
 * bookkeeping) in that schema via the connection's search_path.
 */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema.js';

const INT8_OID = 20;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresOptions {
  connectionString: string;
  /** Schema for every table; `public` when absent. */
  schema?: string;
  maxConnections?: number;
  onPoolError?: (err: Error) => void;
}

export interface PostgresConnection {
  db: Kysely<Database>;
  schema: string;
  /** host:port/database, for logs (never the credentials). */
  location: string;
}

const types: pg.CustomTypesConfig = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8_OID ? (value: string) => Number(value) : (pg.types.getTypeParser(oid, format) as unknown),
};

export function openPostgres(opts: PostgresOptions): PostgresConnection {
  const schema = opts.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`Invalid PostgreSQL schema name "${schema}"`);
  const url = new URL(opts.connectionString);
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.maxConnections ?? 10,
    types,
    options: `-c search_path=${schema}`,
  });
  // An idle client losing its connection emits on the pool; without a listener it would crash
  // the process. The pool replaces the client on the next checkout.
  pool.on('error', (err) => opts.onPoolError?.(err));
  // A client in use (a transaction between statements, a batch) that loses its connection emits on itself: without
  // a listener a database outage would crash the process. Its query fails and the pool discards it.
  pool.on('connect', (client) => client.on('error', (err) => opts.onPoolError?.(err)));
  return {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    schema,
    location: `${url.hostname}:${url.port || '5432'}${url.pathname}`,
  };
}
