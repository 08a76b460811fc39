/**
 * One HTTP request to a dialer provider, with a timeout. Every transport failure, timeout and non-2xx
 * answer becomes ParleyError('PARLEY_ERR_VOICE_PROVIDER') whose detail says what happened (status,
 * provider error code) without any personal data, so callers and logs can tell them apart.
 */
import type { Logger } from 'pino';
import { ParleyError } from '../errors.js';

/** What the voice module logs through (pino-compatible). */
export type VoiceLogger = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

export interface ProviderFailure {
  provider: string;
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  /** Provider's own error code when it sent one. */
  providerCode?: string | number;
  kind: 'timeout' | 'network' | 'auth' | 'rejected' | 'server_error' | 'bad_response';
}

export interface ProviderResponse {
  status: number;
  json: unknown;
}

/** Issue the request; resolve with the parsed JSON of a 2xx answer, reject with a coded error otherwise. */
export async function providerRequest(
  provider: string,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<ProviderResponse> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw failure({ provider, status: 0, kind: timeout ? 'timeout' : 'network' });
  }
  const text = await res.text().catch(() => '');
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (res.ok) {
    if (json === undefined || typeof json !== 'object' || json === null)
      throw failure({ provider, status: res.status, kind: 'bad_response' });
    return { status: res.status, json };
  }
  const code = providerErrorCode(json);
  const kind: ProviderFailure['kind'] =
    res.status === 401 || res.status === 403 ? 'auth' : res.status >= 500 ? 'server_error' : 'rejected';
  throw failure({ provider, status: res.status, kind, ...(code !== undefined ? { providerCode: code } : {}) });
}

function providerErrorCode(json: unknown): string | number | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const j = json as { code?: unknown; error?: { code?: unknown } };
  const code = j.code ?? j.error?.code;
  return typeof code === 'string' || typeof code === 'number' ? code : undefined;
}

function failure(detail: ProviderFailure): ParleyError {
  const what = detail.status ? `HTTP ${detail.status}` : detail.kind;
  return new ParleyError('PARLEY_ERR_VOICE_PROVIDER', `${detail.provider} request failed (${what})`, detail);
}

/** The ProviderFailure carried by an error, if it is one of ours. */
export function providerFailureOf(err: unknown): ProviderFailure | undefined {
  return err instanceof ParleyError && err.code === 'PARLEY_ERR_VOICE_PROVIDER'
    ? (err.detail as ProviderFailure)
    : undefined;
}
