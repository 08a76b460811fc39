import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Aggregator } from './aggregator.js';
import { createControl, type AggregatorControl } from './control/control.js';
import { noFaults } from './faults.js';
import { createApp } from './http/app.js';
import { Customers } from './model/customers.js';
import type { WebhookAttempt } from './model/events.js';
import { resolveOptions, type AggregatorSimOptions, type ApiVersion } from './options.js';
import { PHONE_WS_PATH, PhoneSocketServer } from './phone-server/phone-socket.js';
import { WebhookSender } from './webhooks/sender.js';

/** Webhook attempts kept for `control.webhooks()`. */
const WEBHOOK_LOG_MAX = 2000;

/** A running aggregator simulator. */
export interface AggregatorSimulator {
  /** http://host:port */
  readonly httpUrl: string;
  /** What Parley's AGGREGATOR_URL should be: http://host:port/v1.1/apps/ or /v2/apps/ (per `apiVersion`). */
  readonly apiBaseUrl: string;
  readonly apiVersion: ApiVersion;
  readonly appId: string;
  readonly keyId: string;
  readonly secret: string;
  readonly webhookSecret: string;
  /** The customer pages, one per channel. */
  readonly phonePages: { whatsapp: string; messenger: string; x: string };
  /** http://host:port/sim/control/ (append a command name). */
  readonly controlUrl: string;
  readonly control: AggregatorControl;
  /** Stop listening, drop every socket, cancel every pending webhook. */
  close(): Promise<void>;
}

/** Start the Sunshine Conversations / Smooch simulator (REST, webhooks, phone pages and control on one port). */
export async function startAggregatorSimulator(options: AggregatorSimOptions = {}): Promise<AggregatorSimulator> {
  const opts = resolveOptions(options);
  const faults = noFaults();
  const customers = new Customers(opts.clock);
  const webhookLog: WebhookAttempt[] = [];
  const sender = new WebhookSender({
    url: opts.webhookUrl,
    secret: opts.webhookSecret,
    retry: opts.retry,
    clock: opts.clock,
    faults,
    logger: opts.logger,
    record(attempt) {
      webhookLog.push(attempt);
      if (webhookLog.length > WEBHOOK_LOG_MAX) webhookLog.shift();
      customers.emit({ type: 'webhook', at: attempt.at, attempt });
    },
  });
  const aggregator = new Aggregator(customers, sender, opts.clock, { appId: opts.appId, apiVersion: opts.apiVersion });
  const control = createControl({ aggregator, sender, faults, webhookLog });
  const phones = new PhoneSocketServer(aggregator);
  const app = createApp({ ...opts, faults, aggregator, control });

  const server: Server = createServer(app);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if ((req.url ?? '').split('?')[0] === PHONE_WS_PATH) phones.handleUpgrade(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const httpUrl = `http://${host}:${port}`;
  opts.logger.info({ port, apiVersion: opts.apiVersion }, 'aggregator simulator listening');

  let closing: Promise<void> | undefined;
  return {
    httpUrl,
    apiBaseUrl: `${httpUrl}/${opts.apiVersion}/apps/`,
    apiVersion: opts.apiVersion,
    appId: opts.appId,
    keyId: opts.keyId,
    secret: opts.secret,
    webhookSecret: opts.webhookSecret,
    phonePages: {
      whatsapp: `${httpUrl}/phone/whatsapp`,
      messenger: `${httpUrl}/phone/messenger`,
      x: `${httpUrl}/phone/x`,
    },
    controlUrl: `${httpUrl}/sim/control/`,
    control,
    close() {
      closing ??= (async () => {
        sender.close();
        phones.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
