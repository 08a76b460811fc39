/**
 * `npm start -w aggregator-sim`: run the simulator standalone and print its URLs and demo credentials.
 * Environment (read here only): AGGREGATOR_SIM_PORT (default 8082), AGGREGATOR_SIM_HOST (127.0.0.1),
 * AGGREGATOR_SIM_WEBHOOK_URL, AGGREGATOR_SIM_API_VERSION (v1.1 | v2), AGGREGATOR_SIM_KEY_ID, AGGREGATOR_SIM_SECRET,
 * AGGREGATOR_SIM_WEBHOOK_SECRET.
 */
import pino from 'pino';
import { DEFAULT_PORT, DEFAULT_WEBHOOK_URL, type ApiVersion } from './options.js';
import { startAggregatorSimulator } from './simulator.js';

function readConfig(env: NodeJS.ProcessEnv) {
  const port = Number(env['AGGREGATOR_SIM_PORT'] ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`AGGREGATOR_SIM_PORT must be a port number, got ${env['AGGREGATOR_SIM_PORT']}`);
  const version = env['AGGREGATOR_SIM_API_VERSION'] ?? 'v1.1';
  if (version !== 'v1.1' && version !== 'v2')
    throw new Error(`AGGREGATOR_SIM_API_VERSION must be v1.1 or v2, got ${version}`);
  const apiVersion: ApiVersion = version;
  return {
    port,
    host: env['AGGREGATOR_SIM_HOST'] ?? '127.0.0.1',
    webhookUrl: env['AGGREGATOR_SIM_WEBHOOK_URL'] ?? DEFAULT_WEBHOOK_URL,
    apiVersion: apiVersion,
    // Demo credentials, printed below: this is a local test double, not a place for real secrets.
    keyId: env['AGGREGATOR_SIM_KEY_ID'],
    secret: env['AGGREGATOR_SIM_SECRET'] ?? 'parley-demo-aggregator-secret',
    webhookSecret: env['AGGREGATOR_SIM_WEBHOOK_SECRET'] ?? 'parley-demo-webhook-secret',
  };
}

let config: ReturnType<typeof readConfig>;
try {
  config = readConfig(process.env);
} catch (err) {
  process.stderr.write(`aggregator-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
const logger = pino({ name: 'aggregator-sim' });
const sim = await startAggregatorSimulator({ ...config, logger });
process.stdout.write(
  [
    'Aggregator simulator (Sunshine Conversations / Smooch)',
    `  API:      ${sim.apiBaseUrl}  app ${sim.appId}, key ${sim.keyId} / ${sim.secret}`,
    `  Webhooks: ${config.webhookUrl}  (X-API-Key: ${sim.webhookSecret})`,
    `  Phones:   ${sim.phonePages.whatsapp}  ${sim.phonePages.messenger}  ${sim.phonePages.x}`,
    `  Control:  ${sim.controlUrl}<command>`,
    '',
  ].join('\n'),
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0));
  });
}
