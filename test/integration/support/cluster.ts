/**
 * Several real Parley processes on one PostgreSQL schema and a private Redis (never the shared one on 6379:
 * these tests restart and partition it), optionally behind a TCP proxy that cuts one instance off Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { freePort, startServerProcess, type ServerProcess } from '../../support/server-process.js';

export const pgUrl = process.env.PARLEY_TEST_DATABASE_URL;
const REDIS_SERVER = process.env.PARLEY_TEST_REDIS_SERVER ?? '/usr/bin/redis-server';

/** The test runner ends a file that runs out of time with SIGTERM, skipping `after`: leave no process behind. */
const cleanups: Array<() => void> = [];
function onTerm(cleanup: () => void): void {
  if (cleanups.length === 0)
    process.once('SIGTERM', () => {
      for (const c of cleanups) c();
      process.exit(143);
    });
  cleanups.push(cleanup);
}

/** A redis-server of our own on a free port, without persistence: a restart loses every channel and key. */
export class PrivateRedis {
  private child: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    onTerm(() => redis.child?.kill('SIGKILL'));
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const child = spawn(
      REDIS_SERVER,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    await new Promise<void>((ok, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`redis-server did not start:\n${out}`)), 10_000);
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          ok();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`redis-server exited with ${code}:\n${out}`));
      });
    });
  }

  /** SIGKILL: everything in it is gone, every connection drops. */
  async down(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGKILL');
    await exited;
  }
}

/** A TCP proxy in front of Redis for one instance: `cut()` drops its connections and refuses new ones until `heal()`. */
export class RedisLink {
  private readonly sockets = new Set<Socket>();
  private cutOff = false;
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: number): Promise<RedisLink> {
    const port = await freePort();
    const server = createServer();
    const link = new RedisLink(server, port);
    server.on('connection', (client) => link.accept(client, target));
    await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
    return link;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  cut(): void {
    this.cutOff = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  heal(): void {
    this.cutOff = false;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((ok) => this.server.close(() => ok()));
  }

  private accept(client: Socket, target: number): void {
    if (this.cutOff) return void client.destroy();
    const upstream = createConnection(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        this.sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }
}

/** A fresh schema on the test database; `drop()` removes it. */
export function freshSchema(): { url: string; drop(): Promise<void> } {
  if (!pgUrl) throw new Error('PARLEY_TEST_DATABASE_URL is not set');
  const schema = `parley_cluster_${randomBytes(6).toString('hex')}`;
  const url = new URL(pgUrl);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    async drop() {
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    },
  };
}

/** Environment of every instance: the burst is a test of delivery, so the per-socket frame budget is lifted. */
export function instanceEnv(databaseUrl: string, redisUrl: string, extra: Record<string, string> = {}) {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    FANOUT_CATCH_UP_MS: '200',
    WS_RATE_LIMIT_PER_10S: '10000',
    ...extra,
  };
}

export async function startInstances(envs: Array<Record<string, string>>): Promise<ServerProcess[]> {
  const instances = await Promise.all(envs.map((env) => startServerProcess(env)));
  for (const i of instances) onTerm(() => void i.stop('SIGKILL'));
  return instances;
}
