/**
 * The servers the benchmark loads: Parley (the real server process, on SQLite FULL or PostgreSQL in a schema of its
 * own) with its limits lifted through config, each with an inspector so its memory can be read after a full GC.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openPostgres } from '../../bot-server/src/store/postgres.js';
import { inspectorUrl } from './inspector.js';
import { startServerProcess } from '../support/server-process.js';

export interface Target {
  name: string;
  wsUrl: string;
  origin: string;
  /** The process's inspector address (memory after GC). */
  inspector: string;
  pid: number;
  /** What a durable write means on this store, e.g. "SQLite synchronous=FULL". */
  durability?: string;
  /** Sends each new conversation a greeting (the floor does not). */
  greets?: boolean;
  stop(): Promise<void>;
}

/**
 * All customers come from 127.0.0.1 and send a message every few milliseconds: the per-connection frame budget
 * (default 20 per 10 s), the per-address connection cap (default 50) and connection rate are lifted here, and only
 * here.
 */
export const LIFTED_LIMITS = {
  WS_RATE_LIMIT_PER_10S: '10000',
  WS_MAX_CONNECTIONS_PER_IP: '100000',
  // New connections per address per minute (10,000 customers connect within seconds).
  WS_CONNECTS_PER_IP_PER_MIN: '1000000',
} as const;

/** What "committed" means on the PostgreSQL server the benchmark uses (it is shared, so it is read, not set). */
export async function postgresDurability(url: string): Promise<string> {
  const { db } = openPostgres({ connectionString: url, maxConnections: 1 });
  try {
    const show = async (name: string) =>
      (await sql<Record<string, string>>`SELECT current_setting(${name}) AS v`.execute(db)).rows[0]?.v;
    return `PostgreSQL fsync=${await show('fsync')} synchronous_commit=${await show('synchronous_commit')}`;
  } finally {
    await db.destroy();
  }
}

export async function startParley(store: 'sqlite' | 'postgres', pgUrl?: string): Promise<Target> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const env: Record<string, string> = { LOG_LEVEL: 'error', SQLITE_SYNCHRONOUS: 'FULL', ...LIFTED_LIMITS };
  if (store === 'postgres') {
    if (!pgUrl) throw new Error('PostgreSQL needs a database URL');
    const url = new URL(pgUrl);
    url.searchParams.set('schema', schema);
    env.DATABASE_URL = url.toString();
  }
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const server = await startServerProcess(env, { nodeArgs: ['--inspect=127.0.0.1:0', ...prof] });
  return {
    name: store === 'sqlite' ? 'parley-sqlite' : 'parley-postgres',
    wsUrl: server.wsUrl,
    origin: server.baseUrl,
    inspector: inspectorUrl(server.output()),
    pid: server.pid,
    greets: true,
    durability: store === 'sqlite' ? 'SQLite synchronous=FULL' : await postgresDurability(pgUrl as string),
    stop: async () => {
      await server.stop();
      if (store !== 'postgres') return;
      const { db } = openPostgres({ connectionString: pgUrl as string, maxConnections: 1 });
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db);
      await db.destroy();
    },
  };
}
