/**
 * What `npm start` needs for the messaging channels: when AGGREGATOR_URL is unset, the aggregator simulator is
 * started (loaded only then, as the AACC simulator is) with this server's webhook URL and fresh credentials shared
 * with the connector; and the WhatsApp template catalogue beside the flows.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { AggregatorSimulator } from '@parley/aggregator-sim';
import { BUNDLED_FLOWS_DIR } from '../../bot/index.js';
import type { Config } from '../../config/index.js';
import type { Logger } from '../../logger.js';
import { loadTemplateCatalogue, type TemplateCatalogue } from '../sunshine/templates.js';
import { MESSAGING_BASE_PATH } from './webhook-route.js';

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface SimulatedAggregator {
  config: Config;
  sim: AggregatorSimulator | undefined;
}

/**
 * Starts the simulator when no aggregator is configured and returns the configuration pointing at it (the listening
 * port fixed first when it was 0, since the simulator needs the webhook URL before Parley listens).
 */
export async function withAggregator(config: Config, logger: Logger): Promise<SimulatedAggregator> {
  if (config.aggregator.AGGREGATOR_URL) return { config, sim: undefined };
  const s = config.server;
  const host = s.LISTENING_IP ?? '127.0.0.1';
  const https = s.LISTENING_PROTO === 'https';
  let port = https ? s.LISTENING_HTTPS_PORT : s.LISTENING_HTTP_PORT;
  try {
    if (port === 0) port = await freePort(host);
    const { startAggregatorSimulator } = await import('@parley/aggregator-sim');
    const sim = await startAggregatorSimulator({
      port: config.aggregator.AGGREGATOR_SIM_PORT,
      webhookUrl: `${s.LISTENING_PROTO}://${host.includes(':') ? `[${host}]` : host}:${port}${MESSAGING_BASE_PATH}/webhook`,
      webhookSecret: randomBytes(24).toString('base64url'),
      secret: randomBytes(24).toString('base64url'),
      logger: logger.child({ component: 'aggregator-sim' }),
    });
    const server = https ? { ...s, LISTENING_HTTPS_PORT: port } : { ...s, LISTENING_HTTP_PORT: port };
    const aggregator = {
      ...config.aggregator,
      AGGREGATOR_URL: sim.apiBaseUrl,
      AGGREGATOR_APP_ID: sim.appId,
      AGGREGATOR_KEY_ID: sim.keyId,
      AGGREGATOR_SECRET: sim.secret,
      AGGREGATOR_WEBHOOK_SECRET: [sim.webhookSecret],
    };
    return { config: { ...config, server, aggregator }, sim };
  } catch (err) {
    logger.error(
      { err: { message: err instanceof Error ? err.message : String(err) } },
      'the built-in aggregator simulator did not start; WhatsApp, Messenger and X are unavailable',
    );
    return { config, sim: undefined };
  }
}

/** The catalogue next to the flows (FLOWS_DIR or the bundled ones); undefined, with a warning, when absent or invalid. */
export async function templatesFor(config: Config, logger: Logger): Promise<TemplateCatalogue | undefined> {
  const dir = config.bot.FLOWS_DIR ?? BUNDLED_FLOWS_DIR;
  const file = [join(dir, 'whatsapp-templates.yaml'), join(dir, 'default', 'whatsapp-templates.yaml')].find((f) =>
    existsSync(f),
  );
  if (!file) return undefined;
  try {
    return await loadTemplateCatalogue(file);
  } catch (err) {
    logger.warn(
      { err: { message: err instanceof Error ? err.message : String(err) } },
      'WhatsApp templates not loaded',
    );
    return undefined;
  }
}
