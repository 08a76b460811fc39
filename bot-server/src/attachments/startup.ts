/**
 * `npm start`'s scanner: CLAMD_URL when given; otherwise a private clamd when the binary is installed (the system's
 * signatures when freshclam has fetched them, else the EICAR test signature only, which the banner says); otherwise
 * uploads are off. Never fatal: a clamd that does not start turns uploads off, with a log line.
 */
import { existsSync } from 'node:fs';
import type { Config } from '../config/index.js';
import type { Logger } from '../logger.js';
import { CLAMD_BINARY, SYSTEM_SIGNATURES, startPrivateClamd, type PrivateClamd } from './clamd-daemon.js';

export interface UploadScanner {
  config: Config;
  clamd: PrivateClamd | undefined;
  /** One line for the banner: whether uploads are on, and with which scanner. */
  status: string;
}

export async function withClamd(config: Config, logger: Logger): Promise<UploadScanner> {
  const a = config.attachments;
  if (a.CLAMD_URL) return { config, clamd: undefined, status: `on (clamd ${a.CLAMD_URL})` };
  if (!existsSync(CLAMD_BINARY))
    return { config, clamd: undefined, status: 'off (no clamd: install clamav-daemon or set CLAMD_URL)' };
  try {
    const clamd = await startPrivateClamd({ maxStreamBytes: a.ATTACHMENT_MAX_BYTES + 1024 * 1024 });
    const signatures =
      clamd.signatures === SYSTEM_SIGNATURES
        ? `signatures ${SYSTEM_SIGNATURES}`
        : 'EICAR test signature only: run freshclam for real protection';
    return {
      config: { ...config, attachments: { ...a, CLAMD_URL: clamd.url } },
      clamd,
      status: `on (private clamd, ${signatures})`,
    };
  } catch (err) {
    logger.error(
      { err: { message: err instanceof Error ? err.message : String(err) } },
      'the private clamd did not start; uploads are off',
    );
    return { config, clamd: undefined, status: 'off (the private clamd did not start)' };
  }
}
