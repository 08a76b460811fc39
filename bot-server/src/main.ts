/**
 * The process entry point: load config, compose the real adapters, listen, print the banner, and
 * shut down gracefully on SIGTERM/SIGINT. Nothing else lives here.
 */
import type { Simulator } from '@parley/aacc-sim';
import { withClamd } from './attachments/startup.js';
import { formatBanner } from './banner.js';
import { SUPERVISOR_PAGE_PATH } from './survey/index.js';
import { MESSAGING_BASE_PATH } from './channels/messaging/index.js';
import { templatesFor, withAggregator } from './channels/messaging/startup.js';
import { mediaBaseOf, richCatalogueFor, richPalette, type RichCatalogue } from './rich/index.js';
import { createBotEngine } from './bot/index.js';
import { loadConfig, type Config } from './config/index.js';
import { createEwcContactCenter, type WsFactory } from './contact-center/ewc/index.js';
import { systemClock, type ContactCenter, type Store } from './domain/ports.js';
import { UnavailableContactCenter } from './domain/unavailable-contact-center.js';
import { isParleyError } from './errors.js';
import { createFanout } from './fanout/index.js';
import { createLimits } from './transport/rate-limit-redis.js';
import { leasedContactCenter, leasesEnabled } from './ha/index.js';
import { createLogger, type Logger } from './logger.js';
import { createServer } from './server.js';
import { openStore } from './store/index.js';
import { createVoice } from './voice/index.js';
import { botHoursOf } from './time/hours-config.js';

/** Hard stop if a graceful shutdown hangs. */
const SHUTDOWN_DEADLINE_MS = 20_000;
/** Conversations stuck mid-escalation (a crash before the provider took the chat) are recovered once quiet this long; also the sweep interval. */
const ORPHAN_QUIET_MS = 60_000;

async function contactCenterFor(
  config: Config,
  logger: Logger,
  store: Awaited<ReturnType<typeof openStore>>,
  rich: RichCatalogue | undefined,
): Promise<{ contactCenter: ContactCenter; sim?: Simulator; url: string }> {
  let url = config.ewc.EWC_WEBSOCKET_URL;
  let sim: Simulator | undefined;
  if (!url) {
    try {
      // Loaded only when used: against a real AACC the simulator (express app, model, desktop) is never imported.
      const { startSimulator } = await import('@parley/aacc-sim');
      sim = await startSimulator({
        port: config.ewc.SIM_PORT,
        ...(config.ewc.SIM_STATE_FILE ? { stateFile: config.ewc.SIM_STATE_FILE } : {}),
        logger: logger.child({ component: 'aacc-sim' }),
        // The desktop's rich media palette lists what `/rich CODE` can send.
        richResponses: richPalette(rich),
      });
      url = sim.ewcUrl;
    } catch (err) {
      logger.error(
        { err: { message: err instanceof Error ? err.message : String(err) } },
        'the built-in AACC simulator did not start; chat escalation is unavailable',
      );
      return { contactCenter: new UnavailableContactCenter(), url: '(none)' };
    }
  }
  const gateway = (
    parts: { store: Store; wsFactory?: WsFactory; farewellWsFactory?: WsFactory; instanceId?: string } = { store },
  ) =>
    createEwcContactCenter({
      config: config.ewc,
      url,
      clock: systemClock,
      logger,
      probe: true,
      timings: { queueStatusEveryMs: config.ewc.EWC_QUEUE_STATUS_INTERVAL },
      ...parts,
    });
  // Several instances: each chat's EWC session is leased to one of them (ha/).
  const contactCenter =
    leasesEnabled(config.ha, config.store) && config.store.REDIS_URL !== undefined
      ? leasedContactCenter({
          ha: config.ha,
          redisUrl: config.store.REDIS_URL,
          store,
          clock: systemClock,
          logger,
          gateway,
        })
      : gateway();
  return { contactCenter, url, ...(sim ? { sim } : {}) };
}

async function main(): Promise<void> {
  let loaded: Config;
  try {
    loaded = loadConfig(process.env);
  } catch (err) {
    process.stderr.write(`${isParleyError(err) ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const logger = createLogger(loaded.server);
  const clock = systemClock;
  // Before anything listens: the simulator needs this server's webhook URL, and Parley the simulator's API.
  const { config: withSim, sim: aggregatorSim } = await withAggregator(loaded, logger);
  // A private clamd when none is configured and the binary is installed (CLAMD_URL then points at it), started
  // alongside the store and the bot's training: loading real signatures can take seconds.
  // This server's address, known once it listens (the bot's pictures and voice callbacks read it later).
  let baseUrl = '';
  const [{ config, clamd, status: uploads }, store, bot] = await Promise.all([
    withClamd(withSim, logger),
    openStore(withSim.store, logger),
    createBotEngine(withSim.bot, logger, {
      defaultCountry: withSim.server.DEFAULT_COUNTRY,
      zone: withSim.server.TIMEZONE,
      maxCallbackAheadMs: withSim.voice.VOICE_MAX_SCHEDULE_DAYS * 24 * 3600_000,
      mediaBase: mediaBaseOf(withSim.server, () => baseUrl),
      ...botHoursOf(withSim),
    }),
  ]);
  const fanout = createFanout(config.store.REDIS_URL, logger, {
    log: store,
    catchUpMs: config.store.FANOUT_CATCH_UP_MS,
  });
  const rich = await richCatalogueFor(config, logger);
  const limits = createLimits(config.store.REDIS_URL, logger);
  const { contactCenter, sim, url: ccUrl } = await contactCenterFor(config, logger, store, rich);

  const voice = createVoice({
    config,
    store,
    clock,
    logger,
    localBaseUrl: () => baseUrl,
    ...(sim ? { simulatorHttpUrl: sim.httpUrl } : {}),
  });
  const server = createServer(config, {
    store,
    bot,
    contactCenter,
    fanout,
    limits,
    voice: voice.service,
    logger,
    clock,
    routes: [{ path: '/voice', router: voice.router }],
    messaging: { templates: await templatesFor(config, logger) },
    rich,
  });
  baseUrl = await server.listen();
  await contactCenter.recover();
  const idleMs = config.server.BOT_IDLE_TIMEOUT_MS;
  const sweep = () => {
    const failed = (what: string) => (err: unknown) =>
      logger.error({ err: { message: err instanceof Error ? err.message : String(err) } }, `${what} sweep failed`);
    void server.service.recoverOrphans(ORPHAN_QUIET_MS).catch(failed('orphan'));
    if (idleMs > 0) void server.service.closeIdle(idleMs).catch(failed('idle'));
  };
  sweep();
  const sweeper = setInterval(sweep, ORPHAN_QUIET_MS);
  sweeper.unref();

  process.stdout.write(
    `${formatBanner({
      listening: baseUrl,
      health: `${baseUrl}/health`,
      widgetScript: `${baseUrl}/widget/parley.js`,
      ...(config.server.SERVE_DEMO ? { demoSite: `${baseUrl}/` } : {}),
      ...(sim ? { agentDesktop: sim.desktopUrl } : {}),
      supervisor:
        config.aftercare.OPERATOR_TOKEN.length > 0
          ? `${baseUrl}${SUPERVISOR_PAGE_PATH} (sign in with OPERATOR_TOKEN)`
          : `off (set OPERATOR_TOKEN for ${baseUrl}${SUPERVISOR_PAGE_PATH})`,
      contactCenter: sim ? `${ccUrl} (built-in simulator)` : ccUrl,
      dialer: config.voice.DIALER,
      ...(config.aggregator.AGGREGATOR_URL
        ? {
            messaging: {
              aggregator: aggregatorSim
                ? `${config.aggregator.AGGREGATOR_URL} (built-in simulator)`
                : config.aggregator.AGGREGATOR_URL,
              webhook: `${baseUrl}${MESSAGING_BASE_PATH}/webhook`,
              healthCheck: `${baseUrl}${MESSAGING_BASE_PATH}/health-check`,
              phonePages: aggregatorSim ? Object.values(aggregatorSim.phonePages) : [],
            },
          }
        : {}),
      uploads,
      store: config.store.DATABASE_URL,
      logLevel: config.server.LOG_LEVEL,
      allowedOrigins:
        config.server.ALLOWED_ORIGINS.length > 0
          ? [...config.server.ALLOWED_ORIGINS]
          : [`${baseUrl} (this server only)`],
    })}\n`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    clearInterval(sweeper);
    try {
      await server.close();
      await contactCenter.close();
      await voice.close();
      await bot.close();
      await fanout.close();
      await limits.close();
      await store.close();
      await sim?.close();
      await aggregatorSim?.close();
      await clamd?.stop();
      process.exit(0);
    } catch (err) {
      logger.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Parley failed to start: ${isParleyError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
