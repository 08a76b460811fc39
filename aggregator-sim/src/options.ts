import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from './clock.js';

/** Minimal pino-compatible logger. */
export interface SimLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Which API version the simulated app's webhook was created with, and which base URL is advertised. */
export type ApiVersion = 'v1.1' | 'v2';

/** Smooch's retry policy: attempts at exponentially growing intervals, over about 15 minutes. */
export interface RetryPolicy {
  /** Retries after the first attempt [5]. */
  retries: number;
  /** First retry delay; each next one doubles [29000, so the fifth retry lands 14 min 59 s after the first try]. */
  baseDelayMs: number;
  /** A webhook call without an answer within this long counts as failed [20000]. */
  timeoutMs: number;
}

/** Options of {@link startAggregatorSimulator}; every field is optional. See README.md for the defaults. */
export interface AggregatorSimOptions {
  port?: number;
  host?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  appId?: string;
  keyId?: string;
  secret?: string;
  apiVersion?: ApiVersion;
  retry?: Partial<RetryPolicy>;
  logger?: SimLogger;
  clock?: Clock;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  port: number;
  host: string;
  webhookUrl: string;
  webhookSecret: string;
  appId: string;
  keyId: string;
  secret: string;
  apiVersion: ApiVersion;
  retry: RetryPolicy;
  logger: SimLogger;
  clock: Clock;
}

const SILENT: SimLogger = { debug() {}, info() {}, warn() {}, error() {} };

export const DEFAULT_PORT = 8082;
export const DEFAULT_WEBHOOK_URL = 'http://127.0.0.1:8080/async/messaging/v1/webhook';
/** Fixed demo identifiers, so `npm start` and Parley agree without configuration. */
export const DEMO_APP_ID = '5f0c0a11e5a1ab0012ab34cd';
export const DEMO_KEY_ID = 'app_5f0c0a11e5a1ab0012ab34ce';

/** Apply defaults. Secrets default to random values: tests pass their own, main.ts prints the demo ones. */
export function resolveOptions(opts: AggregatorSimOptions = {}): ResolvedOptions {
  return {
    port: opts.port ?? DEFAULT_PORT,
    host: opts.host ?? '127.0.0.1',
    webhookUrl: opts.webhookUrl ?? DEFAULT_WEBHOOK_URL,
    webhookSecret: opts.webhookSecret ?? randomBytes(24).toString('base64url'),
    appId: opts.appId ?? DEMO_APP_ID,
    keyId: opts.keyId ?? DEMO_KEY_ID,
    secret: opts.secret ?? randomBytes(24).toString('base64url'),
    apiVersion: opts.apiVersion ?? 'v1.1',
    retry: {
      retries: opts.retry?.retries ?? 5,
      baseDelayMs: opts.retry?.baseDelayMs ?? 29_000,
      timeoutMs: opts.retry?.timeoutMs ?? 20_000,
    },
    logger: opts.logger ?? SILENT,
    clock: opts.clock ?? systemClock,
  };
}
