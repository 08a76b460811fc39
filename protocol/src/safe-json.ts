/**
 * JSON parsing for both boundaries (zod-free: the widget bundles it without the schemas). It never throws on bad
 * input: it returns a coded result, so one bad frame can never take a connection, let alone the server, down.
 */
import type { ErrorCode } from './errors.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; detail: string };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 12;

export function safeJson(raw: string): ParseResult<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw, (key, v: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new SyntaxError(`forbidden key ${key}`);
      return v;
    });
  } catch (err) {
    return { ok: false, code: 'PARLEY_ERR_BAD_JSON', detail: err instanceof Error ? err.message : 'invalid JSON' };
  }
  if (depth(value, 0) > MAX_DEPTH) return { ok: false, code: 'PARLEY_ERR_BAD_FRAME', detail: 'nested too deeply' };
  return { ok: true, value };
}

function depth(v: unknown, d: number): number {
  if (d > MAX_DEPTH) return d;
  if (v === null || typeof v !== 'object') return d;
  let max = d + 1;
  for (const child of Object.values(v as Record<string, unknown>)) max = Math.max(max, depth(child, d + 1));
  return max;
}
