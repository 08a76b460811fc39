/**
 * Parley wired to the real aggregator simulator and the real AACC simulator, in process on free ports: the real
 * flow engine, SQLite in a temp dir, the EWC contact center. `restart()` stops Parley and starts it again on the same
 * port and database (the simulators stay up), for the crash and outage tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@parley/aacc-sim';
import { startAggregatorSimulator, type AggregatorSimulator, type SimEventOf } from '@parley/aggregator-sim';
import { createBotEngine } from '../../../bot-server/src/bot/index.js';
import { loadTemplateCatalogue } from '../../../bot-server/src/channels/sunshine/templates.js';
import { loadConfig } from '../../../bot-server/src/config/index.js';
import { createEwcContactCenter } from '../../../bot-server/src/contact-center/ewc/index.js';
import { systemClock, type Clock, type ContactCenter } from '../../../bot-server/src/domain/ports.js';
import { MemoryFanout } from '../../../bot-server/src/fanout/memory.js';
import { createLogger } from '../../../bot-server/src/logger.js';
import { createServer, type ParleyServer } from '../../../bot-server/src/server.js';
import { openStore, type KyselyStore } from '../../../bot-server/src/store/index.js';
import { createVoice } from '../../../bot-server/src/voice/index.js';
import { Observed } from '../../support/waiters.js';

export const AGENT = '5001';
const TEMPLATES = join(import.meta.dirname, '../../../bot-server/flows/default/whatsapp-templates.yaml');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Parley {
  server: ParleyServer;
  store: KyselyStore;
  cc: ContactCenter;
  close(): Promise<void>;
}

export interface Harness {
  agg: AggregatorSimulator;
  aacc: Simulator;
  parley: Parley;
  /** Moves Parley's clock (not the simulators') forward, e.g. past a 24-hour window. */
  advanceParley(ms: number): void;
  /** Every business message the simulator's customers received, in order. */
  business: Observed<SimEventOf<'business_message'>>;
  /** Stops Parley (its inbox paused first when `pausedBefore`) and starts it again on the same port and database. */
  restart(opts?: { inboxPaused?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  opts: { apiVersion?: 'v1.1' | 'v2'; inboxPaused?: boolean; env?: Record<string, string> } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-msg-'));
  const port = await freePort();
  const aacc = await startSimulator({ port: 0 });
  const agg = await startAggregatorSimulator({
    port: 0,
    webhookUrl: `http://127.0.0.1:${port}/async/messaging/v1/webhook`,
    apiVersion: opts.apiVersion ?? 'v2',
    // Parley down for a moment must not cost the test a 29 s retry wait.
    retry: { retries: 5, baseDelayMs: 50, timeoutMs: 5000 },
  });
  const business = new Observed<SimEventOf<'business_message'>>();
  agg.control.events.on('business_message', (e: SimEventOf<'business_message'>) => business.push(e));
  const templates = await loadTemplateCatalogue(TEMPLATES);
  let offset = 0;
  const clock: Clock = { ...systemClock, now: () => Date.now() + offset };

  async function startParley(inboxPaused: boolean): Promise<Parley> {
    const config = loadConfig({
      LISTENING_HTTP_PORT: String(port),
      DATABASE_URL: `sqlite:${join(dir, 'p.db')}`,
      LOG_LEVEL: 'silent',
      FLOWS_RELOAD: 'false',
      SHUTDOWN_GRACE_MS: '1000',
      AGGREGATOR_URL: agg.apiBaseUrl,
      AGGREGATOR_APP_ID: agg.appId,
      AGGREGATOR_KEY_ID: agg.keyId,
      AGGREGATOR_SECRET: agg.secret,
      AGGREGATOR_WEBHOOK_SECRET: `old-secret,${agg.webhookSecret}`,
      ...opts.env,
    });
    const logger = createLogger(config.server);
    const store = await openStore(config.store, logger);
    const bot = await createBotEngine(config.bot, logger, { defaultCountry: 'GB' });
    const cc = createEwcContactCenter({ config: config.ewc, url: aacc.ewcUrl, store, clock: systemClock, logger });
    let baseUrl = '';
    const voice = createVoice({
      config,
      store,
      clock,
      logger,
      localBaseUrl: () => baseUrl,
      simulatorHttpUrl: aacc.httpUrl,
    });
    const server = createServer(config, {
      store,
      bot,
      contactCenter: cc,
      fanout: new MemoryFanout(),
      voice: voice.service,
      routes: [{ path: '/voice', router: voice.router }],
      clock,
      logger,
      messaging: { templates, inboxPaused },
    });
    baseUrl = await server.listen();
    return {
      server,
      store,
      cc,
      async close() {
        await server.close();
        await cc.close();
        await voice.close();
        await bot.close();
        await store.close();
      },
    };
  }

  await aacc.control.login(AGENT, 'agent');
  await aacc.control.setReady(AGENT, true);
  const h: Harness = {
    agg,
    aacc,
    business,
    advanceParley: (ms) => {
      offset += ms;
    },
    parley: await startParley(opts.inboxPaused === true),
    async restart(o = {}) {
      await h.parley.close();
      h.parley = await startParley(o.inboxPaused === true);
    },
    async close() {
      await h.parley.close();
      await agg.close();
      await aacc.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** The text a customer's app shows for a business message (the phone rendering's words, joined). */
export function shownText(e: SimEventOf<'business_message'>): string {
  const c = e.message.content as { text?: string; items?: Array<{ title?: string }> };
  return [c.text ?? '', ...(c.items ?? []).map((i) => i.title ?? '')].join('\n');
}

/** The next business message to `customerId` whose text matches, among those after the first `since` seen. */
export function nextFor(
  h: Harness,
  customerId: string,
  match: RegExp,
  what: string,
  since = 0,
  timeoutMs = 15_000,
): Promise<SimEventOf<'business_message'>> {
  const fresh = (e: SimEventOf<'business_message'>) => h.business.items.indexOf(e) >= since;
  return h.business.waitFor((e) => fresh(e) && e.customerId === customerId && match.test(shownText(e)), {
    what,
    timeoutMs,
    describe: (e) => `${e.customerId}: ${shownText(e)}`,
    relevant: (e) => e.customerId === customerId,
  });
}

/** Parley's identity record of a simulator customer (v1.1 keys on the app user, v2 on user and conversation). */
export async function identityOf(h: Harness, customerId: string) {
  const c = h.agg.control.customer(customerId);
  const keys = [c.id, c.externalId, `${c.id}:${c.conversationId}`];
  const found = await Promise.all(keys.map((k) => h.parley.store.getChannelIdentity(c.channel, h.agg.appId, k)));
  const identity = found.find((i) => i !== undefined);
  if (!identity) throw new Error(`no Parley identity for customer ${customerId}`);
  return identity;
}

/** Everything taken in so far is processed, rendered and handed to the aggregator; `rounds` times, as sends let more in. */
export async function settled(h: Harness, rounds = 1): Promise<void> {
  const m = h.parley.server.messaging;
  if (!m) throw new Error('messaging is not configured');
  for (let i = 0; i < rounds; i++) {
    await m.inbox.idle();
    await m.outbound.idle();
    await m.outbox.idle();
  }
}

/** The bot's texts in Parley's transcript of a simulator customer's conversation, in order. */
export async function botTexts(h: Harness, customerId: string): Promise<string[]> {
  const identity = await identityOf(h, customerId);
  const messages = await h.parley.store.listMessages(identity.conversationId);
  return messages.flatMap((m) => (m.author.role === 'bot' && m.content.type === 'text' ? [m.content.text] : []));
}

/** What the customer's app showed of the business messages, in order. */
export function shownTo(h: Harness, customerId: string): string[] {
  return h.business.items.filter((e) => e.customerId === customerId).map(shownText);
}
