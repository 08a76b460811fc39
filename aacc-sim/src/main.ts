/**
 * `npm start -w aacc-sim`: run the simulator standalone and print its URLs.
 * Environment (read here only): AACC_SIM_PORT (default 8081), AACC_SIM_HOST (default 127.0.0.1),
 * AACC_SIM_TLS_CERT / AACC_SIM_TLS_KEY (PEM paths, optional), AACC_SIM_AUTO_ANSWER=1.
 */
import pino from 'pino';
import { startSimulator } from './simulator.js';

function readConfig(env: NodeJS.ProcessEnv) {
  const port = Number(env['AACC_SIM_PORT'] ?? 8081);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`AACC_SIM_PORT must be a port number, got ${env['AACC_SIM_PORT']}`);
  const cert = env['AACC_SIM_TLS_CERT'];
  const key = env['AACC_SIM_TLS_KEY'];
  if (Boolean(cert) !== Boolean(key)) throw new Error('Set both AACC_SIM_TLS_CERT and AACC_SIM_TLS_KEY, or neither');
  return {
    port,
    host: env['AACC_SIM_HOST'] ?? '127.0.0.1',
    tls: cert && key ? { cert, key } : undefined,
    autoAnswer: env['AACC_SIM_AUTO_ANSWER'] === '1',
  };
}

let config: ReturnType<typeof readConfig>;
try {
  config = readConfig(process.env);
} catch (err) {
  process.stderr.write(`aacc-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
const logger = pino({ name: 'aacc-sim' });
const sim = await startSimulator({ ...config, logger });
process.stdout.write(
  `AACC simulator\n  EWC:     ${sim.ewcUrl}\n  REST:    ${sim.httpUrl}/CustomerControllerWeb/\n  Desktop: ${sim.desktopUrl}  (agents 5001-5003, supervisor 9001, password "agent")\n`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0));
  });
}
