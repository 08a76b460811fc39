/**
 * Parsing helpers used at both boundaries. They never throw on bad input: they return a coded
 * result so that one bad frame can never take a connection, let alone the server, down.
 */
import type * as z from 'zod/mini';
import { ClientFrameSchema, ServerFrameSchema, type ClientFrame, type ServerFrame } from './frames.js';
import type { ErrorCode } from './errors.js';
import { LIMITS } from './limits.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; detail: string };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 12;

function safeJson(raw: string): ParseResult<unknown> {
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

function parseWith<T>(schema: z.ZodMiniType<T>, known: ReadonlySet<string>, raw: string): ParseResult<T> {
  if (raw.length > LIMITS.frameMaxBytes)
    return { ok: false, code: 'PARLEY_ERR_PAYLOAD_TOO_LARGE', detail: `${raw.length} > ${LIMITS.frameMaxBytes}` };
  const json = safeJson(raw);
  if (!json.ok) return json;
  const v = json.value as { type?: unknown } | null;
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return { ok: false, code: 'PARLEY_ERR_BAD_FRAME', detail: 'frame must be an object' };
  if (typeof v.type !== 'string' || !known.has(v.type))
    return { ok: false, code: 'PARLEY_ERR_UNKNOWN_TYPE', detail: `unknown type ${String(v.type).slice(0, 40)}` };
  const result = schema.safeParse(v);
  if (!result.success) {
    const issue = result.error.issues[0];
    const tooLong = result.error.issues.some((i) => i.code === 'too_big' && i.path.includes('text'));
    return {
      ok: false,
      code: tooLong ? 'PARLEY_ERR_TEXT_TOO_LONG' : 'PARLEY_ERR_BAD_FRAME',
      detail: issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid frame',
    };
  }
  return { ok: true, value: result.data };
}

const typesOf = (u: {
  _zod: {
    def: {
      options: ReadonlyArray<{ _zod: { def: { shape: { type: { _zod: { def: { values: readonly unknown[] } } } } } } }>;
    };
  };
}) => new Set(u._zod.def.options.map((o) => String(o._zod.def.shape.type._zod.def.values[0])));
const CLIENT_TYPES: ReadonlySet<string> = typesOf(ClientFrameSchema);
const SERVER_TYPES: ReadonlySet<string> = typesOf(ServerFrameSchema);

export function parseClientFrame(raw: string): ParseResult<ClientFrame> {
  return parseWith(ClientFrameSchema, CLIENT_TYPES, raw);
}

export function parseServerFrame(raw: string): ParseResult<ServerFrame> {
  // Server frames may be larger than client frames (history pages).
  const json = safeJson(raw);
  if (!json.ok) return json;
  const v = json.value as { type?: unknown } | null;
  if (v === null || typeof v !== 'object' || typeof v.type !== 'string' || !SERVER_TYPES.has(v.type)) {
    return { ok: false, code: 'PARLEY_ERR_UNKNOWN_TYPE', detail: 'unknown server frame' };
  }
  const result = ServerFrameSchema.safeParse(v);
  if (!result.success)
    return { ok: false, code: 'PARLEY_ERR_BAD_FRAME', detail: result.error.issues[0]?.message ?? 'invalid frame' };
  return { ok: true, value: result.data };
}
