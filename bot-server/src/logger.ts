/**
 * The process logger: pino at LOG_LEVEL, with personal data and secrets redacted wherever they
 * appear in a log object. Code logs ids and lengths, never message text; the redaction is the net
 * under that rule.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { ServerConfig } from './config/index.js';

const SENSITIVE = [
  'token',
  'secret',
  'authenticationKey',
  'authorization',
  'password',
  'apiKey',
  'text',
  'phone',
  'name',
  'email',
  'details',
  'values',
];

/** Redact paths for top-level and nested (one and two levels) keys. */
export const REDACT_PATHS: readonly string[] = SENSITIVE.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]).concat([
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
]);

export function createLogger(config: Pick<ServerConfig, 'LOG_LEVEL'>, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level: config.LOG_LEVEL,
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    base: { service: 'parley' },
  };
  return destination ? pino(options, destination as DestinationStream) : pino(options);
}

export type { Logger };
