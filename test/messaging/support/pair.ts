/**
 * Two Parley instances on one PostgreSQL schema (own pools, own workers, as two processes would run them) behind a
 * round-robin splitter, so a customer's webhooks reach either instance's route; one aggregator simulator, one AACC
 * simulator. Claims are short (HA_LEASE_TTL_MS 3000) so that a takeover is quick without a fixed sleep anywhere.
 */
import { request, createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type Simulator } from '@parley/aacc-sim';
import { startAggregatorSimulator, type AggregatorSimulator, type SimEventOf } from '@parley/aggregator-sim';
import { createBotEngine } from '../../../bot-server/src/bot/index.js';
import { loadConfig } from '../../../bot-server/src/config/index.js';
import { createEwcContactCenter } from '../../../bot-server/src/contact-center/ewc/index.js';
import { systemClock } from '../../../bot-server/src/domain/ports.js';
import { MemoryFanout } from '../../../bot-server/src/fanout/memory.js';
import { createLogger } from '../../../bot-server/src/logger.js';
import { createServer, type ParleyServer } from '../../../bot-server/src/server.js';
import { openStore, type KyselyStore } from '../../../bot-server/src/store/index.js';
import pg from 'pg';
import { freshSchema } from '../../ha/support/pg-schema.js';
import { Observed } from '../../support/waiters.js';

export const CLAIM_TTL_MS = 3000;

export interface Instance {
  server: ParleyServer;
  store: KyselyStore;
  close(): Promise<void>;
}

export interface Pair {
  agg: AggregatorSimulator;
  instances: [Instance, Instance];
  business: Observed<SimEventOf<'business_message'>>;
  /** Webhooks each instance's route was given. */
  routed: [number, number];
  /** The unexpired claims of the instance named `name` (HA_INSTANCE_ID), by queue and key. */
  claimsOf(name: string): Promise<Array<{ queue: string; key: string; owner: string }>>;
  /** Who holds each (queue, key) claim now, lapsed or not. */
  owners(): Promise<Map<string, string>>;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** Forwards each webhook to the next instance in turn, as HAProxy would. */
function splitter(targets: () => string[], routed: [number, number]): Server {
  let next = 0;
  return createHttpServer((req, res) => {
    const i = next++ % 2;
    routed[i as 0 | 1]++;
    const url = new URL(req.url ?? '/', targets()[i]);
    const out = request(url, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  });
}

export async function startPair(databaseUrl: string): Promise<Pair> {
  const db = freshSchema(databaseUrl);
  const aacc: Simulator = await startSimulator({ port: 0 });
  const routed: [number, number] = [0, 0];
  const targets: string[] = [];
  const split = splitter(() => targets, routed);
  const splitPort = await listen(split);
  const agg = await startAggregatorSimulator({
    port: 0,
    webhookUrl: `http://127.0.0.1:${splitPort}/async/messaging/v1/webhook`,
    apiVersion: 'v2',
    retry: { retries: 5, baseDelayMs: 50, timeoutMs: 5000 },
  });
  const business = new Observed<SimEventOf<'business_message'>>();
  agg.control.events.on('business_message', (e: SimEventOf<'business_message'>) => business.push(e));

  async function start(name: string): Promise<Instance> {
    const config = loadConfig({
      LISTENING_HTTP_PORT: '0',
      DATABASE_URL: db.url,
      LOG_LEVEL: process.env['PAIR_LOG'] ?? 'silent',
      FLOWS_RELOAD: 'false',
      SHUTDOWN_GRACE_MS: '1000',
      HA_INSTANCE_ID: name,
      HA_LEASE_TTL_MS: String(CLAIM_TTL_MS),
      HA_LEASE_RENEW_MS: '1000',
      AGGREGATOR_URL: agg.apiBaseUrl,
      AGGREGATOR_APP_ID: agg.appId,
      AGGREGATOR_KEY_ID: agg.keyId,
      AGGREGATOR_SECRET: agg.secret,
      AGGREGATOR_WEBHOOK_SECRET: agg.webhookSecret,
    });
    const logger = createLogger(config.server);
    const store = await openStore(config.store, logger);
    const bot = await createBotEngine(config.bot, logger, { defaultCountry: 'GB' });
    const cc = createEwcContactCenter({ config: config.ewc, url: aacc.ewcUrl, store, clock: systemClock, logger });
    const server = createServer(config, {
      store,
      bot,
      contactCenter: cc,
      fanout: new MemoryFanout(),
      clock: systemClock,
      logger,
    });
    targets.push(await server.listen());
    return {
      server,
      store,
      async close() {
        await server.close();
        await cc.close();
        await bot.close();
        await store.close();
      },
    };
  }

  const instances: [Instance, Instance] = [await start('m1'), await start('m2')];
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const claims = async (where: string, params: unknown[]) =>
    (
      await admin.query<{ queue: string; key: string; owner: string }>(
        `select queue, key, owner from ${db.schema}.messaging_claims where ${where}`,
        params,
      )
    ).rows;
  return {
    agg,
    instances,
    business,
    routed,
    claimsOf: (name) =>
      claims(`owner like $1 and expires_at > (extract(epoch from clock_timestamp()) * 1000)::bigint`, [`${name}-%`]),
    owners: async () => new Map((await claims('true', [])).map((c) => [`${c.queue}:${c.key}`, c.owner])),
    async close() {
      await admin.end();
      await Promise.all(instances.map((i) => i.close()));
      await agg.close();
      await new Promise((resolve) => split.close(resolve));
      await aacc.close();
      await db.drop();
    },
  };
}
