/**
 * The HA suites' world: an AACC simulator (agents that answer at once, messages kept for a resume), a fresh
 * PostgreSQL schema, and the README's cluster (scripts/cluster.mjs: three instances behind HAProxy) on it; p2 reaches
 * the database through a proxy the test can cut. Also the lease table as the suites read it, and a polling wait.
 */
import pg from 'pg';
import { startSimulator, TcpProxy, type Simulator } from '@parley/aacc-sim';
import { startCluster, type Cluster } from '../../../scripts/cluster.mjs';
import { SocketWatch, type Chat } from './chats.js';
import { freshSchema, pgUrl, redisUrl, SKIP_HA } from './pg-schema.js';

export const skipHa = pgUrl && redisUrl ? false : SKIP_HA;

const AGENTS = Array.from({ length: 10 }, (_, i) => ({
  id: `70${String(i).padStart(2, '0')}`,
  name: `Agent ${i}`,
  maxChats: 12,
}));

/** Polls `check` until it returns true (an error counts as not yet), failing with what it saw at the deadline. */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out: ${what}${last ? ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class HaHarness {
  private constructor(
    readonly sim: Simulator,
    readonly cluster: Cluster,
    readonly watch: SocketWatch,
    readonly proxy: TcpProxy,
    private readonly schema: ReturnType<typeof freshSchema>,
    private readonly db: pg.Client,
  ) {}

  static async start(): Promise<HaHarness> {
    const schema = freshSchema(pgUrl ?? '');
    const sim = await startSimulator({
      port: 0,
      autoAnswer: true,
      replayOnResume: true,
      agents: AGENTS,
      maxChatsPerCustomer: 1000,
    });
    for (const a of AGENTS) {
      await sim.control.login(a.id, 'agent');
      await sim.control.setReady(a.id, true);
    }
    const watch = new SocketWatch(sim);
    const proxy = await TcpProxy.start(Number(new URL(pgUrl ?? '').port || 5432));
    const proxied = new URL(schema.url);
    proxied.host = `127.0.0.1:${proxy.port}`;
    const cluster = await startCluster({
      databaseUrl: schema.url,
      redisUrl: redisUrl ?? '',
      ewcUrl: sim.ewcUrl,
      env: {
        LOG_LEVEL: 'info',
        // Every test customer comes from 127.0.0.1 (through HAProxy too).
        WS_MAX_CONNECTIONS_PER_IP: '5000',
        agentWaitInterval: '900000',
        chatIdleInterval: '900000',
      },
      instanceEnv: [{}, { DATABASE_URL: proxied.toString() }, {}],
    });
    const db = new pg.Client({ connectionString: pgUrl });
    await db.connect();
    return new HaHarness(sim, cluster, watch, proxy, schema, db);
  }

  /** Lease owner (instance name without its random part: p1, p2, p3) and token, by conversation. */
  async owners(): Promise<Map<string, { owner: string; token: number }>> {
    const r = await this.db.query<{ conversation_id: string; owner: string; token: string }>(
      `select conversation_id, owner, token from ${this.schema.schema}.session_leases`,
    );
    return new Map(
      r.rows.map((row) => [row.conversation_id, { owner: row.owner.split('-')[0] ?? '', token: Number(row.token) }]),
    );
  }

  static ownerOf(owners: Map<string, { owner: string }>, chat: Chat): string | undefined {
    return owners.get(chat.customer.conversationId ?? '')?.owner;
  }

  async stop(chats: Chat[]): Promise<void> {
    // For a failing run: the instances' warnings and errors (no message text at that level), HAProxy's view.
    for (const p of this.cluster.instances) {
      const bad = p
        .output()
        .split('\n')
        .filter((l) => /"level":(4|5|6)0/.test(l) || l.includes('Error'));
      if (bad.length > 0) console.log(`# ${p.name}: ${bad.length} warnings\n${bad.slice(-10).join('\n')}`);
    }
    const csv = await fetch(`${this.cluster.statsUrl};csv`).then(
      (r) => r.text(),
      () => '',
    );
    console.log(
      `# haproxy: ${csv
        .split('\n')
        .filter((l) => l.startsWith('instances,p'))
        .map((l) => l.split(',').slice(0, 24).join(','))
        .join(' | ')}`,
    );
    for (const c of chats) c.customer.terminate();
    await this.cluster.stop();
    await this.proxy.close();
    await this.sim.close();
    await this.db.end();
    await this.schema.drop();
  }
}
