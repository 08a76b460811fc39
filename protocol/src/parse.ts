/**
 * Parsing helpers used at both boundaries. They never throw on bad input: they return a coded
 * result so that one bad frame can never take a connection, let alone the server, down.
 */
import type * as z from 'zod/mini';
import { ClientFrameSchema, ServerFrameSchema, type ClientFrame, type ServerFrame } from './frames.js';
import { LIMITS } from './limits.js';
import { safeJson, type ParseResult } from './safe-json.js';

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
