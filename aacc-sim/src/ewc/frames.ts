import type { SimError } from '../errors.js';

/** EWC envelope as sent by the simulator. */
export interface EwcFrame {
  apiVersion: '1.0';
  type: 'notification' | 'acknowledgement' | 'error';
  body: Record<string, unknown> & { method: string };
}

/** Client request methods the simulator understands (canonical spelling). */
export const CLIENT_METHODS = [
  'requestChat',
  'renewChat',
  'newMessage',
  'isTyping',
  'newPushPageMessage',
  'queueStatus',
  'closeConversation',
  'ping',
] as const;
export type ClientMethod = (typeof CLIENT_METHODS)[number];

const CANONICAL = new Map<string, ClientMethod>(CLIENT_METHODS.map((m) => [m.toLowerCase(), m]));

export interface ClientRequest {
  method: ClientMethod;
  body: Record<string, unknown>;
}

export interface BadRequest {
  /** Text for an error frame (code 1). */
  error: string;
  /** The request's method when it could be read. */
  method?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parse one client text frame, tolerating what real clients send: `apiVersion` numeric or missing, extra and
 * null fields, lower-case method names. Never throws.
 */
export function parseClientFrame(raw: string): ClientRequest | BadRequest {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { error: 'Invalid message: malformed JSON' };
  }
  if (!isRecord(value) || !isRecord(value['body'])) return { error: 'Invalid message: expected {type, body}' };
  const body = value['body'];
  const rawMethod = body['method'];
  if (typeof rawMethod !== 'string') return { error: 'Invalid message: body.method is missing' };
  const type = value['type'];
  if (type !== undefined && type !== null && (typeof type !== 'string' || type.toLowerCase() !== 'request')) {
    return { error: 'Invalid message: type must be "request"', method: rawMethod };
  }
  const method = CANONICAL.get(rawMethod.toLowerCase());
  if (!method)
    return { error: `Invalid message: unknown method ${rawMethod.slice(0, 64)}`, method: rawMethod.slice(0, 64) };
  return { method, body };
}

/** `notification/<method>` frame. */
export function notification(method: string, fields: Record<string, unknown> = {}): EwcFrame {
  return { apiVersion: '1.0', type: 'notification', body: { method, ...fields } };
}

/** `acknowledgement/<method>` frame. */
export function acknowledgement(method: string, fields: Record<string, unknown> = {}): EwcFrame {
  return { apiVersion: '1.0', type: 'acknowledgement', body: { method, ...fields } };
}

/** `error` frame; `method` is the failed request's method or the literal 'error' (option `errorMethod`). */
export function errorFrame(code: number, errorMessage: string, method: string): EwcFrame {
  return { apiVersion: '1.0', type: 'error', body: { method, code, errorMessage } };
}

/** The error frame of a simulator error: code 2 for a session that cannot be resumed, else code 1. */
export function ewcErrorFrame(err: SimError, method: string): EwcFrame {
  if (err.code === 'session_invalid') return errorFrame(2, err.message, method);
  return errorFrame(1, `Invalid message: ${err.message}`, method);
}

/** `guid` as number or numeric string; undefined when absent/null, NaN when present but invalid. */
export function readGuid(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : NaN;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return NaN;
}

/** A string field (trimmed), or undefined when absent, null or not a string. */
export function readString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  return typeof v === 'string' ? v : undefined;
}
