/**
 * The widget's check of every inbound frame: the same verdicts as the protocol's parseServerFrame, from shapes
 * generated from its zod schemas (server-frame-shape.ts) instead of zod itself, which the widget cannot afford.
 */
import { safeJson, type ParseResult, type ServerFrame } from '@parley/protocol';
import { SERVER_FRAME_SHAPE } from './server-frame-shape.js';
import { misfit, optionOf } from './shape.js';

export function parseServerFrame(raw: string): ParseResult<ServerFrame> {
  const json = safeJson(raw);
  if (!json.ok) return json;
  const v = json.value as { type?: unknown } | null;
  const option = v !== null && typeof v === 'object' ? optionOf(SERVER_FRAME_SHAPE, v.type) : undefined;
  if (!option) return { ok: false, code: 'PARLEY_ERR_UNKNOWN_TYPE', detail: 'unknown server frame' };
  const bad = misfit(option, v);
  if (bad) return { ok: false, code: 'PARLEY_ERR_BAD_FRAME', detail: `${bad}: invalid` };
  return { ok: true, value: v as ServerFrame };
}
